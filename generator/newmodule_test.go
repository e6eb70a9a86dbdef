package generator

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/saasgen/saasgen/blueprints"
)

// TestNewModuleIsItsRowAndFolder adds a module saasgen does not have,
// notes, as a new module is added: one row in blueprints.Modules and one
// template folder (testdata/newmodule/notes, laid over the embedded
// templates). Nothing else changes, and the project has the module: its
// migration, its sqlc entry and package, its permissions in the rbac
// catalog, its routes mounted, its table in the cross-tenant tests; it
// builds and vets.
func TestNewModuleIsItsRowAndFolder(t *testing.T) {
	files := map[string]string{}
	root := "../testdata/newmodule"
	err := filepath.WalkDir(filepath.Join(root, "notes"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	row := blueprints.Module{Name: "notes", Summary: "a tenant's notes", Available: true, Templates: "notes",
		Tables:      []string{"notes"},
		Permissions: []blueprints.Permission{{Name: "notes:read", Summary: "read the notes", Role: "viewer"}}}
	was := blueprints.Modules
	blueprints.Modules = append(slices.Clone(was), row)
	t.Cleanup(func() { blueprints.Modules = was })
	newerTemplates(t, files)

	spec := Spec{Name: "demo", ModulePath: "example.com/demo", Modules: []string{"tenants", "auth", "notes"}, Plans: []string{"free", "pro"}, Payments: "none"}
	spec.Normalize()
	if err := spec.Validate(); err != nil {
		t.Fatal(err)
	}
	pl, err := Generate(spec)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range pl.Files {
		got[f.Path] = string(f.Data)
	}
	for _, want := range []struct{ file, holds string }{
		{"db/migrations/00070_notes.sql", "CREATE TABLE notes"},
		{"db/queries/notes/notes.sql", "-- name: ListNotes :many"},
		{"internal/notes/notesdb/notes.sql.go", "func (q *Queries) ListNotes("},
		{"internal/notes/notes.go", "func (s *Service) Routes(mux *http.ServeMux, d httpx.RouteDeps)"},
		{"sqlc.yaml", "- name: notes"},
		{"internal/rbac/catalog.go", `{Name: "notes:read"`},
		{"internal/app/server.go", "\tnotes.New(d.DB).Routes(mux, routes)\n"},
		{"internal/app/isolation_test.go", `Name: "notes", TenantColumn: "tenant_id"`},
	} {
		if !strings.Contains(got[want.file], want.holds) {
			t.Errorf("%s does not hold %q", want.file, want.holds)
		}
	}
	if testing.Short() {
		return
	}
	dir := filepath.Join(t.TempDir(), "demo")
	if err := Write(pl, dir); err != nil {
		t.Fatal(err)
	}
	goCmd(t, dir, "build", "./...")
	goCmd(t, dir, "vet", "./...")
}
