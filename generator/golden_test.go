package generator

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/pmezard/go-difflib/difflib"
)

var update = flag.Bool("update", false, "rewrite the golden trees under testdata/golden")

const goldenRoot = "../testdata/golden"

// TestGolden compares every preset's generated tree with testdata/golden.
// Run `go test ./generator -run Golden -update` to rewrite them, then read
// the diff.
func TestGolden(t *testing.T) {
	for _, p := range presets {
		t.Run(p.name, func(t *testing.T) {
			pl := presetPlan(t, p.name)
			dir := filepath.Join(goldenRoot, p.name)
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				for _, f := range pl.Files {
					if err := writeFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			want := map[string][]byte{}
			err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(dir, p)
				data, err := os.ReadFile(p)
				want[filepath.ToSlash(rel)] = data
				return err
			})
			if err != nil {
				t.Fatalf("%v (run go test ./generator -run Golden -update)", err)
			}
			for _, f := range pl.Files {
				w, ok := want[f.Path]
				if !ok {
					t.Errorf("%s: generated but not in the golden tree", f.Path)
					continue
				}
				delete(want, f.Path)
				if !bytes.Equal(w, f.Data) {
					t.Errorf("%s differs from the golden file:\n%s", f.Path, unifiedDiff(f.Path, w, f.Data))
				}
			}
			for p := range want {
				t.Errorf("%s: in the golden tree but no longer generated", p)
			}
			if t.Failed() {
				t.Log("if the change is intended: go test ./generator -run Golden -update, then review git diff testdata/golden")
			}
		})
	}
}

// TestDeterministic generates each preset twice and requires identical bytes.
func TestDeterministic(t *testing.T) {
	for _, p := range presets {
		a, b := presetPlan(t, p.name), presetPlan(t, p.name)
		if len(a.Files) != len(b.Files) {
			t.Fatalf("%s: %d files then %d", p.name, len(a.Files), len(b.Files))
		}
		for i := range a.Files {
			if a.Files[i].Path != b.Files[i].Path || !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
				t.Errorf("%s: %s differs between two generations", p.name, a.Files[i].Path)
			}
		}
	}
}

// unifiedDiff shows how got differs from want.
func unifiedDiff(name string, want, got []byte) string {
	d, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(want)), B: difflib.SplitLines(string(got)),
		FromFile: "golden/" + name, ToFile: "generated/" + name, Context: 2,
	})
	return d
}
