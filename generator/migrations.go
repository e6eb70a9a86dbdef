package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/saasgen/saasgen/blueprints"
)

// A module's migrations live in its template folder as
// db/migrations/NNNNN_NAME.sql.tmpl. NAME is the migration's stable name,
// unique across the template tree (TestTemplateMigrationNames). A project
// made fresh gets NNNNN. A project that did not have the migration when it
// was made (a newer saasgen's new migration, or a module added later)
// gets it numbered after its last migration, as a resource's, and
// saasgen.yaml records that number under `migrations`, so check and every
// later command render the same file name. goose refuses to apply a
// migration numbered below one already applied, which is why a template
// number cannot be used there.

// templateMigrationRE is the file name of a template migration.
var templateMigrationRE = regexp.MustCompile(`^([0-9]{5})_([a-z][a-z0-9_]*)\.sql\.tmpl$`)

// TemplateMigration is one migration of a template folder.
type TemplateMigration struct {
	// Name is the stable name: the file name without its number and
	// extension (invitation_unique for 00022_invitation_unique.sql).
	Name string
	// Version is the number in the template tree, which a project made
	// fresh gets.
	Version int
	// Module is the module whose folder holds it ("" for base).
	Module string
}

// File is the migration's file name at version v.
func (m TemplateMigration) File(v int) string { return fmt.Sprintf("%05d_%s.sql", v, m.Name) }

// PlacedMigration is a template migration numbered for a project that did
// not have it.
type PlacedMigration struct {
	TemplateMigration
	// Placed is its version in the project.
	Placed int
}

// Path is where the placed migration is written.
func (m PlacedMigration) Path() string { return "db/migrations/" + m.File(m.Placed) }

// templateFolder is a folder of the template tree a project renders, and
// the module it belongs to.
type templateFolder struct{ dir, module string }

// templateFolders are the folders Generate renders for spec, in its
// order: base, each module's, the payment provider's (as billing).
// TestTemplateMigrationsMatchGenerate holds the two to the same list.
func templateFolders(spec Spec) []templateFolder {
	out := []templateFolder{{blueprints.Base, ""}}
	for _, m := range blueprints.Modules {
		if spec.Has(m.Name) {
			out = append(out, templateFolder{m.Templates, m.Name})
		}
	}
	if dir := providerTemplates(spec); dir != "" {
		out = append(out, templateFolder{dir, "billing"})
	}
	return out
}

// TemplateMigrations lists the migrations of spec's template folders in
// the order of their template versions. A migration template always
// renders (it has no condition that can leave it empty), so this is what
// Generate writes under db/migrations, resources aside.
func TemplateMigrations(spec Spec) ([]TemplateMigration, error) {
	var out []TemplateMigration
	for _, f := range templateFolders(spec) {
		entries, err := fs.ReadDir(templateFS, path.Join(f.dir, "db", "migrations"))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql"+tmplSuffix) {
				continue
			}
			m := templateMigrationRE.FindStringSubmatch(e.Name())
			if m == nil {
				return nil, fmt.Errorf("template %s/db/migrations/%s is not named NNNNN_name.sql.tmpl (internal error)", f.dir, e.Name())
			}
			v, _ := strconv.Atoi(m[1])
			out = append(out, TemplateMigration{Name: m[2], Version: v, Module: f.module})
		}
	}
	slices.SortFunc(out, func(a, b TemplateMigration) int {
		if a.Version != b.Version {
			return a.Version - b.Version
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}

// migrationVersion is the version spec gives m: the one saasgen.yaml
// records, or its template version.
func (s Spec) migrationVersion(m TemplateMigration) int {
	if v, ok := s.Migrations[m.Name]; ok {
		return v
	}
	return m.Version
}

// PlaceMigrations numbers every template migration that spec renders and
// the project does not have yet, after the project's last migration, and
// records each in the returned spec's Migrations. have are the file names
// of the migrations the project has (its db/migrations, and for an
// upgrade also those the older version wrote); a migration saasgen.yaml
// records counts as had even when its file is missing (check restores
// it). New ones are numbered in their template order, from one more than
// the highest of have, of every resource migration and of every recorded
// placement, and at least ResourceMigrationBase: the rule of
// nextMigration. spec must be normalized and valid; it is not changed.
//
// saasgen upgrade calls it with the spec of saasgen.yaml; saasgen add
// module calls it with the spec that has the module.
func PlaceMigrations(spec Spec, have []string) (Spec, []PlacedMigration, error) {
	ms, err := TemplateMigrations(spec)
	if err != nil {
		return spec, nil, err
	}
	held := map[string]bool{}
	for _, h := range have {
		held[path.Base(filepath.ToSlash(h))] = true
	}
	resources, _ := resolveResources(spec.Resources)
	next := versionAfter(have, resources)
	for _, v := range spec.Migrations {
		next = max(next, v+1)
	}
	out := spec
	out.Migrations = maps.Clone(spec.Migrations)
	var placed []PlacedMigration
	for _, m := range ms {
		if _, recorded := spec.Migrations[m.Name]; recorded || held[m.File(m.Version)] {
			continue
		}
		if out.Migrations == nil {
			out.Migrations = map[string]int{}
		}
		out.Migrations[m.Name] = next
		placed = append(placed, PlacedMigration{TemplateMigration: m, Placed: next})
		next++
	}
	return out, placed, nil
}

// versionAfter is one more than the highest version among the migration
// file names and the resources' migrations, and at least
// ResourceMigrationBase.
func versionAfter(names []string, resources []Resource) int {
	next := ResourceMigrationBase
	for _, n := range names {
		if v, ok := migrationFileVersion(n); ok && v >= next {
			next = v + 1
		}
	}
	for _, r := range resources {
		next = max(next, r.LastVersion()+1)
	}
	return next
}

// migrationFileVersion is the version of a goose SQL migration file name
// (NNN_name.sql), or false.
func migrationFileVersion(name string) (int, bool) {
	name = path.Base(filepath.ToSlash(name))
	num, _, ok := strings.Cut(name, "_")
	if !ok || !strings.HasSuffix(name, ".sql") {
		return 0, false
	}
	v, err := strconv.Atoi(num)
	return v, err == nil && v >= 0
}

// migrationNames lists the file names in dir's db/migrations.
func migrationNames(dir string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(dir, "db", "migrations"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// renumberMigrations moves each migration saasgen.yaml places from its
// template number to its recorded one, in the files Generate rendered.
func renumberMigrations(spec Spec, files map[string]File) error {
	if len(spec.Migrations) == 0 {
		return nil
	}
	ms, err := TemplateMigrations(spec)
	if err != nil {
		return err
	}
	for _, m := range ms {
		v, ok := spec.Migrations[m.Name]
		if !ok || v == m.Version {
			continue
		}
		from, to := "db/migrations/"+m.File(m.Version), "db/migrations/"+m.File(v)
		f, ok := files[from]
		if !ok {
			return fmt.Errorf("migration %s was not rendered (internal error: a migration template must always render)", from)
		}
		if _, taken := files[to]; taken {
			return fmt.Errorf("%s places migration %s at %s, which another migration has; restore %s from version control", ManifestName, m.Name, to, ManifestName)
		}
		delete(files, from)
		f.Path = to
		files[to] = f
	}
	return nil
}

// migrationProblems reports what is wrong with the placements saasgen.yaml
// records: a name no template folder of the project has, a version out of
// range, or one that another migration of the project has.
func migrationProblems(s Spec) []string {
	if len(s.Migrations) == 0 {
		return nil
	}
	ms, err := TemplateMigrations(s)
	if err != nil {
		return []string{err.Error()}
	}
	fix := "restore " + ManifestName + " from version control"
	taken := map[int]string{}
	for _, m := range ms {
		if _, placed := s.Migrations[m.Name]; !placed {
			taken[m.Version] = "migration " + m.Name
		}
	}
	for i, r := range s.Resources {
		v := r.Migration
		if v == 0 {
			v = ResourceMigrationBase + i
		}
		taken[v] = "resource " + r.Name
		for _, c := range r.Changes {
			taken[c.Migration] = "a change of resource " + r.Name
		}
	}
	var probs []string
	for _, name := range slices.Sorted(maps.Keys(s.Migrations)) {
		v := s.Migrations[name]
		switch {
		case !slices.ContainsFunc(ms, func(m TemplateMigration) bool { return m.Name == name }):
			probs = append(probs, fmt.Sprintf("%s places migration %q, which no module of the project has; %s", ManifestName, name, fix))
		case v < 1 || v > maxMigration:
			probs = append(probs, fmt.Sprintf("%s places migration %s at %d, out of range (1 to %d); %s", ManifestName, name, v, maxMigration, fix))
		case taken[v] != "":
			probs = append(probs, fmt.Sprintf("%s places migration %s at %d, the version of %s; %s", ManifestName, name, v, taken[v], fix))
		default:
			taken[v] = "migration " + name
		}
	}
	return probs
}
