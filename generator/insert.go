package generator

import (
	"bytes"
	"fmt"
	"path"
	"strings"
)

// Marker is a named insertion point in a saasgen-owned file: a line holding
// "saasgen:NAME". `saasgen add resource` inserts the resource's snippet for
// the marker above that line; Generate does the same on freshly rendered
// files for every resource of saasgen.yaml, in order, with the same
// function, so `check` sees what add wrote.
type Marker struct {
	Name string
	File string
}

// Markers are every insertion point, in the order snippets are applied.
// Each has a snippet template templates/resource/insert/NAME.tmpl.
var Markers = []Marker{
	{Name: "routes", File: "internal/app/server.go"},
	{Name: "devseed", File: "internal/app/devseed.go"},
	{Name: "permissions", File: "internal/rbac/catalog.go"},
	{Name: "events", File: "internal/platform/events/catalog.go"},
	{Name: "limits", File: "internal/plans/plans.go"},
	{Name: "isolation", File: "internal/app/isolation_test.go"},
	{Name: "openapi", File: "internal/app/openapi.json"},
	{Name: "sqlc", File: "sqlc.yaml"},
}

// MarkerError says a file lacks a marker (or has it twice): the file was
// edited by hand or is not saasgen's, and nothing is written.
type MarkerError struct {
	Marker, File string
	Count        int
}

func (e *MarkerError) Error() string {
	if e.Count == 0 {
		return fmt.Sprintf("%s has no insertion marker %q (a line containing saasgen:%s); restore the line, for example from saasgen check's diff, then run saasgen add again; nothing was written", e.File, "saasgen:"+e.Marker, e.Marker)
	}
	return fmt.Sprintf("%s has the insertion marker %q %d times; keep exactly one, then run saasgen add again; nothing was written", e.File, "saasgen:"+e.Marker, e.Count)
}

// markerLine finds the start of the one line holding marker name.
func markerLine(data []byte, file, name string) (int, error) {
	tag := "saasgen:" + name
	start, count := -1, 0
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data) - off
		}
		line := data[off : off+end]
		if i := bytes.Index(line, []byte(tag)); i >= 0 {
			after := line[i+len(tag):]
			if len(after) == 0 || !isIdentByte(after[0]) {
				count++
				start = off
			}
		}
		off += end + 1
	}
	if count != 1 {
		return 0, &MarkerError{Marker: name, File: file, Count: count}
	}
	return start, nil
}

func isIdentByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// Insert puts snippet on the lines above marker name in data. A snippet
// already in the file is not inserted again (inserted reports false). A
// missing marker is a *MarkerError.
func Insert(data []byte, file, name string, snippet []byte) (out []byte, inserted bool, err error) {
	at, err := markerLine(data, file, name)
	if err != nil {
		return nil, false, err
	}
	if len(snippet) == 0 || bytes.Contains(data, snippet) {
		return data, false, nil
	}
	out = make([]byte, 0, len(data)+len(snippet))
	out = append(out, data[:at]...)
	out = append(out, snippet...)
	out = append(out, data[at:]...)
	return out, true, nil
}

// SnippetError says a snippet saasgen inserted at a marker is not in its
// file as saasgen wrote it (or is there more than once), so it cannot be
// replaced by its new version: the file was edited by hand.
type SnippetError struct {
	Marker, File string
	Count        int
}

func (e *SnippetError) Error() string {
	if e.Count == 0 {
		return fmt.Sprintf("%s does not hold the snippet saasgen inserted at its marker %q as saasgen wrote it (edited by hand?), so it cannot be replaced by the new one; restore it (saasgen check prints a diff that does), then run saasgen add again; nothing was written", e.File, "saasgen:"+e.Marker)
	}
	return fmt.Sprintf("%s holds the snippet saasgen inserted at its marker %q %d times; keep one (saasgen check prints a diff that does), then run saasgen add again; nothing was written", e.File, "saasgen:"+e.Marker, e.Count)
}

// Replace puts snippet where old, the snippet's earlier version, is in
// data: a change to a resource changes what it inserted. The marker must
// be there (else a *MarkerError) and old exactly once (else a
// *SnippetError): a snippet edited by hand is neither overwritten nor
// inserted a second time. Equal snippets leave data as it is.
func Replace(data []byte, file, name string, old, snippet []byte) ([]byte, error) {
	if _, err := markerLine(data, file, name); err != nil {
		return nil, err
	}
	if bytes.Equal(old, snippet) {
		return data, nil
	}
	if len(old) == 0 {
		out, _, err := Insert(data, file, name, snippet)
		return out, err
	}
	if n := bytes.Count(data, old); n != 1 {
		return nil, &SnippetError{Marker: name, File: file, Count: n}
	}
	return bytes.Replace(data, old, snippet, 1), nil
}

// ResourceProject is the model of templates/resource: the project, the
// resource being rendered, and (through Project.Resources) every other.
type ResourceProject struct {
	Project
	Resource
}

// Target returns the resource a ref field points to.
func (rp ResourceProject) Target(f Field) Resource {
	for _, r := range rp.Project.Resources {
		if r.Plural == f.Ref {
			return r
		}
	}
	panic("ref to unknown resource " + f.Ref + " (internal error: Validate lets no such spec through)")
}

// SeedStep is one INSERT of a raw-SQL seed: a row of Table with id Var,
// tenant_id $1 and id $2; Refs are the variables of earlier steps, passed
// as $3... in order.
type SeedStep struct {
	Var   string
	Table string
	SQL   string
	Refs  []string
}

// SeedSteps insert one row of the resource with whatever rows of other
// resources its non-nullable refs need first, deepest first, for the raw
// SQL isolation test.
func (rp ResourceProject) SeedSteps() []SeedStep {
	var steps []SeedStep
	var add func(r Resource) string
	add = func(r Resource) string {
		cols := []string{"tenant_id", "id"}
		vals := []string{"$1", "$2"}
		var refs []string
		for _, f := range r.Fields {
			if f.Nullable {
				continue
			}
			cols = append(cols, f.Column())
			if f.Type == "ref" {
				refs = append(refs, add(rp.Target(f)))
				vals = append(vals, fmt.Sprintf("$%d", 2+len(refs)))
				continue
			}
			vals = append(vals, f.SQLSample())
		}
		v := fmt.Sprintf("row%d", len(steps))
		steps = append(steps, SeedStep{Var: v, Table: r.Plural, Refs: refs,
			SQL: fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", r.Plural, strings.Join(cols, ", "), strings.Join(vals, ", "))})
		return v
	}
	add(rp.Resource)
	return steps
}

// resourceTemplates is the folder rendered once per resource; its files/
// are whole files, its insert/ the snippets for each Marker.
const resourceTemplates = "resource"

// ResourceChange is the model of templates/resource/change: one later
// migration of the resource, which adds Change.Fields.
type ResourceChange struct {
	ResourceProject
	Change FieldChange
}

// renderResource renders r's own files into files: those of
// templates/resource/files, and one migration per change.
func renderResource(proj Project, r Resource, files map[string]File) error {
	rp := ResourceProject{Project: proj, Resource: r}
	module := "resource:" + r.Plural
	err := renderTree(resourceTemplates+"/files", module, rp, func(p string) string {
		p = strings.ReplaceAll(p, "__migration__", strings.TrimSuffix(r.Migration(), ".sql"))
		p = strings.ReplaceAll(p, "__plural__", r.Plural)
		return strings.ReplaceAll(p, "__package__", r.Package())
	}, files)
	if err != nil {
		return err
	}
	for _, c := range r.Changes {
		err := renderTree(resourceTemplates+"/change", module, ResourceChange{rp, c}, func(p string) string {
			return strings.ReplaceAll(p, "__change__", strings.TrimSuffix(c.Migration(r), ".sql"))
		}, files)
		if err != nil {
			return err
		}
	}
	return nil
}

// Snippet renders r's snippet for marker name.
func Snippet(proj Project, r Resource, name string) ([]byte, error) {
	p := path.Join(resourceTemplates, "insert", name+tmplSuffix)
	t, err := parseTemplate(p)
	if err != nil {
		return nil, fmt.Errorf("snippet template %s (internal error): %w", p, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, ResourceProject{Project: proj, Resource: r}); err != nil {
		return nil, fmt.Errorf("render template: %w", err)
	}
	// The type-hint comment's line ends in a newline that is not part of
	// the snippet, so the snippet's first line keeps its indentation.
	return bytes.TrimPrefix(buf.Bytes(), []byte("\n")), nil
}

// insertResource applies every snippet of r to files (rendered, in memory).
func insertResource(proj Project, r Resource, files map[string]File) error {
	for _, m := range Markers {
		f, ok := files[m.File]
		if !ok {
			return fmt.Errorf("%s is not generated, so resource %s cannot be inserted at saasgen:%s (internal error)", m.File, r.Plural, m.Name)
		}
		snip, err := Snippet(proj, r, m.Name)
		if err != nil {
			return err
		}
		if f.Data, _, err = Insert(f.Data, m.File, m.Name, snip); err != nil {
			return err
		}
		files[m.File] = f
	}
	return nil
}

// SeedValue is a valid JSON value of field f for `NAME dev seed`, as Go
// source over the seeder in internal/app/devseed.go: the field's Sample
// (n, from 1, varies what must be unique), and for a ref a row of its
// resource seeded before (a reference forward stays null).
func (rp ResourceProject) SeedValue(f Field) string {
	switch {
	case f.Type == "ref" && f.Forward:
		return "nil"
	case f.Type == "ref":
		return fmt.Sprintf("s.ref(%q, n)", rp.Target(f).Plural)
	}
	return f.Sample()
}

// TestValue is Go source of a valid value of f in the generated tests, for
// the account in variable acc: a ref creates the row it points to (a
// reference to the resource itself, or to one added after it, stays null,
// so making one row never loops).
func (rp ResourceProject) TestValue(f Field, acc string) string {
	switch {
	case f.Type == "ref" && f.Forward:
		return "nil"
	case f.Type == "ref":
		return "createResource" + rp.Target(f).Pascal() + "(t, a, " + acc + ")"
	}
	return f.Sample()
}
