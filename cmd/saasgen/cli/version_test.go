package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/saasgen/saasgen/generator"
)

func TestBuildCommit(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	const rev = "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"built in a checkout", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs", "git", "vcs.revision", rev, "vcs.modified", "false")}, true, rev},
		{"built in a checkout with edits", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", rev, "vcs.modified", "true")}, true, rev + " with uncommitted changes"},
		{"go install @v0.1.0", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.0"}}, true, "tagged v0.1.0"},
		{"go install @commit", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.1-0.20260101120000-0123456789ab"}}, true, "0123456789ab (module version v0.1.1-0.20260101120000-0123456789ab)"},
		{"go build -buildvcs=false", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "unknown (built without version control information"},
		{"no build information", nil, false, "unknown (this binary carries no build information)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := buildCommit(tc.info, tc.ok); !strings.HasPrefix(got, tc.want) {
				t.Errorf("buildCommit = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestVersionFromACheckout builds saasgen the way make build does, in a git
// repository holding this working tree's sources, and holds `saasgen
// version` to the commit git names there: what the go command records is
// what is printed. (A fresh repository rather than this one: the go command
// stamps only repositories whose .git is a directory, not worktrees.)
func TestVersionFromACheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds saasgen in a scratch git repository; run without -short")
	}
	repo := t.TempDir()
	for _, p := range []string{"go.mod", "go.sum", "Makefile", "cmd", "generator", "blueprints", "templates"} {
		if out, err := exec.Command("cp", "-R", filepath.Join("..", "..", "..", p), filepath.Join(repo, p)).CombinedOutput(); err != nil {
			t.Fatalf("copy %s: %v\n%s", p, err, out)
		}
	}
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=saasgen test", "-c", "user.email=test@saasgen.invalid"}, args...)...)
		cmd.Dir = repo
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "--quiet")
	git("add", ".")
	git("commit", "--quiet", "--message", "snapshot")
	head := git("rev-parse", "HEAD")
	version := func() string {
		t.Helper()
		build := exec.Command("make", "build")
		build.Dir = repo
		build.Env = append(os.Environ(), "GOFLAGS=-buildvcs=auto", "GOWORK=off")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("make build: %v\n%s", err, out)
		}
		out, err := exec.Command(filepath.Join(repo, "bin", "saasgen"), "version").Output()
		if err != nil {
			t.Fatalf("saasgen version: %v", err)
		}
		return string(out)
	}
	if got, want := version(), "saasgen "+generator.Version+"\ncommit "+head+"\n"; got != want {
		t.Errorf("saasgen version printed\n%s\nwant\n%s", got, want)
	}
	if err := os.WriteFile(filepath.Join(repo, "Makefile"), []byte("# edited\nbuild:\n\tgo build -o bin/saasgen ./cmd/saasgen\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := version(), "commit "+head+" with uncommitted changes\n"; !strings.HasSuffix(got, want) {
		t.Errorf("after an edit, saasgen version printed\n%s\nwant it to end in %q", got, want)
	}
}
