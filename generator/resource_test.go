package generator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestInflection(t *testing.T) {
	for _, c := range []struct{ in, singular, plural string }{
		{"invoice", "invoice", "invoices"},
		{"invoices", "invoice", "invoices"},
		{"category", "category", "categories"},
		{"categories", "category", "categories"},
		{"person", "person", "people"},
		{"people", "person", "people"},
		{"box", "box", "boxes"},
		{"boxes", "box", "boxes"},
		{"status", "status", "statuses"},
		{"statuses", "status", "statuses"},
		{"address", "address", "addresses"},
		{"church", "church", "churches"},
		{"day", "day", "days"},
		{"house", "house", "houses"},
		{"houses", "house", "houses"},
		{"child", "child", "children"},
		{"leaf", "leaf", "leaves"},
		{"line_item", "line_item", "line_items"},
		{"line_items", "line_item", "line_items"},
		{"company", "company", "companies"},
		{"database", "database", "databases"},
		{"analysis", "analysis", "analyses"},
		{"quiz", "quiz", "quizzes"},
		{"api", "api", "apis"},
		{"apis", "api", "apis"},
		{"menu", "menu", "menus"},
		{"menus", "menu", "menus"},
		{"emoji", "emoji", "emojis"},
		{"wiki", "wiki", "wikis"},
		{"taxi", "taxi", "taxis"},
		{"guru", "guru", "gurus"},
		{"haikus", "haiku", "haikus"},
		{"alias", "alias", "aliases"},
		{"aliases", "alias", "aliases"},
		{"canvas", "canvas", "canvases"},
		{"lens", "lens", "lenses"},
		{"lenses", "lens", "lenses"},
		{"axis", "axis", "axes"},
		{"bonus", "bonus", "bonuses"},
		{"campus", "campus", "campuses"},
		{"bus", "bus", "buses"},
		{"diagnosis", "diagnosis", "diagnoses"},
		{"knowledge_base", "knowledge_base", "knowledge_bases"},
		{"knowledge_bases", "knowledge_base", "knowledge_bases"},
	} {
		if s := Singular(c.in); s != c.singular {
			t.Errorf("Singular(%q) = %q, want %q", c.in, s, c.singular)
		}
		if p := Plural(Singular(c.in)); p != c.plural {
			t.Errorf("Plural(Singular(%q)) = %q, want %q", c.in, p, c.plural)
		}
	}
	for _, c := range []struct{ in, snake, pascal, camel string }{
		{"LineItem", "line_item", "LineItem", "lineItem"},
		{"line-items", "line_items", "LineItems", "lineItems"},
		{"customer_id", "customer_id", "CustomerID", "customerID"},
		{"id_card", "id_card", "IDCard", "idCard"},
		{"HTTPRoute", "http_route", "HttpRoute", "httpRoute"},
	} {
		if s := toSnake(c.in); s != c.snake {
			t.Errorf("toSnake(%q) = %q, want %q", c.in, s, c.snake)
		}
		if p := Pascal(c.snake); p != c.pascal {
			t.Errorf("Pascal(%q) = %q, want %q", c.snake, p, c.pascal)
		}
		if p := Camel(c.snake); p != c.camel {
			t.Errorf("Camel(%q) = %q, want %q", c.snake, p, c.camel)
		}
	}
}

func TestResolveResource(t *testing.T) {
	customers, probs := resolveResource(ResourceSpec{Name: "Customer", Fields: []string{"name:string"}}, 0, nil)
	if len(probs) > 0 || customers.Plural != "customers" {
		t.Fatalf("customers: %v %v", customers.Plural, probs)
	}
	earlier := []Resource{customers}
	ok := []ResourceSpec{
		{Name: "invoice", Fields: []string{"number:string:unique", "amount:money", "status:enum(draft|sent|paid)", "customer:ref(customers)", "due_at:date?"}},
		{Name: "LineItems", Fields: []string{"qty:int", "sku:string:index", "customer_id:ref(customer)?"}},
		{Name: "categories", Fields: []string{"title:string", "parent:ref(categories)?"}},
	}
	for _, s := range ok {
		r, probs := resolveResource(s, 1, earlier)
		if len(probs) > 0 {
			t.Errorf("%s: %v", s.Name, probs)
			continue
		}
		again, probs := resolveResource(r.Canonical(), 1, earlier)
		if len(probs) > 0 || !slices.Equal(again.Canonical().Fields, r.Canonical().Fields) {
			t.Errorf("%s: the canonical form %v does not resolve to itself: %v", s.Name, r.Canonical(), probs)
		}
	}
	for _, c := range []struct {
		spec ResourceSpec
		want []string // substrings, one per problem, in order
	}{
		{ResourceSpec{Name: "type", Fields: []string{"a:string"}}, []string{"Go keyword"}},
		{ResourceSpec{Name: "select", Fields: []string{"a:string"}}, []string{"Go keyword"}},
		{ResourceSpec{Name: "users", Fields: []string{"a:string"}}, []string{"taken by the generated project"}},
		{ResourceSpec{Name: "billing", Fields: []string{"a:string"}}, []string{"taken by the generated project"}},
		// A module's table, from its blueprint row: billing's creates it.
		{ResourceSpec{Name: "billing_events", Fields: []string{"a:string"}}, []string{"taken by the generated project"}},
		{ResourceSpec{Name: "customers", Fields: []string{"a:string"}}, []string{"already exists"}},
		{ResourceSpec{Name: "strings", Fields: []string{"a:string"}}, []string{"taken by the generated project"}},
		{ResourceSpec{Name: "9lives", Fields: []string{"a:string"}}, []string{"not a snake_case identifier"}},
		{ResourceSpec{Name: "sheep", Fields: []string{"a:string"}}, []string{"same singular and plural"}},
		{ResourceSpec{Name: "orders"}, []string{"no fields"}},
		{ResourceSpec{Name: "orders", Fields: []string{
			"id:uuid", "tenant_id:uuid", "created_at:time", "func:string", "limit:int", "total", "total:decimal",
			"n:float", "s:string:sorted", "u:string:unique:index", "e:enum(a|B)", "f:ref(vendors)", "me:ref(orders)",
			"x:string", "x:text", "cursor:string", "flag:bool:unique",
		}}, []string{
			"id is a column every resource has", "tenant_id is a column", "created_at is a column", "Go keyword",
			"SQL reserved word", "has no type", "decimal is not a type", "unknown type \"float\"", "unknown modifier \"sorted\"",
			"unique already indexes", "enum value \"B\"", "vendors, which is not a resource", "refers to orders itself",
			"both make the field x", "name the generated code uses", "a unique bool",
		}},
	} {
		_, probs := resolveResource(c.spec, 1, earlier)
		if len(probs) != len(c.want) {
			t.Errorf("%s: %d problems, want %d:\n  %s", c.spec.Name, len(probs), len(c.want), strings.Join(probs, "\n  "))
			continue
		}
		for i, w := range c.want {
			if !strings.Contains(probs[i], w) {
				t.Errorf("%s: problem %d is %q, want it to say %q", c.spec.Name, i, probs[i], w)
			}
		}
	}
}

func TestInsert(t *testing.T) {
	data := []byte("a\n\t// saasgen:routes (above)\nb\n")
	out, inserted, err := Insert(data, "f.go", "routes", []byte("\tx()\n"))
	if err != nil || !inserted || string(out) != "a\n\tx()\n\t// saasgen:routes (above)\nb\n" {
		t.Fatalf("insert: %q %v %v", out, inserted, err)
	}
	again, inserted, err := Insert(out, "f.go", "routes", []byte("\tx()\n"))
	if err != nil || inserted || string(again) != string(out) {
		t.Fatalf("a second insert changed the file: %q %v %v", again, inserted, err)
	}
	for _, bad := range []string{"a\n", "// saasgen:routesX\n", "// saasgen:routes\n// saasgen:routes\n"} {
		_, _, err := Insert([]byte(bad), "f.go", "routes", []byte("x\n"))
		if me, ok := err.(*MarkerError); !ok || me.File != "f.go" || me.Marker != "routes" || !strings.Contains(err.Error(), "saasgen:routes") {
			t.Errorf("Insert into %q: %v, want a MarkerError naming f.go and saasgen:routes", bad, err)
		}
	}
}

// Adding a resource to a project on disk writes what Generate writes for
// the spec with that resource: check is clean after it, and a file in the
// way or a missing marker stop it before anything is written.
func TestAddResource(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "crm")
	writePreset(t, "resources", dir)
	pl := presetPlan(t, "resources")
	for _, f := range pl.Files {
		disk, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil || string(disk) != string(f.Data) {
			t.Errorf("%s differs from the golden preset's (err %v)", f.Path, err)
		}
	}

	server := filepath.Join(dir, "internal/app/server.go")
	orig, _ := os.ReadFile(server)
	if err := os.WriteFile(server, []byte(strings.Replace(string(orig), "// saasgen:routes", "// routes", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := AddResource(dir, "tags", []string{"label:string"})
	if me, ok := err.(*MarkerError); !ok || me.File != "internal/app/server.go" || me.Marker != "routes" {
		t.Fatalf("missing marker: %v", err)
	}
	os.WriteFile(server, orig, 0o644)

	put(t, dir, "internal/tags/service.go", "package tags\n")
	if _, err := AddResource(dir, "tags", []string{"label:string"}); err == nil || !strings.Contains(err.Error(), "internal/tags/service.go already exists") {
		t.Fatalf("file in the way: %v", err)
	}
	if _, err := AddResource(dir, "invoice", []string{"label:string"}); err == nil || !strings.Contains(err.Error(), "already exists in saasgen.yaml") {
		t.Fatalf("twice: %v", err)
	}
	os.RemoveAll(filepath.Join(dir, "internal/tags"))

	// A hand-written migration after the resources: the next resource's
	// comes after it, and check (which ignores the user's file) agrees.
	put(t, dir, "db/migrations/01010_projects.sql", "-- +goose Up\nSELECT 1;\n")
	addAndCheck(t, dir, "tags", "01011_tags.sql")
	// Migrations numbered by timestamp (goose create's default): the next
	// resource's sorts after the last one all the same.
	put(t, dir, "db/migrations/20261126091530_audit.sql", "-- +goose Up\nSELECT 1;\n")
	addAndCheck(t, dir, "notes", "20261126091531_notes.sql")
}

// addAndCheck adds resource name (one string field) to the project in
// dir, wants its migration to be migration, and check to be clean after.
func addAndCheck(t *testing.T, dir, name, migration string) {
	t.Helper()
	a, err := AddResource(dir, name, []string{"label:string"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Resource.Migration() != migration {
		t.Errorf("migration %s, want %s", a.Resource.Migration(), migration)
	}
	if err := a.Write(dir); err != nil {
		t.Fatal(err)
	}
	if d, err := Check(dir); err != nil || !d.Clean() {
		t.Fatalf("check after adding %s: %v\n%s", name, err, d.Diff())
	}
}

// tenResources are ten resources for the benchmarks, some referring to
// others.
func tenResources() []ResourceSpec {
	out := slices.Clone(presetResources)
	for _, n := range []string{"products", "orders", "projects", "tasks", "notes", "tags", "vendors"} {
		out = append(out, ResourceSpec{Name: n, Fields: []string{"title:string:unique", "body:text?", "amount:money", "state:enum(open|closed)", "customer:ref(customers)", "due_on:date?"}})
	}
	return out
}

func writeTen(b *testing.B, n int) string {
	spec := DefaultSpec("demo")
	spec.Normalize()
	spec.Resources = tenResources()[:n]
	pl, err := Generate(spec)
	return writePlan(b, pl, err)
}

// BenchmarkAddResource adds the tenth resource to a default project with
// nine: read saasgen.yaml, render, sqlc, insert at the markers, write.
// Copying the project for each run is not timed.
func BenchmarkAddResource(b *testing.B) {
	last := tenResources()[9]
	benchOnCopies(b, writeTen(b, 9), func(dir string) error {
		a, err := AddResource(dir, last.Name, last.Fields)
		if err != nil {
			return err
		}
		return a.Write(dir)
	})
}

// benchOnCopies times add on a fresh copy of the project in base for each
// run; copying is not timed.
func benchOnCopies(b *testing.B, base string, add func(dir string) error) {
	for b.Loop() {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "copy")
		if err := os.CopyFS(dir, os.DirFS(base)); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := add(dir); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckTenResources checks a default project with ten resources.
func BenchmarkCheckTenResources(b *testing.B) {
	benchCheck(b, writeTen(b, 10))
}

// The OpenAPI document stays valid JSON with and without resources: the
// snippets end in commas and the marker entry is always last.
func TestOpenAPIIsJSON(t *testing.T) {
	for _, p := range presets {
		f, ok := presetPlan(t, p.name).Lookup("internal/app/openapi.json")
		if !ok {
			t.Fatalf("%s: no openapi.json", p.name)
		}
		var doc struct {
			Paths map[string]any `json:"paths"`
		}
		if err := json.Unmarshal(f.Data, &doc); err != nil {
			t.Fatalf("%s: openapi.json: %v", p.name, err)
		}
		// Every {name} of a path is a declared path parameter (client
		// generators refuse the document otherwise).
		for path, item := range doc.Paths {
			item, _ := item.(map[string]any)
			for method, op := range item {
				op, _ := op.(map[string]any)
				if method == "parameters" || op == nil {
					continue
				}
				declared := map[string]bool{}
				for _, list := range []any{item["parameters"], op["parameters"]} {
					ps, _ := list.([]any)
					for _, p := range ps {
						if p, _ := p.(map[string]any); p["in"] == "path" {
							declared[p["name"].(string)] = true
						}
					}
				}
				for _, m := range regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(path, -1) {
					if !declared[m[1]] {
						t.Errorf("%s: openapi.json: %s %s does not declare the path parameter %s", p.name, method, path, m[1])
					}
				}
			}
		}
		if p.name == "resources" {
			for _, path := range []string{"/v1/invoices", "/v1/invoices/{id}", "/v1/categories/{id}"} {
				if _, ok := doc.Paths[path]; !ok {
					t.Errorf("openapi.json has no %s", path)
				}
			}
		}
	}
}
