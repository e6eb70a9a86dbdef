package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEndToEnd writes each preset to disk and holds the generated project to
// what a user will do with it: build, vet, a clean `go mod tidy -diff`, no
// sqlc drift, and its own test suite against the PostgreSQL and Redis named
// by TEST_DATABASE_URL and TEST_REDIS_URL (local defaults otherwise).
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end tests build and test every preset; run without -short")
	}
	for _, p := range presets {
		t.Run(p.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), p.name)
			writePreset(t, p.name, dir)
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

func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	return goCmdEnv(t, dir, nil, args...)
}

// goCmdEnv runs go as goCmd does, with env added to its environment.
func goCmdEnv(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off", "GOFLAGS=-buildvcs=false"), env...)
	out, err := cmd.CombinedOutput()
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
	out := goCmdEnv(t, dir, []string{"TEST_REDIS_URL=redis://" + redis + "/0"}, "test", "-count=1", "./...")
	if left := keysWithoutTTL(t, redis); len(left) > 0 {
		t.Errorf("the generated tests left %d Redis keys without a TTL, for example %q", len(left), left[:min(len(left), 10)])
	}
	return out
}
