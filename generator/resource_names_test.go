package generator

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/saasgen/saasgen/blueprints"
)

// riskyResources are resources whose names or fields once gave a project
// that did not build, or whose generated tests failed: names equal to
// identifiers of the resource package (Page, Service), to helpers of the
// app tests (newPlanSwitch), a resource whose samples need no sequence
// number (only enum, uuid and ref fields), one whose fields are all
// nullable, and one named after a base test's prefix.
var riskyResources = []ResourceSpec{
	{Name: "page", Fields: []string{"title:string", "kind:enum(a|b)"}},
	{Name: "service", Fields: []string{"name:string:unique", "page:ref(pages)?"}},
	{Name: "plan_switch", Fields: []string{"at:time"}},
	{Name: "tags", Fields: []string{"kind:enum(a|b)", "key:uuid:unique", "page:ref(pages)"}},
	{Name: "memos", Fields: []string{"note:text?", "due:date?"}},
	{Name: "new_services", Fields: []string{"limit_name:string"}},
	{Name: "apis", Fields: []string{"url:string"}},
}

// TestRiskyResourceNames adds riskyResources one by one with check clean
// after each, then type-checks the project (go vet) and runs their
// generated tests against the real PostgreSQL and Redis.
func TestRiskyResourceNames(t *testing.T) {
	endToEnd(t)
	spec := DefaultSpec("risky")
	spec.ModulePath = "example.com/risky"
	spec.Modules = []string{"tenants", "auth", "rbac"}
	spec.Plans = []string{"free", "pro"}
	spec.TrialDays = 0
	spec.Resources = riskyResources
	dir := filepath.Join(t.TempDir(), "risky")
	writeSpec(t, spec, dir)
	goCmd(t, dir, "vet", "./...")
	var names []string
	for _, r := range riskyResources {
		plural, _ := ParseResourceName(r.Name)
		names = append(names, Pascal(plural))
	}
	out := goCmd(t, dir, "test", "-count=1", "-v", "-run", "^TestResource("+strings.Join(names, "|")+")", "./internal/app")
	for _, n := range names {
		for _, test := range []string{"CRUD", "Validation", "Permissions", "Pagination", "PlanLimit", "RecordGrants", "CrossTenant"} {
			if !strings.Contains(out, "--- PASS: TestResource"+n+test+" ") {
				t.Errorf("TestResource%s%s did not pass", n, test)
			}
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}

// resourcePrefixes start every name a resource declares in package app and
// its tests (see templates/resource/files/internal/app): mountResourceX,
// newResourceX, createResourceX, resourceFieldsXs, TestResourceXs....
var resourcePrefixes = []string{"mountResource", "newResource", "createResource", "resourceFields", "TestResource"}

// No other file of package app declares a name with a resource's prefix,
// so no resource name can collide with the project's own code or tests.
func TestResourceNamesCannotCollideInApp(t *testing.T) {
	spec := DefaultSpec("demo")
	spec.Modules = blueprints.AvailableNames() // opt-in ones too
	spec.Normalize()
	pl, err := Generate(spec)
	if err != nil {
		t.Fatal(err)
	}
	plans := []*Plan{pl}
	for _, p := range presets { // the payment providers' files differ
		plans = append(plans, presetPlan(t, p.name))
	}
	checked := 0
	for _, pl := range plans {
		for _, f := range pl.Files {
			if path.Dir(f.Path) != "internal/app" || path.Ext(f.Path) != ".go" || strings.HasPrefix(path.Base(f.Path), "resource_") && !strings.HasSuffix(f.Path, "_helpers_test.go") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Data, 0)
			if err != nil {
				t.Fatal(err)
			}
			checked++
			for _, name := range topLevelNames(file) {
				for _, p := range resourcePrefixes {
					if strings.HasPrefix(name, p) {
						t.Errorf("%s declares %s, which a resource's code could declare too; rename it", f.Path, name)
					}
				}
			}
		}
	}
	if checked < 20 {
		t.Fatalf("checked %d files of internal/app", checked)
	}
}

// topLevelNames are the names a file declares at package level.
func topLevelNames(f *ast.File) []string {
	var out []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				out = append(out, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					out = append(out, s.Name.Name)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						out = append(out, n.Name)
					}
				}
			}
		}
	}
	return out
}
