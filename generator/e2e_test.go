package generator

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestEndToEnd writes each preset to disk and holds the generated project to
// what a user will do with it: build, vet, a clean `go mod tidy -diff`, no
// sqlc drift, and its own test suite against the PostgreSQL and Redis named
// by TEST_DATABASE_URL and TEST_REDIS_URL (local defaults otherwise).
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end tests build and test every preset; run without -short")
	}
	t.Parallel() // its presets share the slots with the other end-to-end tests
	for _, p := range presets {
		t.Run(p.name, func(t *testing.T) {
			endToEnd(t)
			dir := filepath.Join(t.TempDir(), p.name)
			writePreset(t, p.name, dir)
			if sharedPresets[p.name] {
				compilePreset(t, p.name, dir)
			}
			out := buildAndTest(t, dir)
			if n := strings.Count("\n"+out, "\nok  \t"); n < 3 {
				t.Fatalf("the generated project ran %d test packages, want at least 3:\n%s", n, out)
			}
		})
	}
}

// writePreset writes a preset into dir the way a user gets it: `saasgen
// new` without resources, then one `saasgen add resource` per resource
// (AddResource and Write are what the command runs), with check clean
// after each.
func writePreset(t testing.TB, name, dir string) {
	t.Helper()
	var spec Spec
	for _, p := range presets {
		if p.name == name {
			spec = p.spec()
		}
	}
	writeSpec(t, spec, dir)
}

// writeSpec writes spec into dir as writePreset does.
func writeSpec(t testing.TB, spec Spec, dir string) {
	t.Helper()
	spec.Normalize()
	resources := spec.Resources
	spec.Resources = nil
	pl, err := Generate(spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(pl, dir); err != nil {
		t.Fatal(err)
	}
	for _, r := range resources {
		a, err := AddResource(dir, r.Name, r.Fields)
		if err != nil {
			t.Fatalf("add resource %s: %v", r.Name, err)
		}
		if err := a.Write(dir); err != nil {
			t.Fatal(err)
		}
		d, err := Check(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !d.Clean() {
			t.Fatalf("check after adding %s: drift\n%s", r.Name, d.Diff())
		}
	}
}

// endToEnd marks t as an end-to-end test: skipped with -short, and
// otherwise run in parallel with the other end-to-end tests, at most
// e2eSlots at a time: SAASGEN_E2E_PARALLEL, by default 1. Each writes its
// own project, runs its suite against a database and a redis-server of its
// own, and PostgreSQL roles are created idempotently, so they are
// independent, and much of their time is spent waiting on PostgreSQL,
// Redis and the generated tests' timers. The go commands of each then get
// an equal share of the cores (-p, goEnv), so that the machine runs as
// many compilers and test binaries at once as with one slot. Two slots are
// not the default yet, for want of a run on an unloaded machine: on a
// two-core machine at load average 45, minimal and ratelimit side by side
// (before the -p share) took 43 min where one at a time took over 35 min
// for ratelimit alone, at the same CPU per test (3.5 min in go commands);
// both ways the generated Argon2 timing test failed under that load.
//
// The first call compiles the dependencies once (warmBuildCache), before
// any two tests would compile them side by side. Every go command a test
// runs through goCmd, goCmdEnv or goRun adds its CPU time to the test's,
// logged when the test ends (go test -v).
//
// A test that swaps the templates (newerTemplates) changes them for every
// test running beside it: it must not call endToEnd, and newerTemplates
// fails if it does.
func endToEnd(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end: builds and tests a generated project; run without -short")
	}
	if err := warmBuildCache(); err != nil {
		t.Fatal(err)
	}
	t.Parallel()
	queued := time.Now()
	e2eSlots <- struct{}{}
	start := time.Now()
	cpu := new(atomic.Int64)
	childCPU.Store(t.Name(), cpu)
	t.Cleanup(func() {
		<-e2eSlots
		childCPU.Delete(t.Name())
		t.Logf("end to end: %s waiting for a slot, %s running, %s CPU in go commands",
			start.Sub(queued).Round(time.Second), time.Since(start).Round(time.Second), time.Duration(cpu.Load()).Round(time.Second))
	})
}

// e2eSlots bounds the end-to-end tests running at once (endToEnd).
var e2eSlots = make(chan struct{}, e2eParallel())

func e2eParallel() int {
	if n, err := strconv.Atoi(os.Getenv("SAASGEN_E2E_PARALLEL")); err == nil && n > 0 {
		return n
	}
	return 1
}

// childCPU is the CPU time (user and system, in ns) of the go commands each
// running end-to-end test started, by test name.
var childCPU sync.Map

// addChildCPU adds the CPU time of a finished command (its own and that of
// the processes it waited for: compilers, linkers, test binaries) to the
// running end-to-end test t is, or is a subtest of.
func addChildCPU(t testing.TB, ps *os.ProcessState) {
	if ps == nil {
		return
	}
	for name := t.Name(); ; {
		if c, ok := childCPU.Load(name); ok {
			c.(*atomic.Int64).Add(int64(ps.UserTime() + ps.SystemTime()))
			return
		}
		i := strings.LastIndexByte(name, '/')
		if i < 0 {
			return
		}
		name = name[:i]
	}
}

// warmBuildCache compiles, once per test binary, every package that a
// project with every module (and the default provider, the one with a
// module of its own) imports and that is not its own: the dependencies and
// the standard library, for its tests too. Two end-to-end tests starting
// side by side on a cold build cache would each compile all of them; the
// project's own packages differ per test and are left to it. On a warm
// cache it is a few seconds of cache hits.
var warmBuildCache = sync.OnceValue(func() error {
	root, err := os.MkdirTemp("", "saasgen-e2e-warm-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)
	spec := DefaultSpec("warm")
	spec.Normalize()
	pl, err := Generate(spec)
	if err != nil {
		return fmt.Errorf("warm the build cache: %w", err)
	}
	dir := filepath.Join(root, "warm")
	if err := Write(pl, dir); err != nil {
		return err
	}
	list := exec.Command("go", "list", "-deps", "-test", "-f", "{{if not (and .Module .Module.Main)}}{{.ImportPath}}{{end}}", "./...")
	alone := e2eEnv() // before the slots: every core
	list.Dir, list.Env = dir, alone
	out, err := list.Output()
	if err != nil {
		return fmt.Errorf("warm the build cache: go list: %w\n%s", err, exitStderr(err))
	}
	var pkgs []string
	for _, p := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		// Not the test variants ("p [q.test]") nor the test mains.
		if p != "" && !strings.Contains(p, " ") && !strings.HasSuffix(p, ".test") {
			pkgs = append(pkgs, p)
		}
	}
	build := exec.Command("go", append([]string{"build"}, pkgs...)...)
	build.Dir, build.Env = dir, alone
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("warm the build cache: go build: %w\n%s", err, out)
	}
	return nil
})

func exitStderr(err error) []byte {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.Stderr
	}
	return nil
}

// e2eEnv is the environment of the commands the end-to-end tests run in a
// generated project: this process's, outside any workspace, with env
// added. -trimpath keeps the project's folder out of the build cache's
// keys, so that two tests writing the same project in two temporary
// folders share its compiled packages (compilePreset).
func e2eEnv(env ...string) []string {
	return append(append(os.Environ(), "GOWORK=off", "GOFLAGS="+e2eGoFlags), env...)
}

const e2eGoFlags = "-buildvcs=false -trimpath"

// goEnv is e2eEnv for the go commands of a test holding a slot: with more
// than one slot each gets its share of the cores (go's -p: the packages
// built and tested at once).
func goEnv(env []string) []string {
	flags := "GOFLAGS=" + e2eGoFlags
	if n := cap(e2eSlots); n > 1 {
		flags += " -p=" + strconv.Itoa(max(1, runtime.GOMAXPROCS(0)/n))
	}
	return append(e2eEnv(flags), env...)
}

// sharedPresets are the presets that end-to-end tests besides TestEndToEnd
// also write: TestEndToEndPgBouncer, TestEndToEndReplicaAndFaults and
// TestEndToEndOwnModule the minimal one, TestEndToEndRedisCluster the
// paddle one.
var sharedPresets = map[string]bool{"minimal": true, "paddle": true}

// presetCompiled holds a *sync.Once by preset name (compilePreset).
var presetCompiled sync.Map

// compilePreset compiles the preset name, written by writePreset in dir,
// with its tests, once per test binary: the first test of that preset to
// call it compiles, the others wait for it and then find every package in
// the build cache, rather than compile the same packages beside it (the
// cache keys do not name the folder: e2eEnv). The test binaries it links
// are thrown away; the go commands after it link their own.
func compilePreset(t *testing.T, name, dir string) {
	t.Helper()
	once, _ := presetCompiled.LoadOrStore(name, new(sync.Once))
	once.(*sync.Once).Do(func() {
		goCmd(t, dir, "test", "-c", "-o", os.DevNull, "-vet=off", "./...")
	})
}

func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	return goCmdEnv(t, dir, nil, args...)
}

// goCmdEnv runs go as goCmd does, with env added to its environment.
func goCmdEnv(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = goEnv(env)
	out, err := cmd.CombinedOutput()
	addChildCPU(t, cmd.ProcessState)
	if err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}

// buildAndTest holds the project in dir to what a user does with it:
// build, vet, a clean `go mod tidy -diff`, no sqlc drift, and its own
// test suite. It returns the tests' output.
func buildAndTest(t *testing.T, dir string) string {
	t.Helper()
	goCmd(t, dir, "build", "./...")
	goCmd(t, dir, "vet", "./...")
	goCmd(t, dir, "mod", "tidy", "-diff")
	// sqlc exits the process on drift, after printing the diff.
	if code := runSQLCCommand([]string{"diff", "-f", filepath.Join(dir, "sqlc.yaml")}); code != 0 {
		t.Fatalf("sqlc diff: the generated sqlc output is stale (exit %d)", code)
	}
	// Against a Redis of its own, so that what the suite leaves there can
	// be counted: nothing may stay that never expires.
	redis := e2eRedis(t)
	// vet ran above, with every analyzer: not again the few go test runs.
	out := goCmdEnv(t, dir, []string{"TEST_REDIS_URL=redis://" + redis + "/0"}, "test", "-count=1", "-vet=off", "./...")
	if left := keysWithoutTTL(t, redis); len(left) > 0 {
		t.Errorf("the generated tests left %d Redis keys without a TTL, for example %q", len(left), left[:min(len(left), 10)])
	}
	return out
}
