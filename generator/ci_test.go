package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

// saasgenModule is this repository's module path.
const saasgenModule = "github.com/saasgen/saasgen"

// TestCICheckStepInstallsAndChecks runs the generated workflow's saasgen
// check step as a runner does, in every golden project: it reads the
// version from saasgen.yaml, go installs saasgen at that version with
// CGO_ENABLED=0, and checks. The module proxy is a directory holding this
// checkout as saasgen v{Version}, in front of the local module cache, so
// nothing comes from the network. Every golden must be clean: the
// WebAssembly parser the step builds sqlc with generates what the cgo
// parser generated the goldens with.
func TestCICheckStepInstallsAndChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds saasgen without cgo and checks every golden project; run without -short")
	}
	proxy := t.TempDir()
	writeProxyModule(t, proxy, "..", saasgenModule, "v"+Version)
	sharedModCache := strings.TrimSpace(string(goOutput(t, "env", "GOMODCACHE")))
	// The step builds without cgo, so sqlc takes its WebAssembly parser,
	// whose module a cgo build of saasgen never fetches: bring every module
	// of that build into the shared cache first, from the usual proxy.
	list := exec.Command("go", "list", "-deps", "./cmd/saasgen")
	list.Dir = ".."
	list.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := list.CombinedOutput(); err != nil {
		t.Fatalf("fetching the modules of a build without cgo: %v\n%s", err, out)
	}
	runnerTemp := t.TempDir()
	env := append(os.Environ(),
		"RUNNER_TEMP="+runnerTemp,
		"GOPROXY=file://"+filepath.ToSlash(proxy)+",file://"+filepath.ToSlash(filepath.Join(sharedModCache, "cache", "download")),
		// This checkout is not the published release, and the rest comes
		// from the local cache, verified when it was first downloaded.
		"GOSUMDB=off",
		"GOMODCACHE="+t.TempDir(), // so the checkout never lands in the shared cache as a release
		// Module sources sit in a fresh directory each run; -trimpath keeps
		// their compiled packages in the build cache across runs.
		"GOFLAGS=-modcacherw -trimpath",
		"GOWORK=off",
	)
	goldens, err := filepath.Glob(filepath.Join("..", "testdata", "golden", "*"))
	if err != nil || len(goldens) == 0 {
		t.Fatalf("no golden projects (%v)", err)
	}
	for _, dir := range goldens {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			ci, err := os.ReadFile(filepath.Join(dir, ".github", "workflows", "ci.yml"))
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("bash", githubBash(ciCheckStep(t, string(ci)))...)
			cmd.Dir = dir
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("the saasgen check step failed: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), "no drift: all ") {
				t.Errorf("the saasgen check step printed\n%s\nwant no drift", out)
			}
		})
	}
	// What it installed is a go install ...@VERSION, and says so.
	out, err := exec.Command(filepath.Join(runnerTemp, "saasgen", "saasgen"), "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "saasgen " + Version + "\ncommit tagged v" + Version + "\n"; string(out) != want {
		t.Errorf("the installed saasgen version printed\n%s\nwant\n%s", out, want)
	}
}

// writeProxyModule writes the module in dir to a GOPROXY directory as
// path@version, the way a proxy serves a release: a zip of the module's
// files (nested modules such as the goldens left out), its go.mod, and
// its info.
func writeProxyModule(t *testing.T, proxy, dir, path, version string) {
	t.Helper()
	esc, err := module.EscapePath(path)
	if err != nil {
		t.Fatal(err)
	}
	v := filepath.Join(proxy, filepath.FromSlash(esc), "@v")
	if err := os.MkdirAll(v, 0o755); err != nil {
		t.Fatal(err)
	}
	zf, err := os.Create(filepath.Join(v, version+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zf.Close()
	if err := modzip.CreateFromDir(zf, module.Version{Path: path, Version: version}, dir); err != nil {
		t.Fatalf("zip %s as %s@%s: %v", dir, path, version, err)
	}
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		version + ".mod":  string(gomod),
		version + ".info": `{"Version":"` + version + `","Time":"2026-01-01T00:00:00Z"}`,
		"list":            version + "\n",
	} {
		if err := os.WriteFile(filepath.Join(v, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func goOutput(t *testing.T, args ...string) []byte {
	t.Helper()
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		t.Fatalf("go %s: %v", strings.Join(args, " "), err)
	}
	return out
}
