package generator

import (
	"fmt"
	"io/fs"
	"sync"
	"text/template"

	"github.com/saasgen/saasgen/templates"
)

// templateFS is the template tree every render reads: the embedded one.
// It is a variable so that a test can lay a newer version's templates
// over it (an extra migration, say) and upgrade a project to them: it
// sets templateFS = newTemplateTree(overlay).
var templateFS = newTemplateTree(templates.FS)

// templateTree is a template file system with what has been parsed from
// it. The caches live on the tree, so a tree laid over another starts
// empty and can never serve a template parsed from the one below.
type templateTree struct {
	fsys fs.FS
	// parsed holds each parsed template by path: Generate renders the
	// same templates every time, add field renders every resource's
	// snippets twice, and parsing with sprig's functions costs more than
	// rendering.
	parsed sync.Map // path -> *template.Template
	// slots are the tree's slot snippets, parsed once.
	slots func() (*slotSet, error)
}

func newTemplateTree(fsys fs.FS) *templateTree {
	t := &templateTree{fsys: fsys}
	t.slots = sync.OnceValues(func() (*slotSet, error) { return loadSlots(t, Slots, slotFolders()) })
	return t
}

func (t *templateTree) Open(name string) (fs.File, error) { return t.fsys.Open(name) }

func (t *templateTree) ReadDir(name string) ([]fs.DirEntry, error) {
	return fs.ReadDir(t.fsys, name)
}

func (t *templateTree) ReadFile(name string) ([]byte, error) { return fs.ReadFile(t.fsys, name) }

// parse parses the template at path p, once per tree.
func (t *templateTree) parse(p string) (*template.Template, error) {
	if tm, ok := t.parsed.Load(p); ok {
		return tm.(*template.Template), nil
	}
	src, err := fs.ReadFile(t.fsys, p)
	if err != nil {
		return nil, err
	}
	tm, err := template.New(p).Funcs(funcs).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	got, _ := t.parsed.LoadOrStore(p, tm)
	return got.(*template.Template), nil
}

// parseTemplate parses the template at path p of templateFS.
func parseTemplate(p string) (*template.Template, error) { return templateFS.parse(p) }
