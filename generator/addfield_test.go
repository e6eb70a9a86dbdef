package generator

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestFieldDefaults(t *testing.T) {
	for _, c := range []struct{ raw, spec, sql string }{
		{"n:int:default(0)", "n:int:default(0)", "0"},
		{"n:int:default(-007)", "n:int:default(-7)", "-7"},
		{"n:int64:default(9223372036854775807)", "n:int64:default(9223372036854775807)", "9223372036854775807"},
		{"price:money:default(1999)", "price:money:default(1999)", "1999"},
		{"flag:bool:default(false)", "flag:bool:default(false)", "false"},
		{"state:enum(open|closed):default(closed)", "state:enum(open|closed):default(closed)", "'closed'"},
		{"title:string:default(it's new)", "title:string:default(it's new)", "'it''s new'"},
		{"title:string:default()", "title:string:default()", "''"},
		{"body:text:index:default(x)", "", ""}, // text cannot be indexed: a problem, below
		{"day:date:default(2024-02-29)", "day:date:default(2024-02-29)", "'2024-02-29'"},
		{"day:date:default(today)", "day:date:default(today)", "current_date"},
		{"at:time:default(2026-01-31T09:00:00+02:00)", "at:time:default(2026-01-31T09:00:00+02:00)", "'2026-01-31T09:00:00+02:00'"},
		{"at:time:default(now)", "at:time:default(now)", "now()"},
		{"code:uuid:default(0190A0B0-0000-7000-8000-000000000000)", "code:uuid:default(0190a0b0-0000-7000-8000-000000000000)", "'0190a0b0-0000-7000-8000-000000000000'"},
		{"n:int:index:default(3)", "n:int:index:default(3)", "3"},
	} {
		f, probs := parseField(c.raw)
		if c.spec == "" {
			if len(probs) == 0 {
				t.Errorf("%s: no problem", c.raw)
			}
			continue
		}
		if len(probs) > 0 || f.Spec() != c.spec || f.DefaultSQL() != c.sql {
			t.Errorf("%s: spec %q, SQL %q, problems %q; want %q, %q", c.raw, f.Spec(), f.DefaultSQL(), probs, c.spec, c.sql)
		}
		if again, probs := parseField(f.Spec()); len(probs) > 0 || again.Spec() != f.Spec() {
			t.Errorf("%s: the canonical form %q does not parse to itself: %q %v", c.raw, f.Spec(), again.Spec(), probs)
		}
	}
	for _, c := range []struct{ raw, want string }{
		{"n:int:default(2147483648)", "not a whole number that int holds (32-bit)"},
		{"n:int:default(1.5)", "not a whole number"},
		{"n:money:default(x)", "not a whole number"},
		{"flag:bool:default(yes)", "not a bool"},
		{"state:enum(open|closed):default(gone)", `default "gone" is not one of the enum's values (open, closed)`},
		{"day:date:default(2023-02-29)", "not a date"},
		{"at:time:default(2026-01-31 09:00)", "not a time"},
		{"code:uuid:default(nope)", "not a UUID"},
		{"title:string:default(a(b))", "may not hold ( ) or ,"},
		{"title:string:default(" + strings.Repeat("x", 256) + ")", "longer than string's 255 characters"},
		{"title:string:default(a\tb)", "control character"},
		{"title:string:default(a --b)", "may not hold --"},
		{"n:int:default(1):default(2)", "default is given twice"},
		{"c:ref(customers):default(x)", "a ref cannot have a default"},
		{"n:int?:default(1)", "a nullable field starts as null"},
		{"sku:string:unique:default(x)", "a unique field cannot have a default"},
		{"n:int:defaults(1)", `unknown modifier "defaults(1)"; use unique, index, default(VALUE)`},
	} {
		_, probs := parseField(c.raw)
		if len(probs) != 1 || !strings.Contains(probs[0], c.want) {
			t.Errorf("%s: problems %q, want one saying %q", c.raw, probs, c.want)
		}
	}
}

func TestReplace(t *testing.T) {
	data := []byte("a\n\told()\n\tkeep()\n\t// saasgen:routes\nb\n")
	out, err := Replace(data, "f.go", "routes", []byte("\told()\n"), []byte("\tnew()\n"))
	if err != nil || string(out) != "a\n\tnew()\n\tkeep()\n\t// saasgen:routes\nb\n" {
		t.Fatalf("replace: %q %v", out, err)
	}
	if same, err := Replace(data, "f.go", "routes", []byte("\told()\n"), []byte("\told()\n")); err != nil || string(same) != string(data) {
		t.Errorf("an unchanged snippet changed the file: %q %v", same, err)
	}
	var se *SnippetError
	if _, err := Replace(out, "f.go", "routes", []byte("\told()\n"), []byte("\tnew()\n")); !errors.As(err, &se) || se.Count != 0 || !strings.Contains(err.Error(), "edited by hand") {
		t.Errorf("old snippet gone: %v, want a SnippetError", err)
	}
	twice := []byte("\told()\n\told()\n// saasgen:routes\n")
	if _, err := Replace(twice, "f.go", "routes", []byte("\told()\n"), []byte("\tnew()\n")); !errors.As(err, &se) || se.Count != 2 {
		t.Errorf("old snippet twice: %v, want a SnippetError counting 2", err)
	}
	var me *MarkerError
	if _, err := Replace([]byte("\told()\n"), "f.go", "routes", []byte("\told()\n"), []byte("\tnew()\n")); !errors.As(err, &me) {
		t.Errorf("no marker: %v, want a MarkerError", err)
	}
}

// tree maps every file under dir to its content, to show that a refused
// add wrote nothing.
func tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		m[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameTree(t testing.TB, dir string, before map[string]string) {
	t.Helper()
	after := tree(t, dir)
	for p, data := range after {
		if was, ok := before[p]; !ok {
			t.Errorf("%s was created", p)
		} else if was != data {
			t.Errorf("%s was changed", p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			t.Errorf("%s was removed", p)
		}
	}
}

// Adding fields writes a new migration and regenerates what they change,
// exactly as Generate writes the project from the saasgen.yaml it records:
// check is clean after each add.
func TestAddField(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "crm")
	writePreset(t, "resources", dir)
	migrations := func() []string {
		entries, _ := os.ReadDir(filepath.Join(dir, "db/migrations"))
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	before := migrations()

	// customers is referred to by invoices (NOT NULL: the isolation seed
	// of invoices inserts a customer, so its snippet changes too) and by
	// categories; the new ref points at a resource added after customers.
	a, err := AddField(dir, "Customer", []string{"tier:enum(free|gold):default(free)", "since:date:default(2024-02-29)", "last_invoice:ref(invoices)?", "code:string?:unique"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Migration != "db/migrations/01004_customers_add_tier_and_more.sql" || len(a.Created) != 1 || a.Created[0].Path != a.Migration {
		t.Fatalf("migration %s, created %v", a.Migration, a.Created)
	}
	sql := string(a.Created[0].Data)
	for _, want := range []string{
		"ALTER TABLE customers\n    ADD COLUMN tier text NOT NULL DEFAULT 'free' CHECK (tier IN ('free', 'gold')),\n",
		"    ADD COLUMN since date NOT NULL DEFAULT '2024-02-29',\n",
		"    ADD COLUMN last_invoice_id uuid,\n",
		"    ADD CONSTRAINT customers_last_invoice_id_fkey FOREIGN KEY (tenant_id, last_invoice_id) REFERENCES invoices (tenant_id, id),\n",
		"    ADD CONSTRAINT customers_code_unique UNIQUE (tenant_id, code);\n",
		"CREATE INDEX customers_tier_idx ON customers (tenant_id, tier, id);\n",
		"-- +goose Down\n-- Dropping a column drops its constraints and indexes with it.\nALTER TABLE customers\n    DROP COLUMN tier,\n    DROP COLUMN since,\n    DROP COLUMN last_invoice_id,\n    DROP COLUMN code;\n",
	} {
		if !strings.Contains(sql, want) {
			t.Errorf("the migration lacks %q:\n%s", want, sql)
		}
	}
	changed := map[string]Change{}
	for _, c := range a.Changed {
		changed[c.Path] = c
	}
	if c := changed["internal/app/isolation_test.go"]; !slices.Equal(c.Markers, []string{"isolation"}) {
		t.Errorf("isolation_test.go: markers %v, want the seeds replaced", c.Markers)
	}
	for _, p := range []string{"internal/customers/service.go", "internal/customers/customersdb/models.go", "db/queries/customers/customers.sql", "internal/app/resource_customers_test.go"} {
		if !changed[p].Regenerated {
			t.Errorf("%s is not regenerated", p)
		}
	}
	for p := range changed {
		if strings.Contains(p, "invoices") || strings.Contains(p, "categories") || strings.HasPrefix(p, "db/migrations/") {
			t.Errorf("%s changes; only customers' own files, the marker files and saasgen.yaml should", p)
		}
	}
	if err := a.Write(dir); err != nil {
		t.Fatal(err)
	}
	if got := migrations(); len(got) != len(before)+1 || !slices.Contains(got, filepath.Base(a.Migration)) {
		t.Errorf("migrations %v, want %v and %s", got, before, a.Migration)
	}
	if d := mustCheck(t, dir); !d.Clean() {
		t.Fatalf("check after add field: drift\n%s%v", d.Diff(), d.Paths(MigrationDrift))
	}
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []ChangeSpec{{Migration: 1004, AddFields: []string{"tier:enum(free|gold):default(free)", "since:date:default(2024-02-29)", "last_invoice:ref(invoices)?", "code:string?:unique"}}}
	if got := m.Resources[0].Changes; len(got) != 1 || got[0].Migration != want[0].Migration || !slices.Equal(got[0].AddFields, want[0].AddFields) {
		t.Errorf("saasgen.yaml records %+v, want %+v", got, want)
	}
	if !slices.Equal(m.Resources[0].Fields, presetResources[0].Fields) {
		t.Errorf("the CREATE TABLE fields changed: %v", m.Resources[0].Fields)
	}

	// Again, on the same resource and on another: each its own migration,
	// after the last.
	addFieldAndCheck(t, dir, "customers", []string{"note:text?"}, "db/migrations/01005_customers_add_note.sql")
	put(t, dir, "db/migrations/01009_by_hand.sql", "-- +goose Up\nSELECT 1;\n")
	addFieldAndCheck(t, dir, "invoices", []string{"paid:bool:default(false)"}, "db/migrations/01010_invoices_add_paid.sql")
	// A resource added after the changes comes after them.
	addAndCheck(t, dir, "tags", "01011_tags.sql")
}

func addFieldAndCheck(t *testing.T, dir, resource string, fields []string, migration string) {
	t.Helper()
	a, err := AddField(dir, resource, fields)
	if err != nil {
		t.Fatal(err)
	}
	if a.Migration != migration {
		t.Errorf("migration %s, want %s", a.Migration, migration)
	}
	if err := a.Write(dir); err != nil {
		t.Fatal(err)
	}
	if d := mustCheck(t, dir); !d.Clean() {
		t.Fatalf("check after adding %v to %s: drift\n%s%v", fields, resource, d.Diff(), d.Paths(MigrationDrift))
	}
}

// AddField regenerates only the resource's own files (and the marker
// files): the whole project, regenerated with the change, differs from
// the one without it in no other file. If a template made one resource's
// files depend on another's fields, this fails, and AddField would have to
// regenerate those too.
func TestAddFieldChangesOnlyItsResource(t *testing.T) {
	before := presetPlan(t, "resources")
	spec := before.Spec
	spec.Resources = slices.Clone(spec.Resources)
	spec.Resources[0].Changes = []ChangeSpec{{Migration: 1004, AddFields: []string{"tier:enum(free|gold):default(free)", "rank:int:default(1)", "last_invoice:ref(invoices)?"}}}
	after, err := Generate(spec)
	if err != nil {
		t.Fatal(err)
	}
	allowed := func(p string) bool {
		switch p {
		case ManifestName, SumName, "db/migrations/01004_customers_add_tier_and_more.sql":
			return true
		}
		for _, m := range Markers {
			if p == m.File {
				return true
			}
		}
		return strings.HasPrefix(p, "internal/customers/") || p == "db/queries/customers/customers.sql" || p == "internal/app/resource_customers_test.go"
	}
	old := map[string]string{}
	for _, f := range before.Files {
		old[f.Path] = string(f.Data)
	}
	for _, f := range after.Files {
		if was, ok := old[f.Path]; (!ok || was != string(f.Data)) && !allowed(f.Path) {
			t.Errorf("%s changes with a field of customers", f.Path)
		}
		delete(old, f.Path)
	}
	for p := range old {
		t.Errorf("%s is gone with a field of customers", p)
	}
}

// Bad input is every problem at once, and nothing is written.
func TestAddFieldProblems(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "crm")
	writePreset(t, "resources", dir)
	snap := tree(t, dir)
	for _, c := range []struct {
		name   string
		fields []string
		want   []string
	}{
		{"orders", []string{"x:int?", "y:float"}, []string{`"orders" is not a resource of this project (its resources: customers, invoices, categories)`, `unknown type "float"`}},
		{"9x", nil, []string{`resource name "9x" is not a snake_case identifier`, "no --field given"}},
		{"invoices", []string{"amount:int?", "customer:ref(customers)?", "Number:string?"}, []string{
			"invoices already has the field amount (amount:money)", "invoices already has the field customer_id", "invoices already has the field number",
		}},
		{"invoices", []string{"lines2:int", "ok:bool", "kind:enum(a|b)", "code:uuid", "note:string:unique", "buyer:ref(customers)", "ts:time"}, []string{
			"invoices may have rows, which would have no lines2; give a default (lines2:int:default(0)) or make it nullable (lines2:int?)",
			"ok:bool:default(false)", "kind:enum(a|b):default(a)", "a uuid has no default that suits every row; make it nullable: code:uuid?",
			"a unique field added to invoices, which may have rows, must be nullable: one default would repeat in every row; add note:string?:unique",
			"a reference added to invoices cannot be required", "ts:time:default(now)",
		}},
		{"invoices", []string{"sku:string:unique:default(x)", "t:text?:default(x)", "v:ref(vendors)?", "order:int?", "id:uuid?", "x:int?", "x:int?"}, []string{
			"a unique field cannot have a default", "a nullable field starts as null", "vendors, which is not a resource of this project (existing resources: customers, categories)",
			"SQL reserved word", "id is a column every resource has", "both make the field x",
		}},
		{"invoices", []string{}, []string{"adds no fields"}},
	} {
		_, err := AddField(dir, c.name, c.fields)
		var rp ResourceProblems
		if !errors.As(err, &rp) {
			t.Errorf("%s %v: %v, want ResourceProblems", c.name, c.fields, err)
			continue
		}
		if len(rp.Problems) != len(c.want) {
			t.Errorf("%s %v: %d problems, want %d:\n  %s", c.name, c.fields, len(rp.Problems), len(c.want), strings.Join(rp.Problems, "\n  "))
			continue
		}
		for i, w := range c.want {
			if !strings.Contains(rp.Problems[i], w) {
				t.Errorf("%s: problem %d is %q, want it to say %q", c.name, i, rp.Problems[i], w)
			}
		}
	}
	sameTree(t, dir, snap)
}

// A file add field would regenerate, or a snippet it would replace, that
// was edited by hand stops it before anything is written.
func TestAddFieldRefusesHandEdits(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "crm")
	writePreset(t, "resources", dir)
	fields := []string{"rank:int:default(0)"}
	edit := func(p, old, new string) (undo func()) {
		full := filepath.Join(dir, p)
		orig, err := os.ReadFile(full)
		if err != nil || !strings.Contains(string(orig), old) {
			t.Fatalf("%s: %v, or no %q in it", p, err, old)
		}
		put(t, dir, p, strings.Replace(string(orig), old, new, 1))
		return func() { put(t, dir, p, string(orig)) }
	}

	undo := edit("internal/customers/service.go", "// Get returns", "// Get, edited by hand, returns")
	snap := tree(t, dir)
	_, err := AddField(dir, "customers", fields)
	var ee *EditedError
	if !errors.As(err, &ee) || ee.Path != "internal/customers/service.go" || !strings.Contains(err.Error(), "saasgen check") {
		t.Errorf("edited service.go: %v, want an EditedError naming it and saasgen check", err)
	}
	sameTree(t, dir, snap)
	undo()

	// The sqlc output counts too.
	undo = edit("internal/customers/customersdb/models.go", "type Customers struct {", "type Customers struct {\n\tMine int")
	if _, err := AddField(dir, "customers", fields); !errors.As(err, &ee) || ee.Path != "internal/customers/customersdb/models.go" {
		t.Errorf("edited models.go: %v, want an EditedError naming it", err)
	}
	undo()

	// customers' OpenAPI entry, edited: its new version cannot replace it.
	undo = edit("internal/app/openapi.json", `"List the tenant's customers`, `"List our customers`)
	snap = tree(t, dir)
	var se *SnippetError
	if _, err := AddField(dir, "customers", fields); !errors.As(err, &se) || se.File != "internal/app/openapi.json" || se.Marker != "openapi" {
		t.Errorf("edited snippet: %v, want a SnippetError naming openapi.json and saasgen:openapi", err)
	}
	sameTree(t, dir, snap)
	undo()

	undo = edit("sqlc.yaml", "# saasgen:sqlc", "# sqlc")
	var me *MarkerError
	if _, err := AddField(dir, "customers", fields); !errors.As(err, &me) || me.File != "sqlc.yaml" {
		t.Errorf("missing marker: %v, want a MarkerError naming sqlc.yaml", err)
	}
	undo()

	if err := os.Remove(filepath.Join(dir, "internal/customers/handlers.go")); err != nil {
		t.Fatal(err)
	}
	if _, err := AddField(dir, "customers", fields); err == nil || !strings.Contains(err.Error(), "internal/customers/handlers.go is missing") {
		t.Errorf("missing file: %v", err)
	}
}

// saasgen.yaml's record of changes is checked like the rest of it: a
// hand edit that breaks it is a problem naming the fix.
func TestResolveChanges(t *testing.T) {
	base := func() []ResourceSpec { return slices.Clone(presetResources) }
	ok := base()
	ok[0].Changes = []ChangeSpec{{Migration: 1004, AddFields: []string{"rank:int:default(1)", "parent:ref(customers)?", "last:ref(categories)?"}}, {Migration: 1005, AddFields: []string{"note:text?"}}}
	rs, probs := resolveResources(ok)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	c := rs[0]
	if len(c.Fields) != 9 || len(c.TableFields()) != 5 || !slices.Equal(c.Migrations(), []string{"01001_customers.sql", "01004_customers_add_rank_and_more.sql", "01005_customers_add_note.sql"}) || c.LastVersion() != 1005 {
		t.Errorf("fields %d, table fields %d, migrations %v, last %d", len(c.Fields), len(c.TableFields()), c.Migrations(), c.LastVersion())
	}
	rp := ResourceProject{Project: Project{Resources: rs}, Resource: c}
	for _, f := range c.Fields[5:8] {
		if f.Type == "ref" && (!f.Forward || rp.TestValue(f, "acc") != "nil") {
			t.Errorf("%s refers to customers or a later resource, but is not Forward (test value %s): making a row would loop", f.Name, rp.TestValue(f, "acc"))
		}
	}
	if inv := rs[1]; inv.Fields[3].Forward || (ResourceProject{Project: Project{Resources: rs}, Resource: inv}).TestValue(inv.Fields[3], "acc") != "createResourceCustomer(t, a, acc)" {
		t.Errorf("invoices' customer refers back to an earlier resource: its tests make one")
	}
	if got := c.Canonical(); len(got.Changes) != 2 || !slices.Equal(got.Fields, presetResources[0].Fields) || got.Changes[0].AddFields[1] != "parent:ref(customers)?" {
		t.Errorf("canonical %+v", got)
	}

	for _, tc := range []struct {
		name    string
		changes []ChangeSpec
		want    string
	}{
		{"before the table", []ChangeSpec{{Migration: 1000, AddFields: []string{"a:int?"}}}, "must come after the resource's migration 1001"},
		{"out of order", []ChangeSpec{{Migration: 1005, AddFields: []string{"a:int?"}}, {Migration: 1004, AddFields: []string{"b:int?"}}}, "must come after the resource's migration 1005"},
		{"another's version", []ChangeSpec{{Migration: 1002, AddFields: []string{"a:int?"}}}, "has the version of a migration of invoices"},
		{"no fields", []ChangeSpec{{Migration: 1004}}, "adds no fields"},
		{"not null", []ChangeSpec{{Migration: 1004, AddFields: []string{"a:int"}}}, "give a default (a:int:default(0))"},
		{"twice", []ChangeSpec{{Migration: 1004, AddFields: []string{"a:int?"}}, {Migration: 1005, AddFields: []string{"a:int?"}}}, "customers already has the field a (a:int?)"},
	} {
		specs := base()
		specs[0].Changes = tc.changes
		_, probs := resolveResources(specs)
		if len(probs) != 1 || !strings.Contains(probs[0], tc.want) {
			t.Errorf("%s: %q, want one problem saying %q", tc.name, probs, tc.want)
		}
	}
}
