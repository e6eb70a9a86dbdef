package generator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindRoot(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "internal", "app", "x")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ManifestName), []byte("name: demo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A directory that happens to be called saasgen.yaml is no manifest.
	if err := os.Mkdir(filepath.Join(root, "internal", ManifestName), 0o755); err != nil {
		t.Fatal(err)
	}
	// Through a symlink into the project, the walk goes up the physical
	// path, as git's does, so the answer is a path that .. really names.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(deep, link); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ cwd, start, want string }{
		{root, ".", "."},
		{root, "internal", "."},
		{filepath.Join(root, "internal"), ".", ".."},
		{deep, ".", "../../.."},
		{link, ".", "../../.."},
		{root, filepath.Join("internal", "app"), "."},
	} {
		t.Run(tc.cwd+" "+tc.start, func(t *testing.T) {
			t.Chdir(tc.cwd)
			got, err := FindRoot(tc.start)
			if err != nil || got != tc.want {
				t.Errorf("FindRoot(%q) in %s = %q, %v; want %q", tc.start, tc.cwd, got, err, tc.want)
			}
		})
	}

	outside, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(outside)
	_, err = FindRoot(".")
	var me ManifestError
	if !errors.As(err, &me) {
		t.Fatalf("FindRoot outside a project = %v, want a ManifestError", err)
	}
	for _, want := range []string{"no saasgen.yaml in " + outside + " or any directory above it", "(looked up to " + string(filepath.Separator) + ")", "pass --dir"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
