package generator

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// defaultPlan is the default preset, generated once for every check test.
var defaultPlan = sync.OnceValues(func() (*Plan, error) {
	s := DefaultSpec("demo")
	s.ModulePath = "github.com/acme/demo"
	s.Normalize()
	return Generate(s)
})

// writeProject writes the default preset into a fresh directory.
func writeProject(t testing.TB) string {
	t.Helper()
	pl, err := defaultPlan()
	return writePlan(t, pl, err)
}

// writePlan writes pl (err is Generate's) into a fresh directory "demo".
func writePlan(t testing.TB, pl *Plan, err error) string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "demo")
	if err := Write(pl, dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func put(t testing.TB, dir, p, data string) {
	t.Helper()
	if err := writeFile(filepath.Join(dir, filepath.FromSlash(p)), []byte(data)); err != nil {
		t.Fatal(err)
	}
}

func mustCheck(t testing.TB, dir string) *Drift {
	t.Helper()
	d, err := Check(dir)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCheckClean(t *testing.T) {
	dir := writeProject(t)
	d := mustCheck(t, dir)
	if !d.Clean() || len(d.Notes) > 0 {
		t.Fatalf("fresh project: drift %v, notes %q", d.Files, d.Notes)
	}
	pl, _ := defaultPlan()
	owned := 0
	for _, f := range pl.Files {
		if f.Owned {
			owned++
		}
	}
	if d.Checked != owned || owned == 0 {
		t.Errorf("checked %d files, the plan owns %d", d.Checked, owned)
	}
}

// TestCheckOrphans covers what counts as an orphan: files that look
// saasgen's by their header and that saasgen does not generate. Everything
// else on disk is the user's. (A migration is not an orphan but migration
// drift: TestCheckMigrationDrift.)
func TestCheckOrphans(t *testing.T) {
	goHdr := "// " + generatedBy + "\n\npackage x\n"
	sqlcHdr := sqlcGeneratedBy + "\n// versions:\n//   sqlc v1.31.1\n\npackage tenantsdb\n"
	cases := []struct {
		path, data string
		orphan     bool
	}{
		{"internal/old/old.go", goHdr, true},
		{".github/workflows/extra.yml", "# " + generatedBy + "\non: push\n", true},
		{"internal/tenants/tenantsdb/removed.sql.go", sqlcHdr, true},
		// a header below a build constraint still counts
		{"internal/old/tagged.go", "//go:build ignore\n\n// " + generatedBy + "\n\npackage x\n", true},
		// sqlc output outside the directories saasgen configures is the
		// user's own sqlc run
		{"internal/reports/reportsdb/db.go", sqlcHdr, false},
		// no header: the user's own code
		{"internal/mine/mine.go", "package mine\n", false},
		// the header must be the whole line, not a mention
		{"internal/mine/doc.go", "// Files saying \"" + generatedBy + "\" are regenerated.\npackage mine\n", false},
		// user-owned paths, even holding a copy of an owned file
		{"docs/notes.go", goHdr, false},
		{"README.md", "# " + generatedBy + "\n", false},
		// tool and dependency directories are never walked
		{"vendor/example.com/x/x.go", goHdr, false},
		{"node_modules/x/x.go", goHdr, false},
		{"bin/x.go", goHdr, false},
		{".git/x.go", goHdr, false},
		{".cache/x.go", goHdr, false},
	}
	dir := writeProject(t)
	var want []string
	for _, c := range cases {
		put(t, dir, c.path, c.data)
		if c.orphan {
			want = append(want, c.path)
		}
	}
	// A symlink to an owned file is not a generated file.
	if err := os.Symlink("health.go", filepath.Join(dir, "internal/platform/health/link.go")); err != nil {
		t.Fatal(err)
	}
	d := mustCheck(t, dir)
	slices.Sort(want)
	if got := d.Paths(Orphaned); !slices.Equal(got, want) {
		t.Errorf("orphans:\n got %q\nwant %q", got, want)
	}
	if len(d.Paths(Changed))+len(d.Paths(Missing)) > 0 {
		t.Errorf("changed %q, missing %q; want none", d.Paths(Changed), d.Paths(Missing))
	}
	for _, f := range d.Files {
		if !strings.HasPrefix(f.Diff, "diff --git a/"+f.Path+" b/"+f.Path+"\ndeleted file mode 100644\n--- a/"+f.Path+"\n+++ /dev/null\n@@ -1,") {
			t.Errorf("%s: orphan diff does not delete the file:\n%s", f.Path, f.Diff)
		}
	}
}

// Migrations are history: check reports one that differs, or that it no
// longer generates, as its own class and keeps it out of the patch; a
// missing one is restored by the patch as any owned file.
func TestCheckMigrationDrift(t *testing.T) {
	dir := writeProject(t)
	pl, _ := defaultPlan()
	f, _ := pl.Lookup("db/migrations/00010_tenants.sql")
	put(t, dir, f.Path, string(f.Data)+"-- edited\n")
	put(t, dir, "db/migrations/00099_dropped.sql", "-- "+generatedBy+"\n-- +goose Up\n")
	if err := os.Remove(filepath.Join(dir, "db/migrations/00020_auth.sql")); err != nil {
		t.Fatal(err)
	}
	d := mustCheck(t, dir)
	if got := d.Paths(MigrationDrift); !slices.Equal(got, []string{"db/migrations/00010_tenants.sql", "db/migrations/00099_dropped.sql"}) {
		t.Errorf("migration drift %q", got)
	}
	if got := d.Paths(Missing); !slices.Equal(got, []string{"db/migrations/00020_auth.sql"}) {
		t.Errorf("missing %q", got)
	}
	if len(d.Paths(Changed))+len(d.Paths(Orphaned)) > 0 || d.Clean() {
		t.Errorf("changed %q, orphaned %q, clean %v", d.Paths(Changed), d.Paths(Orphaned), d.Clean())
	}
	if p := d.Diff(); strings.Contains(p, "00010_tenants") || strings.Contains(p, "00099_dropped") || !strings.Contains(p, "+++ b/db/migrations/00020_auth.sql") {
		t.Errorf("the patch must restore the missing migration and leave the others alone:\n%s", p)
	}
	for _, fd := range d.Files {
		if fd.Kind == MigrationDrift && (fd.Diff != "" || fd.Reason == "") {
			t.Errorf("%s: diff %q, reason %q", fd.Path, fd.Diff, fd.Reason)
		}
	}
}

func TestCheckChangedAndMissing(t *testing.T) {
	dir := writeProject(t)
	pl, _ := defaultPlan()
	var owned []string
	for _, f := range pl.Files {
		if f.Owned && strings.HasSuffix(f.Path, ".go") {
			owned = append(owned, f.Path)
		}
	}
	changed, missing := owned[0], owned[1]
	f, _ := pl.Lookup(changed)
	put(t, dir, changed, string(f.Data)+"// hand edit\n")
	if err := os.Remove(filepath.Join(dir, missing)); err != nil {
		t.Fatal(err)
	}
	// User-owned files are the user's to change or delete.
	put(t, dir, "README.md", "mine\n")
	put(t, dir, "go.mod", "module mine\n")
	if err := os.Remove(filepath.Join(dir, "Makefile")); err != nil {
		t.Fatal(err)
	}
	d := mustCheck(t, dir)
	if got := d.Paths(Changed); !slices.Equal(got, []string{changed}) {
		t.Errorf("changed = %q, want %q", got, changed)
	}
	if got := d.Paths(Missing); !slices.Equal(got, []string{missing}) {
		t.Errorf("missing = %q, want %q", got, missing)
	}
	if !strings.Contains(d.Diff(), "\n-// hand edit\n") {
		t.Errorf("diff does not remove the hand edit:\n%s", d.Diff())
	}
}

// TestFileDiff pins the patch format: git's headers, paths under a/ and b/,
// /dev/null for creations and deletions, and the marker for a missing final
// newline.
func TestFileDiff(t *testing.T) {
	cases := []struct {
		name string
		kind DriftKind
		a, b string
		mode os.FileMode
		want string
	}{
		{"changed", Changed, "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n", 0, `diff --git a/x/f.go b/x/f.go
--- a/x/f.go
+++ b/x/f.go
@@ -2,7 +2,7 @@
 2
 3
 4
-5
+five
 6
 7
 8
`},
		{"missing", Missing, "", "a\nb\n", 0o644, `diff --git a/x/f.go b/x/f.go
new file mode 100644
--- /dev/null
+++ b/x/f.go
@@ -0,0 +1,2 @@
+a
+b
`},
		{"orphaned", Orphaned, "a\n", "", 0o755, `diff --git a/x/f.go b/x/f.go
deleted file mode 100755
--- a/x/f.go
+++ /dev/null
@@ -1 +0,0 @@
-a
`},
		{"no final newline", Changed, "a\nb", "a\nb\n", 0, `diff --git a/x/f.go b/x/f.go
--- a/x/f.go
+++ b/x/f.go
@@ -1,2 +1,2 @@
 a
-b
\ No newline at end of file
+b
`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var a, b []byte
			if c.a != "" {
				a = []byte(c.a)
			}
			if c.b != "" {
				b = []byte(c.b)
			}
			if got := fileDiff("x/f.go", c.kind, a, b, c.mode); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

func TestCheckManifest(t *testing.T) {
	t.Run("absent", func(t *testing.T) {
		_, err := Check(t.TempDir())
		if !errors.As(err, new(ManifestError)) || !strings.Contains(err.Error(), "has no saasgen.yaml") {
			t.Errorf("err = %v, want a ManifestError naming saasgen.yaml", err)
		}
	})
	t.Run("no such directory", func(t *testing.T) {
		_, err := Check(filepath.Join(t.TempDir(), "nope"))
		if !errors.As(err, new(ManifestError)) || !strings.Contains(err.Error(), "is not a directory") {
			t.Errorf("err = %v, want a ManifestError", err)
		}
	})
	for name, data := range map[string]string{
		"not yaml":      "name: [demo\n",
		"unknown field": "saasgen: 0.1.0\nname: demo\nfavourite: blue\n",
		"empty":         "",
		"invalid spec":  "saasgen: 0.1.0\nname: Demo\nmodule: demo\nplans: []\npayments: none\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			put(t, dir, ManifestName, data)
			_, err := Check(dir)
			if !errors.As(err, new(ManifestError)) || !strings.Contains(err.Error(), ManifestName) {
				t.Errorf("err = %v, want a ManifestError naming saasgen.yaml", err)
			}
		})
	}
	t.Run("other version", func(t *testing.T) {
		dir := writeProject(t)
		m, err := os.ReadFile(filepath.Join(dir, ManifestName))
		if err != nil {
			t.Fatal(err)
		}
		put(t, dir, ManifestName, strings.Replace(string(m), "saasgen: "+Version, "saasgen: 0.0.9", 1))
		d := mustCheck(t, dir)
		if !d.Clean() || d.ManifestVersion != "0.0.9" || len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "saasgen 0.0.9") {
			t.Errorf("clean %v, version %q, notes %q; want clean with one note naming 0.0.9", d.Clean(), d.ManifestVersion, d.Notes)
		}
	})
}

// BenchmarkCheck checks a freshly generated default project: regenerate in
// memory, read every owned file, walk the tree for orphans.
func BenchmarkCheck(b *testing.B) {
	benchCheck(b, writeProject(b))
}

// benchCheck checks the fresh project in dir, which must be clean.
func benchCheck(b *testing.B, dir string) {
	for b.Loop() {
		d, err := Check(dir)
		if err != nil {
			b.Fatal(err)
		}
		if !d.Clean() {
			b.Fatal("fresh project drifted")
		}
	}
}
