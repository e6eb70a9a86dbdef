package generator

import (
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/saasgen/saasgen/blueprints"
	"github.com/saasgen/saasgen/templates"
)

// TestSlotRendering runs the mechanism on a made-up tree: rank order,
// ties in folder order, the provider last, empty snippets, newlines.
func TestSlotRendering(t *testing.T) {
	fsys := fstest.MapFS{
		"a/_slots/list.tmpl":       {Data: []byte("{{- /* . is generator.Project */}}\n- a {{.}}\n")},
		"b/_slots/list@5.tmpl":     {Data: []byte("{{- /* . is generator.Project */}}\n- b\n")},
		"c/_slots/list.tmpl":       {Data: []byte("{{- /* . is generator.Project */}}\n{{if eq . \"x\"}}- c{{end}}\n")},
		"p/_slots/list.tmpl":       {Data: []byte("{{- /* . is generator.Project */}}\n- p\n\n")},
		"a/_slots/inline.tmpl":     {Data: []byte("{{- /* . is generator.Project */}}\n, a\n")},
		"c/_slots/inline.tmpl":     {Data: []byte("{{- /* . is generator.Project */}}\n, c\n")},
		"a/_slots/go.mod.fragment": {Data: []byte("require example.com/a v1.0.0\n")},
		"unused/_slots/x.tmpl":     {Data: []byte("not loaded: not a folder of the set")},
		"b/_slots/other.tmpl":      {Data: []byte("{{- /* . is generator.Project */}}\nb")},
		"b/_slots/inline@20.tmpl":  {Data: []byte("{{- /* . is generator.Project */}}\n, b\n")},
	}
	slots := []Slot{{Name: "list"}, {Name: "inline", Inline: true}, {Name: "other"}}
	folders := []slotFolder{{"a", 10}, {"b", 20}, {"c", 30}, {"p", providerRank}}
	ss, err := loadSlots(fsys, slots, folders)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		slot    string
		folders []string
		data    string
		want    string
	}{
		// b's rank 5 puts it first; c renders nothing for "y"; the
		// provider's file ends in a blank line, of which only the last
		// newline is dropped.
		{"list", []string{"a", "b", "c", "p"}, "y", "\n- b\n- a y\n- p\n"},
		{"list", []string{"a", "b", "c", "p"}, "x", "\n- b\n- a x\n- c\n- p\n"},
		// Folders not selected add nothing.
		{"list", []string{"a"}, "y", "\n- a y"},
		{"list", nil, "y", ""},
		// An inline slot drops the newline after the comment; b's
		// explicit rank 20 is its folder's own.
		{"inline", []string{"a", "b", "c"}, "", ", a, b, c"},
		{"other", []string{"a", "b"}, "", "\nb"},
	} {
		got, err := ss.render(tc.slot, tc.folders, tc.data)
		if err != nil || got != tc.want {
			t.Errorf("render(%s, %v, %q) = %q, %v; want %q", tc.slot, tc.folders, tc.data, got, err, tc.want)
		}
	}
	if _, err := ss.render("missing", []string{"a"}, ""); err == nil || !strings.Contains(err.Error(), `slot "missing" is not declared`) {
		t.Errorf("an undeclared slot: %v", err)
	}

	for name, bad := range map[string]fstest.MapFS{
		"does not declare":       {"a/_slots/nope.tmpl": {Data: []byte("x")}},
		"both fill slot":         {"a/_slots/list.tmpl": {Data: []byte("x")}, "a/_slots/list@3.tmpl": {Data: []byte("y")}},
		"must be a whole number": {"a/_slots/list@x.tmpl": {Data: []byte("x")}},
		"holds only":             {"a/_slots/list.txt": {Data: []byte("x")}},
		"parse template":         {"a/_slots/list.tmpl": {Data: []byte("{{if}}")}},
	} {
		if _, err := loadSlots(bad, slots, folders); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: got %v", name, err)
		}
	}
}

var (
	slotCallRE = regexp.MustCompile(`\.Slot\s+"([^"]*)"`)
	// typeHintRE is the first line of a snippet: the type-hint comment,
	// which keeps the newline after it (an inline slot drops it).
	typeHintRE = regexp.MustCompile(`^\{\{- /\* \. is generator\.Project \*/\}\}$`)
)

// TestSlots holds generator.Slots and the templates to each other: every
// snippet fills a declared slot and starts with the type-hint comment,
// every declared slot is called by exactly one template, which renders the
// slot's file, and is filled by at least one folder; _slots folders live
// only in module and provider folders.
func TestSlots(t *testing.T) {
	ss, err := templateFS.slots()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Slot{}
	for _, s := range Slots {
		if _, dup := byName[s.Name]; dup {
			t.Errorf("slot %q is declared twice", s.Name)
		}
		if s.File == "" || s.Doc == "" {
			t.Errorf("slot %q needs a File and a Doc", s.Name)
		}
		byName[s.Name] = s
		if len(ss.snippets[s.Name]) == 0 {
			t.Errorf("slot %q is filled by no module or provider: drop it", s.Name)
		}
	}
	folders := map[string]bool{}
	for _, m := range blueprints.Modules {
		folders[m.Templates] = true
	}
	for _, p := range blueprints.Providers {
		if p.Templates != "" {
			folders[p.Templates] = true
		}
	}
	calls := map[string][]string{} // slot -> calling templates
	err = fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == "." {
			return err
		}
		if d.IsDir() {
			if d.Name() == slotsDir && !folders[path.Dir(p)] {
				t.Errorf("%s: only a module's or a provider's folder may hold %s", p, slotsDir)
			}
			return nil
		}
		if !strings.HasSuffix(p, tmplSuffix) {
			return nil
		}
		src, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return err
		}
		// The file the template writes: a snippet's is its slot's.
		var file string
		if dir, name := path.Split(p); path.Base(dir) == slotsDir {
			first, _, _ := strings.Cut(string(src), "\n")
			if !typeHintRE.MatchString(first) {
				t.Errorf("%s: the first line must be the type-hint comment {{- /* . is generator.Project */}}, not %q", p, first)
			}
			slot, _, _ := strings.Cut(strings.TrimSuffix(name, tmplSuffix), "@")
			file = byName[slot].File
		} else {
			_, rest, _ := strings.Cut(p, "/")
			for f := range folders {
				if r, ok := strings.CutPrefix(p, f+"/"); ok {
					rest = r
				}
			}
			file = strings.TrimSuffix(rest, tmplSuffix)
		}
		for _, m := range slotCallRE.FindAllStringSubmatch(string(src), -1) {
			s, ok := byName[m[1]]
			switch {
			case !ok:
				t.Errorf("%s calls slot %q, which generator.Slots does not declare", p, m[1])
			case s.File != file:
				t.Errorf("%s calls slot %q, whose File is %s, but it writes %s", p, m[1], s.File, file)
			}
			calls[m[1]] = append(calls[m[1]], p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A file named go.mod would make its folder a module of its own, left
	// out of the embedded tree without a word: fragments have other names.
	err = filepath.WalkDir("../templates", func(p string, d fs.DirEntry, err error) error {
		if err == nil && (d.Name() == "go.mod" || d.Name() == "go.sum") {
			t.Errorf("%s: name it %s or %s (a go.mod makes its folder a module that go:embed leaves out)", p, goModFragment, goSumFragment)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir := range folders {
		if _, _, err := goFragments([]string{dir}); err != nil {
			t.Errorf("%s: go fragments: %v", dir, err)
		}
	}
	for _, s := range Slots {
		if c := calls[s.Name]; len(c) != 1 {
			t.Errorf("slot %q is called by %d templates %v; exactly one must call it", s.Name, len(c), c)
		}
	}
}
