package generator

import (
	"errors"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"testing"

	"github.com/saasgen/saasgen/blueprints"
	"github.com/saasgen/saasgen/templates"
)

var createTableRE = regexp.MustCompile(`(?i)\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)`)

// TestModuleTables holds each module's Tables to its migrations: every
// table a migration creates is listed, and nothing else, so the names a
// resource may not take are computed from the data and stay true.
func TestModuleTables(t *testing.T) {
	for _, m := range blueprints.Modules {
		var created []string
		dir := path.Join(m.Templates, "db/migrations")
		err := fs.WalkDir(templates.FS, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			src, err := fs.ReadFile(templates.FS, p)
			for _, c := range createTableRE.FindAllStringSubmatch(string(src), -1) {
				created = append(created, c[1])
			}
			return err
		})
		if err != nil && !(len(m.Tables) == 0 && errors.Is(err, fs.ErrNotExist)) {
			t.Errorf("%s: %v", m.Name, err)
		}
		slices.Sort(created)
		listed := slices.Sorted(slices.Values(m.Tables))
		if !slices.Equal(created, listed) {
			t.Errorf("module %s: its migrations create tables %v, its blueprint lists %v; list exactly the tables it creates", m.Name, created, listed)
		}
		for _, tb := range m.Shared {
			if !slices.Contains(m.Tables, tb) {
				t.Errorf("module %s: shared table %s is not one of its Tables %v", m.Name, tb, m.Tables)
			}
		}
		for _, tb := range m.Tables {
			if !slices.Contains(moduleNames(), tb) || !slices.Contains(reservedPackages, tb) {
				t.Errorf("module %s: table %s is not reserved for resources", m.Name, tb)
			}
		}
	}
}

// TestProviders: every provider with an adapter has the variables the
// adapter's Options take, each with what config, .env.example and the
// README print, and a secret's sample passes its own prefix check.
func TestProviders(t *testing.T) {
	for _, p := range blueprints.Providers {
		if p.Templates == "" {
			if len(p.Env) > 0 {
				t.Errorf("%s: a provider without an adapter reads no variables", p.Name)
			}
			continue
		}
		if p.Title == "" || p.EnvDoc == "" || p.PriceDoc == "" {
			t.Errorf("%s: needs a Title, an EnvDoc and a PriceDoc", p.Name)
		}
		for _, f := range []string{"APIKey", "WebhookSecret", "APIURL"} {
			if p.Var(f).Name == "" {
				t.Errorf("%s: no variable fills config.Billing.%s", p.Name, f)
			}
		}
		seen := map[string]bool{}
		for _, v := range p.Env {
			if seen[v.Field] {
				t.Errorf("%s: two variables fill config.Billing.%s", p.Name, v.Field)
			}
			seen[v.Field] = true
			if v.Name == "" || v.Example == "" || v.Doc == "" || v.Readme == "" {
				t.Errorf("%s %s: needs a Name, an Example, a Doc and a Readme", p.Name, v.Name)
			}
			if v.Secret && (!v.Required || v.Sample == "") {
				t.Errorf("%s %s: a secret is required in production and has a Sample", p.Name, v.Name)
			}
			if (len(v.Prefixes) > 0) != (v.PrefixDoc != "") || (len(v.Prefixes) > 0) != (v.Malformed != "") {
				t.Errorf("%s %s: Prefixes, PrefixDoc and Malformed go together", p.Name, v.Name)
			}
			if len(v.Prefixes) > 0 && !slices.ContainsFunc(v.Prefixes, func(pre string) bool { return len(v.Sample) > len(pre) && v.Sample[:len(pre)] == pre }) {
				t.Errorf("%s %s: the sample %q has none of the prefixes %v", p.Name, v.Name, v.Sample, v.Prefixes)
			}
		}
	}
}

var migrationNumberRE = regexp.MustCompile(`^(\d{5})_.*\.sql\.tmpl$`)

// TestMigrationNumbersAreUnique: no two template folders (modules,
// providers, base) ship a migration with the same number. Goose would
// refuse the project, and only once it ran: two modules built side by side
// took the same number once, and only the generated project's migrations
// caught it. The numbers are also below the resources' (01001 and up).
func TestMigrationNumbersAreUnique(t *testing.T) {
	seen := map[string]string{}
	err := fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Base(path.Dir(p)) != "migrations" {
			return err
		}
		m := migrationNumberRE.FindStringSubmatch(path.Base(p))
		if m == nil {
			return nil // embed.go, the resource templates' __migration__
		}
		if other, ok := seen[m[1]]; ok {
			t.Errorf("migration number %s is taken twice: %s and %s; give the newer one a free number", m[1], other, p)
		}
		if m[1] >= "01001" {
			t.Errorf("%s: module migrations stay below 01001, where resources' start", p)
		}
		seen[m[1]] = p
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) < 10 {
		t.Fatalf("found %d numbered migrations under templates/; is the walk looking in the right place?", len(seen))
	}
}
