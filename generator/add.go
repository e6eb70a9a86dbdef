package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Addition is what `saasgen add resource` would do to a project, worked
// out in memory: nothing is on disk until Write.
type Addition struct {
	// Project is the project's name (its binary's).
	Project  string
	Resource Resource
	// Created are the resource's own files, Changed the files that get a
	// snippet at a marker, and saasgen.yaml; both sorted by path.
	Created []File
	Changed []Change
}

// Change is one existing file and its new content.
type Change struct {
	File
	// Markers are the markers the change inserts at ("" for saasgen.yaml).
	Markers []string
	// Regenerated marks a resource's own file rendered anew (add field).
	Regenerated bool
}

// ExistsError says a file the resource needs is already on disk.
type ExistsError struct{ Path string }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s already exists, and saasgen add never overwrites a file: move it away, or choose another resource name; nothing was written", e.Path)
}

// AddResource plans adding resource name with fields (each name:type[?][:modifier...])
// to the project in dir. Problems with the name or fields are
// ResourceProblems;
// a missing or invalid saasgen.yaml is a ManifestError; a missing marker
// is a *MarkerError; a file in the way is an *ExistsError.
func AddResource(dir, name string, fields []string) (*Addition, error) {
	spec, err := loadSpec(dir)
	if err != nil {
		return nil, err
	}
	existing, _ := resolveResources(spec.Resources)
	version, err := nextMigration(dir, existing)
	if err != nil {
		return nil, err
	}
	r, probs := resolveResource(ResourceSpec{Name: name, Fields: fields, Migration: version}, len(existing), existing)
	if len(probs) > 0 {
		return nil, ResourceProblems{Name: name, Problems: probs}
	}
	spec.Resources = append(slices.Clone(spec.Resources), r.Canonical())
	proj := NewProject(spec)
	// The project's model of the resource (with what the project adds)
	// is the one with its name; every resource of saasgen.yaml resolved
	// above, so it is there.
	i := slices.IndexFunc(proj.Resources, func(pr Resource) bool { return pr.Plural == r.Plural })
	if i < 0 || len(proj.Resources) != len(existing)+1 {
		return nil, fmt.Errorf("resource %s did not resolve with the project's other %d resources (internal error); nothing was written", r.Plural, len(existing))
	}
	r = proj.Resources[i]

	own, err := resourceFiles(proj, r)
	if err != nil {
		return nil, err
	}
	a := &Addition{Project: proj.Name, Resource: r}
	for _, f := range own {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.Path))); err == nil {
			return nil, &ExistsError{Path: f.Path}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		a.Created = append(a.Created, f)
	}

	for _, mk := range Markers {
		c, err := a.change(dir, mk.File)
		if err != nil {
			return nil, err
		}
		snip, err := Snippet(proj, r, mk.Name)
		if err != nil {
			return nil, err
		}
		data, inserted, err := Insert(c.Data, mk.File, mk.Name, snip)
		if err != nil {
			return nil, err
		}
		if inserted {
			c.Data = data
			c.Markers = append(c.Markers, mk.Name)
		}
	}
	for i, c := range a.Changed {
		if strings.HasSuffix(c.Path, ".go") && len(c.Markers) > 0 {
			if a.Changed[i].Data, err = formatGo(c.Path, c.Data); err != nil {
				return nil, err
			}
		}
	}
	a.Changed = slices.DeleteFunc(a.Changed, func(c Change) bool { return len(c.Markers) == 0 })
	manifest, err := marshalManifest(spec)
	if err != nil {
		return nil, err
	}
	a.Changed = append(a.Changed, Change{File: File{Path: ManifestName, Data: manifest}})
	if err := a.recordSum(dir); err != nil {
		return nil, err
	}
	slices.SortFunc(a.Changed, func(x, y Change) int { return strings.Compare(x.Path, y.Path) })
	return a, nil
}

// recordSum adds saasgen.sum to the changes, with the ids of every file
// the addition writes.
func (a *Addition) recordSum(dir string) error {
	written := slices.Clone(a.Created)
	for _, c := range a.Changed {
		written = append(written, c.File)
	}
	sum, ok, err := updatedSum(dir, written)
	if ok {
		a.Changed = append(a.Changed, Change{File: sum})
	}
	return err
}

// nextMigration is the version of a new migration of a resource (one
// that adds it, or fields to it): after every migration in the project,
// saasgen's and hand-written ones, after every migration of resources (the
// file may be missing), and at least ResourceMigrationBase. goose refuses
// to apply a migration numbered below one already applied, so the newest
// must come last.
func nextMigration(dir string, resources []Resource) (int, error) {
	names, err := migrationNames(dir)
	if err != nil {
		return 0, err
	}
	return versionAfter(names, resources), nil
}

// change returns the pending change of file p, reading it from disk the
// first time. Only a file saasgen wrote (its header says so) is changed.
func (a *Addition) change(dir, p string) (*Change, error) {
	for i := range a.Changed {
		if a.Changed[i].Path == p {
			return &a.Changed[i], nil
		}
	}
	if IsUserOwned(p) {
		return nil, fmt.Errorf("%s belongs to the user and saasgen add never edits it (internal error: a marker is in a user-owned file)", p)
	}
	full := filepath.Join(dir, filepath.FromSlash(p))
	data, err := os.ReadFile(full)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is missing, so the resource cannot be added to it; restore it (saasgen check prints a diff that does), then run saasgen add again; nothing was written", p)
	}
	if err != nil {
		return nil, err
	}
	lines, err := scanHead(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if path.Ext(p) != ".json" && !hasSaasgenHeader(lines) {
		return nil, fmt.Errorf("%s has no %q header, so saasgen did not write it and will not edit it; restore saasgen's version (saasgen check prints a diff), then run saasgen add again; nothing was written", p, generatedBy)
	}
	a.Changed = append(a.Changed, Change{File: File{Path: p, Data: data, Owned: true}})
	return &a.Changed[len(a.Changed)-1], nil
}

// resourceFiles renders r's own files, formatted, with the code sqlc
// generates from its queries: the same bytes Generate produces for it.
func resourceFiles(proj Project, r Resource) ([]File, error) {
	files := map[string]File{}
	if err := renderResource(proj, r, files); err != nil {
		return nil, err
	}
	if err := formatAll(files); err != nil {
		return nil, err
	}
	// sqlc over this resource alone: its entry of sqlc.yaml sees only its
	// own migration, so the output is what the whole project's run writes.
	snip, err := Snippet(proj, r, "sqlc")
	if err != nil {
		return nil, err
	}
	scratch := map[string]File{"sqlc.yaml": {Path: "sqlc.yaml", Data: append([]byte("version: \"2\"\nsql:\n"), snip...)}}
	for p, f := range files {
		if strings.HasPrefix(p, "db/") {
			scratch[p] = f
		}
	}
	generated, err := runSQLC(scratch)
	if err != nil {
		return nil, err
	}
	out := slices.Collect(maps.Values(files))
	out = append(out, generated...)
	slices.SortFunc(out, func(x, y File) int { return strings.Compare(x.Path, y.Path) })
	return out, nil
}

// Write puts the addition into dir: every file goes to a temporary file
// beside its target first, and only when all are written are they renamed
// into place, so a failure leaves the project as it was.
func (a *Addition) Write(dir string) error {
	all := slices.Clone(a.Created)
	for _, c := range a.Changed {
		all = append(all, c.File)
	}
	return writeFiles(dir, all)
}
