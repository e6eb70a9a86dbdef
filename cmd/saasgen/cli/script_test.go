package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/saasgen/saasgen/generator"
)

// update rewrites the expected output files of the scripts (the second
// argument of a failing cmp), as `go test ./... -update` does for goldens.
var update = flag.Bool("update", false, "rewrite testscript cmp targets")

// TestMain makes the test binary double as the saasgen command: testscript
// copies it into $PATH as "saasgen", and a script line `saasgen new demo`
// runs it as a real process whose exit code is what cli.Run returned.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"saasgen": func() {
			os.Exit(Run(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs every CLI behaviour under testdata/script, one txtar file
// per behaviour. Besides the built-in commands, scripts may use:
//
//	exitcode N command [args...]  run command and require exit code N exactly
//	unchanged                     require the work directory to hold exactly
//	                              the files the archive unpacked (or the last
//	                              snapshot took), unmodified
//	snapshot                      take the work directory as it is now for
//	                              unchanged to compare with
//	release NAME DIR              copy the project of a released saasgen,
//	                              testdata/upgrade/NAME (0.1.0/stripe), to DIR;
//	                              $NEW_MIGRATIONS is then the list upgrade
//	                              prints of the migrations it places (as a
//	                              regexp) and $NEW_MIGRATION_LAST the last
//	                              one's path
//
// git in a script commits as a test user, whatever the machine's git
// configuration says.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                filepath.Join("..", "..", "..", "testdata", "script"),
		RequireUniqueNames: true,
		UpdateScripts:      *update,
		Setup: func(e *testscript.Env) error {
			for k, v := range goEnv(e.T().Log) {
				e.Setenv(k, v)
			}
			for k, v := range map[string]string{"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.DevNull,
				"GIT_AUTHOR_NAME": "Team", "GIT_AUTHOR_EMAIL": "team@example.com", "GIT_COMMITTER_NAME": "Team", "GIT_COMMITTER_EMAIL": "team@example.com"} {
				e.Setenv(k, v)
			}
			snap, err := snapshot(e.WorkDir)
			if err != nil {
				return err
			}
			e.Values[snapshotKey{}] = snap
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":  cmdExitcode,
			"unchanged": cmdUnchanged,
			"snapshot":  cmdSnapshot,
			"release":   cmdRelease,
		},
	})
}

// goEnvNames are the settings a `go` command inside a script needs. testscript
// sets HOME=/no-home, so the defaults that derive from HOME (the build and
// module caches, GOPATH, the go env file) would break or start cold; passing
// the resolved values keeps scripts fast and offline-capable.
var goEnvNames = []string{
	"GOCACHE", "GOMODCACHE", "GOPATH", "GOFLAGS", "GOPROXY", "GOSUMDB",
	"GONOSUMDB", "GONOPROXY", "GOPRIVATE", "GOINSECURE", "GOTOOLCHAIN", "CGO_ENABLED",
}

var goEnvOnce = sync.OnceValues(func() (map[string]string, error) {
	out, err := exec.Command("go", append([]string{"env", "-json"}, goEnvNames...)...).Output()
	if err != nil {
		return nil, err
	}
	var m map[string]string
	err = json.Unmarshal(out, &m)
	return m, err
})

// goEnv returns the go settings to pass into scripts: the resolved `go env`
// values, or, without a go command, whatever the environment holds.
func goEnv(log func(...any)) map[string]string {
	m, err := goEnvOnce()
	if err != nil {
		log("go env failed (", err, "); passing the process environment instead")
		m = map[string]string{}
		for _, k := range goEnvNames {
			if v, ok := os.LookupEnv(k); ok {
				m[k] = v
			}
		}
	}
	return m
}

// cmdExitcode runs a command and checks its exact exit code, so a script can
// tell a usage error (2) from any other failure (1); `! saasgen` alone only
// says "not zero".
func cmdExitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("exitcode does not support !; state the code you expect")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exitcode N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %s did not run: %v", args[1], err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

type snapshotKey struct{}

// snapshot maps every path under dir (except testscript's own .tmp) to a
// description of what it is: "dir", or the file's mode and content.
func snapshot(dir string) (map[string]string, error) {
	snap := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || rel == "." {
			return err
		}
		if rel == ".tmp" {
			return fs.SkipDir
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			snap[rel] = "dir"
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			snap[rel] = "file " + strconv.Quote(string(data))
		default:
			snap[rel] = d.Type().String()
		}
		return nil
	})
	return snap, err
}

// cmdUnchanged fails if anything under $WORK was created, removed or changed
// since the archive was unpacked: a refused `saasgen new` must write nothing,
// not even a scratch directory, and must leave existing files alone.
func cmdUnchanged(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 0 {
		ts.Fatalf("usage: unchanged")
	}
	before, _ := ts.Value(snapshotKey{}).(map[string]string)
	if snap, ok := snapshots.Load(ts.Getenv("WORK")); ok {
		before = snap.(map[string]string)
	}
	now, err := snapshot(ts.Getenv("WORK"))
	ts.Check(err)
	var diffs []string
	for p, was := range before {
		switch is, ok := now[p]; {
		case !ok:
			diffs = append(diffs, "removed "+p)
		case is != was:
			diffs = append(diffs, "changed "+p)
		}
	}
	for p := range now {
		if _, ok := before[p]; !ok {
			diffs = append(diffs, "created "+p)
		}
	}
	if len(diffs) > 0 {
		slices.Sort(diffs)
		var b bytes.Buffer
		for _, d := range diffs {
			fmt.Fprintf(&b, "\n\t%s", d)
		}
		ts.Fatalf("the work directory changed:%s", strings.TrimRight(b.String(), "\n"))
	}
}

// cmdSnapshot takes the work directory as it is now for unchanged to
// compare with: a script that builds a project first can then show that a
// command left it alone.
func cmdSnapshot(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 0 {
		ts.Fatalf("usage: snapshot")
	}
	snap, err := snapshot(ts.Getenv("WORK"))
	ts.Check(err)
	snapshots.Store(ts.Getenv("WORK"), snap)
}

// snapshots holds the snapshot a script took last, by its work directory
// (testscript's values are set up before the script runs, and read-only
// after).
var snapshots sync.Map

// releases is where the projects of released saasgen versions are kept.
const releases = "../../../testdata/upgrade"

// cmdRelease copies a released project into the work directory.
func cmdRelease(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: release NAME DIR")
	}
	src, err := filepath.Abs(filepath.Join(releases, filepath.FromSlash(args[0])))
	ts.Check(err)
	dir := ts.MkAbs(args[1])
	ts.Check(os.CopyFS(dir, os.DirFS(src)))
	placed, err := newMigrations(dir)
	ts.Check(err)
	if len(placed) > 0 {
		ts.Setenv("NEW_MIGRATIONS", regexp.QuoteMeta(strings.Join(placed, ", ")))
		ts.Setenv("NEW_MIGRATION_LAST", placed[len(placed)-1])
	}
}

// newMigrations are the paths that upgrade gives the migrations of this
// saasgen's templates that the project in dir has no file of: in template
// order, numbered after its last migration (1001 at least). Derived from
// the templates, so that a new migration template does not break the
// scripts.
func newMigrations(dir string) ([]string, error) {
	m, err := generator.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	spec := m.Spec
	spec.Normalize()
	ms, err := generator.TemplateMigrations(spec)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(filepath.Join(dir, "db", "migrations"))
	if err != nil {
		return nil, err
	}
	have, next := map[string]bool{}, generator.ResourceMigrationBase
	for _, e := range entries {
		have[e.Name()] = true
		if v, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0]); err == nil && v >= next {
			next = v + 1
		}
	}
	var out []string
	for _, tm := range ms {
		if !have[tm.File(tm.Version)] {
			out = append(out, "db/migrations/"+tm.File(next))
			next++
		}
	}
	return out, nil
}
