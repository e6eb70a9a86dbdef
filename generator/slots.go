package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/saasgen/saasgen/blueprints"
)

// Slot is a named place in a shared file where the selected modules and the
// payment provider put their part: an import, a field, a route, a README
// section. The file's template calls {{.Slot "NAME"}}; every module folder
// (templates/<module>/) and provider folder (templates/payments/<p>/) may
// hold _slots/NAME.tmpl, rendered with the Project as "." and joined in
// rank order. So base templates name no module, and a module is its
// blueprint row and its folder.
type Slot struct {
	// Name is what templates call: {{.Slot "server.routes"}}.
	Name string
	// File is the generated file whose template (or a snippet for it)
	// calls the slot.
	File string
	// Doc says what goes there, in one line.
	Doc string
	// Inline slots sit inside a line: the newline after each snippet's
	// type-hint comment is dropped. A block slot's snippets keep it, so
	// they read as the lines they add and the caller writes
	// {{- .Slot "NAME"}} where it would have written {{- if ...}}.
	Inline bool
}

// slotsDir is the folder of a module's or provider's snippets; the tree
// render skips it.
const slotsDir = "_slots"

// providerRank is the rank of a provider's snippets without an @RANK:
// after every module's.
const providerRank = 1000

// snippet is one parsed _slots/NAME[@RANK].tmpl.
type snippet struct {
	path   string
	rank   int
	inline bool
	tmpl   *template.Template
}

// slotFolder is a template folder that may fill slots, and the rank of
// its snippets that give none.
type slotFolder struct {
	dir  string
	rank int
}

// slotSet is every snippet of every folder, by slot and folder.
type slotSet struct {
	declared map[string]Slot
	snippets map[string]map[string]*snippet
}

// slotFolders are the folders that may fill slots, with the rank of
// their snippets that give none.
func slotFolders() []slotFolder {
	var folders []slotFolder
	for i, m := range blueprints.Modules {
		folders = append(folders, slotFolder{m.Templates, moduleRank(i)})
	}
	for _, p := range blueprints.Providers {
		if p.Templates != "" {
			folders = append(folders, slotFolder{p.Templates, providerRank})
		}
	}
	return folders
}

// moduleRank is the rank of the snippets of the i-th module of
// blueprints.Modules that give none: 10, 20, 30...
func moduleRank(i int) int { return 10 * (i + 1) }

// loadSlots parses the snippets of every folder in fsys.
func loadSlots(fsys fs.FS, slots []Slot, folders []slotFolder) (*slotSet, error) {
	ss := &slotSet{declared: map[string]Slot{}, snippets: map[string]map[string]*snippet{}}
	for _, s := range slots {
		ss.declared[s.Name] = s
	}
	for _, f := range folders {
		dir := path.Join(f.dir, slotsDir)
		entries, err := fs.ReadDir(fsys, dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, err
		}
		for _, e := range entries {
			name := e.Name()
			if isGoFragment(name) {
				continue // see gomod.go
			}
			p := path.Join(dir, name)
			base, ok := strings.CutSuffix(name, tmplSuffix)
			if !ok || e.IsDir() {
				return nil, fmt.Errorf("%s: a _slots folder holds only SLOT.tmpl, SLOT@RANK.tmpl, %s and %s (internal error)", p, goModFragment, goSumFragment)
			}
			slot, rank := base, f.rank
			if i := strings.LastIndexByte(base, '@'); i >= 0 {
				n, err := strconv.Atoi(base[i+1:])
				if err != nil || n < 0 {
					return nil, fmt.Errorf("%s: the rank after @ must be a whole number (internal error)", p)
				}
				slot, rank = base[:i], n
			}
			decl, ok := ss.declared[slot]
			if !ok {
				return nil, fmt.Errorf("%s fills slot %q, which generator.Slots does not declare (internal error)", p, slot)
			}
			if prev := ss.snippets[slot][f.dir]; prev != nil {
				return nil, fmt.Errorf("%s and %s both fill slot %q (internal error)", prev.path, p, slot)
			}
			src, err := fs.ReadFile(fsys, p)
			if err != nil {
				return nil, err
			}
			// The file's last newline is not part of the snippet.
			t, err := template.New(p).Funcs(funcs).Option("missingkey=error").Parse(strings.TrimSuffix(string(src), "\n"))
			if err != nil {
				return nil, fmt.Errorf("parse template: %w", err)
			}
			if ss.snippets[slot] == nil {
				ss.snippets[slot] = map[string]*snippet{}
			}
			ss.snippets[slot][f.dir] = &snippet{path: p, rank: rank, inline: decl.Inline, tmpl: t}
		}
	}
	return ss, nil
}

// Slot renders slot name for this project: the snippet of every selected
// module, then the payment provider's, ordered by rank (a tie keeps that
// order), each with p as ".". A snippet that renders only white space adds
// nothing.
func (p Project) Slot(name string) (string, error) {
	ss, err := templateFS.slots()
	if err != nil {
		return "", err
	}
	return ss.render(name, p.folders(), p)
}

// render joins the snippets of slot name from folders, in rank order.
func (ss *slotSet) render(name string, folders []string, data any) (string, error) {
	if _, ok := ss.declared[name]; !ok {
		return "", fmt.Errorf("slot %q is not declared in generator.Slots (internal error)", name)
	}
	var picked []*snippet
	for _, f := range folders {
		if s := ss.snippets[name][f]; s != nil {
			picked = append(picked, s)
		}
	}
	slices.SortStableFunc(picked, func(a, b *snippet) int { return a.rank - b.rank })
	var out, buf bytes.Buffer
	for _, s := range picked {
		buf.Reset()
		if err := s.tmpl.Execute(&buf, data); err != nil {
			return "", fmt.Errorf("render template: %w", err)
		}
		text := buf.Bytes()
		if s.inline {
			text = bytes.TrimPrefix(text, []byte("\n"))
		}
		if len(bytes.TrimSpace(text)) > 0 {
			out.Write(text)
		}
	}
	return out.String(), nil
}

// folders are the template folders this project renders besides base:
// every selected module's, in catalogue order, then the provider's.
func (p Project) folders() []string {
	var out []string
	for _, m := range p.ModulesInfo {
		out = append(out, m.Templates)
	}
	if dir := providerTemplates(p.Spec); dir != "" {
		out = append(out, dir)
	}
	return out
}

// isGoFragment reports whether a _slots file is a go.mod or go.sum
// fragment rather than a snippet.
func isGoFragment(name string) bool { return name == goModFragment || name == goSumFragment }
