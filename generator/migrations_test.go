package generator

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Every template migration is named NNNNN_name.sql.tmpl, and its name is
// unique across the whole template tree: saasgen.yaml records a placed
// migration by that name, so two modules must never share one.
func TestTemplateMigrationNames(t *testing.T) {
	seen := map[string]string{}
	err := fs.WalkDir(templateFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Base(path.Dir(p)) != "migrations" || !strings.HasSuffix(p, ".sql"+tmplSuffix) {
			return err
		}
		if strings.HasPrefix(p, "resource/") {
			return nil // numbered by saasgen.yaml, not by the template tree
		}
		m := templateMigrationRE.FindStringSubmatch(path.Base(p))
		if m == nil {
			t.Errorf("%s: a template migration is named NNNNN_name.sql.tmpl (five digits, a lowercase snake_case name)", p)
			return nil
		}
		if prev, ok := seen[m[2]]; ok {
			t.Errorf("%s and %s have the same stable name %q; saasgen.yaml could not tell them apart: rename one", prev, p, m[2])
		}
		seen[m[2]] = p
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) < 5 {
		t.Fatalf("found %d template migrations; the walk is broken", len(seen))
	}
}

// TemplateMigrations lists exactly the migrations Generate writes (resource
// migrations aside) for every preset: its folder list is Generate's, and a
// migration template never renders empty.
func TestTemplateMigrationsMatchGenerate(t *testing.T) {
	for _, p := range presets {
		pl := presetPlan(t, p.name)
		var resourceFiles []string
		for _, r := range NewProject(pl.Spec).Resources {
			resourceFiles = append(resourceFiles, r.Migrations()...)
		}
		var got, want []string
		for _, f := range pl.Files {
			if isMigration(f.Path) && !slices.Contains(resourceFiles, path.Base(f.Path)) {
				want = append(want, path.Base(f.Path))
			}
		}
		ms, err := TemplateMigrations(pl.Spec)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			got = append(got, m.File(m.Version))
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: TemplateMigrations gives %v, Generate writes %v", p.name, got, want)
		}
	}
}

// A migration the project does not have is numbered after its last one
// (hand-written and resource migrations included), recorded in the spec,
// and rendered at that number; the ones it has keep theirs.
func TestPlaceMigrations(t *testing.T) {
	spec := presetPlan(t, "resources").Spec
	ms, err := TemplateMigrations(spec)
	if err != nil {
		t.Fatal(err)
	}
	// The project lacks the second template migration (a newer version
	// brought it) and has a hand-written one.
	var have []string
	for i, m := range ms {
		if i != 1 {
			have = append(have, m.File(m.Version))
		}
	}
	have = append(have, "01001_customers.sql", "01002_invoices.sql", "01003_categories.sql", "01007_backfill.sql")
	placed, got, err := PlaceMigrations(spec, have)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Name != ms[1].Name || got[0].Placed != 1008 || got[0].Path() != "db/migrations/01008_"+ms[1].Name+".sql" {
		t.Fatalf("placed %+v, want %s at 1008", got, ms[1].Name)
	}
	if len(placed.Migrations) != 1 || placed.Migrations[ms[1].Name] != 1008 || spec.Migrations != nil {
		t.Fatalf("spec records %v (the input %v)", placed.Migrations, spec.Migrations)
	}
	// Placing again changes nothing: the record counts as had.
	if again, more, _ := PlaceMigrations(placed, have); len(more) != 0 || again.Migrations[ms[1].Name] != 1008 {
		t.Fatalf("placing twice: %v %v", more, again.Migrations)
	}
	pl, err := Generate(placed)
	if err != nil {
		t.Fatal(err)
	}
	fresh := presetPlan(t, "resources")
	old, _ := fresh.Lookup("db/migrations/" + ms[1].File(ms[1].Version))
	moved, ok := pl.Lookup(got[0].Path())
	if !ok || !bytes.Equal(moved.Data, old.Data) {
		t.Fatalf("the placed migration is not rendered at %s with the template's content", got[0].Path())
	}
	if _, ok := pl.Lookup("db/migrations/" + ms[1].File(ms[1].Version)); ok {
		t.Fatal("the placed migration is still rendered at its template number")
	}
	sqlc, _ := pl.Lookup("sqlc.yaml")
	if !strings.Contains(string(sqlc.Data), got[0].Path()) {
		t.Fatalf("sqlc.yaml does not list %s:\n%s", got[0].Path(), sqlc.Data)
	}
	manifest, _ := pl.Lookup(ManifestName)
	if !strings.Contains(string(manifest.Data), "\nmigrations:\n  "+ms[1].Name+": 1008\n") {
		t.Fatalf("saasgen.yaml does not record the placement:\n%s", manifest.Data)
	}
}

// saasgen.yaml's placements are checked like the rest of it.
func TestMigrationPlacementProblems(t *testing.T) {
	spec := presetPlan(t, "resources").Spec
	spec.Migrations = map[string]int{"no_such_thing": 2000, "auth": 1002, "jobs": 0}
	err := spec.Validate()
	for _, want := range []string{
		`places migration "no_such_thing", which no module of the project has`,
		"places migration auth at 1002, the version of resource invoices",
		"places migration jobs at 0, out of range",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate: %v; want a problem %q", err, want)
		}
	}
}

// fixtureRoot holds real projects of released saasgen versions, as their
// goldens were at the release (see testdata/upgrade/README.md).
const fixtureRoot = "../testdata/upgrade"

// fixtures lists the released projects: "0.1.0/stripe" and so on.
func fixtures(t testing.TB) []string {
	t.Helper()
	var out []string
	versions, err := os.ReadDir(fixtureRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range versions {
		if !v.IsDir() {
			continue
		}
		projects, err := os.ReadDir(filepath.Join(fixtureRoot, v.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range projects {
			if p.IsDir() {
				out = append(out, v.Name()+"/"+p.Name())
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no released projects under " + fixtureRoot)
	}
	return out
}

// Released migrations are immutable: every migration of every released
// project is byte for byte what the current templates render for the same
// saasgen.yaml, at the same path (the migrations a newer version adds are
// placed after the project's, so they do not count). A template change
// that edits a released migration must become a new migration instead.
func TestReleasedMigrationsUnchanged(t *testing.T) {
	for _, fx := range fixtures(t) {
		t.Run(fx, func(t *testing.T) {
			dir := filepath.Join(fixtureRoot, fx)
			names, err := migrationNames(dir)
			if err != nil || len(names) == 0 {
				t.Fatalf("%s has no migrations (%v)", fx, err)
			}
			pl := newVersionOf(t, dir)
			for _, n := range names {
				released, err := os.ReadFile(filepath.Join(dir, "db", "migrations", n))
				if err != nil {
					t.Fatal(err)
				}
				f, ok := pl.Lookup("db/migrations/" + n)
				switch {
				case !ok:
					t.Errorf("db/migrations/%s, released in %s, is no longer generated: a released migration is history; bring it back", n, fx)
				case !bytes.Equal(f.Data, released):
					t.Errorf("db/migrations/%s, released in %s, is rendered differently now; a released migration is never edited: put the change in a new migration\n%s", n, fx, unifiedDiff(n, released, f.Data))
				}
			}
		})
	}
}

// newVersionOf is what this version writes for the project in dir: its
// saasgen.yaml, with the template migrations it lacks placed after its
// own.
func newVersionOf(t testing.TB, dir string) *Plan {
	t.Helper()
	spec, _, err := readSpec(dir)
	if err != nil {
		t.Fatal(err)
	}
	have, err := migrationNames(dir)
	if err != nil {
		t.Fatal(err)
	}
	placed, _, err := PlaceMigrations(spec, have)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := Generate(placed)
	if err != nil {
		t.Fatal(err)
	}
	return pl
}
