package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// FieldAddition is what `saasgen add field` would do to a project, worked
// out in memory: nothing is on disk until Write. Resource is the model
// after the change; Created holds the new migration; Changed holds the
// resource files regenerated, the files whose snippets changed, and
// saasgen.yaml.
type FieldAddition struct {
	Addition
	// Fields are the fields added, in order.
	Fields []Field
	// Migration is the path of the new migration.
	Migration string
}

// EditedError says a file that add field regenerates differs from what
// saasgen.yaml generates before the change: it was edited by hand, and
// regenerating it would lose the edit.
type EditedError struct{ Path string }

func (e *EditedError) Error() string {
	return fmt.Sprintf("%s differs from what saasgen.yaml generates (edited by hand?), and adding the field would overwrite it: see the drift with saasgen check, move your code into a file of your own and restore this one, then run saasgen add field again; nothing was written", e.Path)
}

// AddField plans adding fields (the DSL of AddResource) to resource name
// of the project in dir, as a new migration: the migration that created
// the table, and any later one, may have run and is never edited. Problems
// with the resource or the fields are ResourceProblems; a missing or
// invalid saasgen.yaml is a ManifestError; a regenerated file edited by
// hand is an *EditedError; an inserted snippet edited by hand is a
// *SnippetError; a file in the new migration's way is an *ExistsError.
func AddField(dir, name string, fields []string) (*FieldAddition, error) {
	spec, err := loadSpec(dir)
	if err != nil {
		return nil, err
	}
	before, _ := resolveResources(spec.Resources)
	plural, problem := ParseResourceName(name)
	i := slices.IndexFunc(before, func(r Resource) bool { return r.Plural == plural })
	if i < 0 {
		return nil, unknownResource(name, problem, before, fields)
	}
	version, err := nextMigration(dir, before)
	if err != nil {
		return nil, err
	}
	next := spec
	next.Resources = slices.Clone(spec.Resources)
	rs := next.Resources[i]
	rs.Changes = append(slices.Clone(rs.Changes), ChangeSpec{Migration: version, AddFields: fields})
	next.Resources[i] = rs
	after, probs := resolveResources(next.Resources)
	if len(probs) > 0 {
		return nil, ResourceProblems{Name: plural, Problems: probs}
	}
	// saasgen.yaml records the new fields in canonical form, as add
	// resource does.
	r := after[i]
	change := r.Changes[len(r.Changes)-1]
	rs.Changes[len(rs.Changes)-1] = r.Canonical().Changes[len(r.Changes)-1]
	next.Resources[i] = rs

	oldProj, newProj := NewProject(spec), NewProject(next)
	if len(oldProj.Resources) != len(newProj.Resources) || len(newProj.Resources) != len(before) {
		return nil, fmt.Errorf("the resources of %s did not resolve (internal error); nothing was written", ManifestName)
	}
	a := &FieldAddition{
		Addition:  Addition{Project: newProj.Name, Resource: newProj.Resources[i]},
		Fields:    change.Fields,
		Migration: "db/migrations/" + change.Migration(r),
	}
	// Only the resource's own files change: another resource's templates
	// see this one through ResourceProject.Target, which gives names, and
	// names do not change (TestAddFieldChangesOnlyItsResource holds the
	// templates to that).
	if err := a.regenerate(dir, oldProj.Resources[i], newProj.Resources[i], oldProj, newProj); err != nil {
		return nil, err
	}
	// The snippets at the markers: each resource's may change (the seed of
	// another resource inserts a row of this one, for example).
	for j := range newProj.Resources {
		for _, mk := range Markers {
			old, err := Snippet(oldProj, oldProj.Resources[j], mk.Name)
			if err != nil {
				return nil, err
			}
			snip, err := Snippet(newProj, newProj.Resources[j], mk.Name)
			if err != nil {
				return nil, err
			}
			if bytes.Equal(old, snip) {
				continue
			}
			c, err := a.change(dir, mk.File)
			if err != nil {
				return nil, err
			}
			if c.Data, err = Replace(c.Data, mk.File, mk.Name, old, snip); err != nil {
				return nil, err
			}
			if !slices.Contains(c.Markers, mk.Name) {
				c.Markers = append(c.Markers, mk.Name)
			}
		}
	}
	for i, c := range a.Changed {
		if strings.HasSuffix(c.Path, ".go") && len(c.Markers) > 0 {
			if a.Changed[i].Data, err = formatGo(c.Path, c.Data); err != nil {
				return nil, err
			}
		}
	}
	manifest, err := marshalManifest(next)
	if err != nil {
		return nil, err
	}
	a.Changed = append(a.Changed, Change{File: File{Path: ManifestName, Data: manifest}})
	if err := a.recordSum(dir); err != nil {
		return nil, err
	}
	slices.SortFunc(a.Changed, func(x, y Change) int { return strings.Compare(x.Path, y.Path) })
	slices.SortFunc(a.Created, func(x, y File) int { return strings.Compare(x.Path, y.Path) })
	return a, nil
}

// loadSpec reads, normalizes and validates the saasgen.yaml of dir, which
// this saasgen version must have written; any problem is a ManifestError.
func loadSpec(dir string) (Spec, error) {
	spec, version, err := readSpec(dir)
	if err != nil {
		return Spec{}, err
	}
	if err := sameVersion(version); err != nil {
		return Spec{}, ManifestError{err}
	}
	return spec, nil
}

// readSpec reads, normalizes and validates the saasgen.yaml of dir, and
// returns the saasgen version it records; any problem is a ManifestError.
func readSpec(dir string) (Spec, string, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return Spec{}, "", ManifestError{err}
	}
	spec := m.Spec
	spec.Normalize()
	if err := spec.Validate(); err != nil {
		return Spec{}, "", ManifestError{fmt.Errorf("%s does not describe a valid project: %w\nfix it, or restore it from version control", filepath.Join(dir, ManifestName), err)}
	}
	return spec, m.Saasgen, nil
}

// unknownResource reports a resource name that names none of the
// project's, with every problem of the fields that can be found without
// it.
func unknownResource(name, problem string, known []Resource, fields []string) error {
	have := "it has none yet; add one with saasgen add resource NAME --field ..."
	if len(known) > 0 {
		have = "its resources: " + strings.Join(plurals(known), ", ")
	}
	if problem == "" {
		problem = fmt.Sprintf("%q is not a resource of this project", name)
	}
	probs := Problems{fmt.Sprintf("%s (%s)", problem, have)}
	for _, raw := range fields {
		_, fp := parseField(raw)
		probs = append(probs, fp...)
	}
	if len(fields) == 0 {
		probs = append(probs, "no --field given; give at least one, for example --field note:string?")
	}
	return ResourceProblems{Name: name, Problems: probs}
}

// regenerate renders the resource's own files before (oldR) and after
// (newR) the change and plans every file that differs: a new one (the
// change's migration) is created, an existing one is overwritten only if
// the disk holds exactly what saasgen.yaml generated before.
func (a *FieldAddition) regenerate(dir string, oldR, newR Resource, oldProj, newProj Project) error {
	oldFiles, err := resourceFiles(oldProj, oldR)
	if err != nil {
		return err
	}
	newFiles, err := resourceFiles(newProj, newR)
	if err != nil {
		return err
	}
	was := map[string][]byte{}
	for _, f := range oldFiles {
		was[f.Path] = f.Data
	}
	for _, f := range newFiles {
		old, had := was[f.Path]
		delete(was, f.Path)
		if had && bytes.Equal(old, f.Data) {
			continue
		}
		disk, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		switch {
		case !had && err == nil:
			return &ExistsError{Path: f.Path}
		case !had && errors.Is(err, fs.ErrNotExist):
			a.Created = append(a.Created, f)
			continue
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("%s is missing, so the field cannot be added to it; restore it (saasgen check prints a diff that does), then run saasgen add field again; nothing was written", f.Path)
		case err != nil:
			return err
		case !bytes.Equal(disk, old):
			return &EditedError{Path: f.Path}
		}
		a.Changed = append(a.Changed, Change{File: f, Regenerated: true})
	}
	if len(was) > 0 {
		return fmt.Errorf("adding a field would remove %s (internal error: add field only adds); nothing was written", strings.Join(slices.Sorted(maps.Keys(was)), ", "))
	}
	return nil
}
