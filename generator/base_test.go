package generator

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/saasgen/saasgen/blueprints"
	"github.com/saasgen/saasgen/templates"
)

// actionRE matches a template action.
var actionRE = regexp.MustCompile(`(?s)\{\{.*?\}\}`)

// TestBaseNamesNoModule fails when a template under templates/base names a
// module or a payment provider: a module brings its part of a shared file
// through a slot, a provider through its data. The names come from the
// blueprints, so a new module or provider is covered without editing this.
func TestBaseNamesNoModule(t *testing.T) {
	type rule struct {
		re   *regexp.Regexp
		what string
	}
	// In template actions: the project's modules and provider.
	actionRules := []rule{
		{regexp.MustCompile(`\.Has\b`), "tests for a module (.Has); fill a slot from the module's _slots folder instead"},
		{regexp.MustCompile(`\.(Payments|Provider)\b`), "reads the payment provider; let billing's or the provider's folder fill a slot"},
	}
	// Anywhere: a module's package or a provider by name.
	var rules []rule
	for _, m := range blueprints.Modules {
		n := regexp.QuoteMeta(m.Name)
		rules = append(rules,
			rule{regexp.MustCompile(`internal/` + n + `\b`), "names module " + m.Name + "'s package path"},
			rule{regexp.MustCompile(`\b` + n + `\.[A-Za-z_]`), "names module " + m.Name + " in a Go selector"})
	}
	for _, p := range blueprints.Providers {
		if p.Templates == "" {
			continue // "none" is no provider, and a common word
		}
		for _, name := range []string{p.Name, p.Title} {
			rules = append(rules, rule{regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(name) + `\b`), "names payment provider " + name})
		}
	}
	err := fs.WalkDir(templates.FS, blueprints.Base, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return err
		}
		for _, a := range actionRE.FindAllStringIndex(string(src), -1) {
			for _, r := range actionRules {
				if loc := r.re.FindStringIndex(string(src[a[0]:a[1]])); loc != nil {
					t.Errorf("%s:%d %s: %q", p, 1+strings.Count(string(src[:a[0]]), "\n"), r.what, src[a[0]:a[1]])
				}
			}
		}
		for i, line := range strings.Split(string(src), "\n") {
			for _, r := range rules {
				if loc := r.re.FindStringIndex(line); loc != nil {
					t.Errorf("%s:%d %s: %q", p, i+1, r.what, line[loc[0]:loc[1]])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
