package generator

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/saasgen/saasgen/blueprints"
)

func TestCheckName(t *testing.T) {
	for _, tc := range []struct {
		name string
		want string // substring of the error; "" for a valid name
	}{
		{"demo", ""},
		{"a", ""},
		{"app2", ""},
		{"typeapp", ""},
		{strings.Repeat("a", 40), ""},

		{"", "is empty"},
		{"My App", `"My App" is not a lowercase identifier`},
		{"Demo", `(for example "demo")`},
		{"my-app", `(for example "myapp")`},
		{"my_app", "not a lowercase identifier"},
		{"héllo", "not a lowercase identifier"},
		{"123abc", `(for example "abc")`},
		{"123", `(for example "myapp")`},
		{"../x", "is a path"},
		{"a/b", "is a path"},
		{`a\b`, "is a path"},
		{".", "is a path"},
		{"..", "is a path"},
		{"-x", "looks like a flag"},
		{"type", "is a Go keyword"},
		{"func", "is a Go keyword"},
		{"internal", "is reserved"},
		{"vendor", "is reserved"},
		{strings.Repeat("a", 41), "longer than 40 characters"},
		{"pg", "PostgreSQL reserves role names that start with pg_"},
		{"pgapp", ""},
		{"postgres", "a database every PostgreSQL cluster already has"},
		{"template1", "a database every PostgreSQL cluster already has"},
		// SQL key words are fine: init-roles.sql quotes the database name
		// (TestInitRolesRunsForKeywordNames runs it).
		{"user", ""},
		{"order", ""},
	} {
		err := CheckName(tc.name)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("CheckName(%q) = %v, want nil", tc.name, err)
		case tc.want != "" && err == nil:
			t.Errorf("CheckName(%q) = nil, want an error containing %q", tc.name, tc.want)
		case tc.want != "" && !strings.Contains(err.Error(), tc.want):
			t.Errorf("CheckName(%q) = %q, want it to contain %q", tc.name, err, tc.want)
		}
	}
}

// testCatalogue replaces the module catalogue for one test, so Normalize and
// Validate are tested against fixed data rather than against whichever
// modules have shipped: here the core modules auth and rbac are planned,
// billing and jobs are available, and audit needs billing, which needs jobs.
func testCatalogue(t *testing.T) {
	t.Helper()
	saved := blueprints.Modules
	t.Cleanup(func() { blueprints.Modules = saved })
	blueprints.Modules = []blueprints.Module{
		{Name: "tenants", Core: true, Available: true},
		{Name: "auth", Core: true, Planned: "the auth module"},
		{Name: "rbac", Core: true, Requires: []string{"auth"}, Planned: "the rbac module"},
		{Name: "billing", Available: true, Requires: []string{"jobs"}},
		{Name: "jobs", Available: true},
		{Name: "ratelimit", Planned: "the ratelimit module"},
		{Name: "audit", Available: true, Requires: []string{"billing"}},
	}
}

func TestNormalize(t *testing.T) {
	testCatalogue(t)
	for _, tc := range []struct {
		name        string
		in          Spec
		wantModules []string
		wantPay     string
		wantPath    string
		wantNotes   []string
	}{
		{
			name:        "available core modules are always added, planned ones are not",
			in:          Spec{Name: "demo"},
			wantModules: []string{"tenants"},
			wantPay:     "none",
		},
		{
			name:        "catalogue order, duplicates and spaces dropped",
			in:          Spec{Name: "demo", Modules: []string{"jobs", " billing", "tenants", "jobs"}},
			wantModules: []string{"tenants", "billing", "jobs"},
			wantPay:     "stripe",
		},
		{
			name:        "a requirement is pulled in with a note; payments default to stripe with billing",
			in:          Spec{Name: "demo", Modules: []string{"billing"}},
			wantModules: []string{"tenants", "billing", "jobs"},
			wantPay:     "stripe",
			wantNotes:   []string{"added module jobs: billing needs it"},
		},
		{
			name:        "requirements are pulled in transitively, each with a note",
			in:          Spec{Name: "demo", Modules: []string{"audit"}},
			wantModules: []string{"tenants", "billing", "jobs", "audit"},
			wantPay:     "stripe",
			wantNotes:   []string{"added module billing: audit needs it", "added module jobs: billing needs it"},
		},
		{
			name:        "a requirement already chosen is not noted",
			in:          Spec{Name: "demo", Modules: []string{"jobs", "billing"}},
			wantModules: []string{"tenants", "billing", "jobs"},
			wantPay:     "stripe",
		},
		{
			name:        "a chosen planned module is kept, with its requirement, for Validate to refuse",
			in:          Spec{Name: "demo", Modules: []string{"rbac"}},
			wantModules: []string{"tenants", "auth", "rbac"},
			wantPay:     "none",
			wantNotes:   []string{"added module auth: rbac needs it"},
		},
		{
			name:        "a chosen provider is kept",
			in:          Spec{Name: "demo", Modules: []string{"billing", "jobs"}, Payments: "paddle"},
			wantModules: []string{"tenants", "billing", "jobs"},
			wantPay:     "paddle",
		},
		{
			name:        "a provider without billing is kept, for Validate to refuse",
			in:          Spec{Name: "demo", Payments: "stripe"},
			wantModules: []string{"tenants"},
			wantPay:     "stripe",
		},
		{
			name:        "unknown names stay, sorted, after the known ones, for Validate to name",
			in:          Spec{Name: "demo", Modules: []string{"zeta", "jobs", "alpha"}},
			wantModules: []string{"tenants", "jobs", "alpha", "zeta"},
			wantPay:     "none",
		},
		{
			name:        "an explicit module path is kept",
			in:          Spec{Name: "demo", ModulePath: "github.com/acme/demo"},
			wantModules: []string{"tenants"},
			wantPay:     "none",
			wantPath:    "github.com/acme/demo",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.in
			s.Modules = slices.Clone(tc.in.Modules)
			notes := s.Normalize()
			if !slices.Equal(s.Modules, tc.wantModules) {
				t.Errorf("Modules = %q, want %q", s.Modules, tc.wantModules)
			}
			if s.Payments != tc.wantPay {
				t.Errorf("Payments = %q, want %q", s.Payments, tc.wantPay)
			}
			wantPath := tc.wantPath
			if wantPath == "" {
				wantPath = s.Name
			}
			if s.ModulePath != wantPath {
				t.Errorf("ModulePath = %q, want %q", s.ModulePath, wantPath)
			}
			if !slices.Equal(notes, tc.wantNotes) {
				t.Errorf("notes = %q, want %q", notes, tc.wantNotes)
			}
			// Normalize is idempotent: a second call changes nothing and
			// notes nothing.
			again := s
			again.Modules = slices.Clone(s.Modules)
			if notes := again.Normalize(); len(notes) != 0 || !slices.Equal(again.Modules, s.Modules) || again.Payments != s.Payments {
				t.Errorf("second Normalize changed %+v to %+v (notes %q)", s, again, notes)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	testCatalogue(t)
	valid := func() Spec {
		return Spec{Name: "demo", ModulePath: "github.com/acme/demo", Modules: []string{"tenants"}, Plans: []string{"free", "pro"}, TrialDays: 14, Payments: "none"}
	}
	for _, tc := range []struct {
		name string
		edit func(*Spec)
		want []string // one substring per expected problem; none for a valid spec
	}{
		{"valid", func(*Spec) {}, nil},
		{"valid with billing and a provider", func(s *Spec) { s.Modules = []string{"tenants", "billing", "jobs"}; s.Payments = "stripe" }, nil},
		{"valid single plan without a trial", func(s *Spec) { s.Plans = []string{"free"}; s.TrialDays = 0 }, nil},
		{"valid longest trial", func(s *Spec) { s.TrialDays = 365 }, nil},
		{"bad name", func(s *Spec) { s.Name = "My App" }, []string{`project name "My App"`}},
		{"bad module path", func(s *Spec) { s.ModulePath = "bad path" }, []string{`module path "bad path" is not a valid Go module path`, "--module-path github.com/acme/demo"}},
		{"empty module path", func(s *Spec) { s.ModulePath = "" }, []string{`module path ""`}},
		{"unknown module", func(s *Spec) { s.Modules = append(s.Modules, "teleport") }, []string{`unknown module "teleport"; known modules: tenants, auth, rbac, billing, jobs, ratelimit, audit`}},
		{"planned module", func(s *Spec) { s.Modules = append(s.Modules, "ratelimit") }, []string{`module "ratelimit" is not available in saasgen ` + Version + ` yet (the ratelimit module is planned); available now: tenants, billing, jobs, audit`}},
		{"empty module entry", func(s *Spec) { s.Modules = append(s.Modules, "") }, []string{"--modules has an empty entry"}},
		{"no plans", func(s *Spec) { s.Plans = nil; s.TrialDays = 0 }, []string{"no plan tiers given"}},
		{"plan not an identifier", func(s *Spec) { s.Plans = []string{"free", "Pro"} }, []string{`plan name "Pro" is not a lowercase identifier`}},
		{"plan twice", func(s *Spec) { s.Plans = []string{"free", "pro", "free"} }, []string{`plan "free" is listed twice`}},
		{"negative trial", func(s *Spec) { s.TrialDays = -1 }, []string{"--trial-days -1 is out of range"}},
		{"too long a trial", func(s *Spec) { s.TrialDays = 366 }, []string{"--trial-days 366 is out of range"}},
		{"trial without a paid plan", func(s *Spec) { s.Plans = []string{"free"} }, []string{"a trial needs a paid plan"}},
		{"unknown provider", func(s *Spec) { s.Payments = "bitcoin" }, []string{`unknown payment provider "bitcoin"; use one of: stripe, paddle, lemonsqueezy, none`}},
		{"empty provider", func(s *Spec) { s.Payments = "" }, []string{`unknown payment provider ""`}},
		{"provider without billing", func(s *Spec) { s.Payments = "stripe" }, []string{"--payments stripe needs the billing module"}},
		{
			"three problems at once",
			func(s *Spec) {
				s.ModulePath = "bad path"
				s.Modules = append(s.Modules, "teleport")
				s.Payments = "bitcoin"
			},
			[]string{"the project settings have 3 problems:", `module path "bad path"`, `unknown module "teleport"`, `unknown payment provider "bitcoin"`},
		},
		{
			"every kind of problem at once",
			func(s *Spec) {
				*s = Spec{Name: "1x", ModulePath: "a b", Modules: []string{"x", "ratelimit"}, Plans: []string{"A", "b", "b"}, TrialDays: -3, Payments: "cash"}
			},
			[]string{"have 8 problems", `project name "1x"`, `module path "a b"`, `unknown module "x"`, `module "ratelimit" is not available`, `plan name "A"`, `plan "b" is listed twice`, "--trial-days -3", `unknown payment provider "cash"`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := valid()
			tc.edit(&s)
			err := s.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want problems %q", tc.want)
			}
			var probs Problems
			if !errors.As(err, &probs) {
				t.Fatalf("Validate() returned %T, want Problems so the CLI exits 2", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q\nwant it to contain %q", err, w)
				}
			}
		})
	}
}

// A module path that defaulted to the name is not a second problem when the
// name is bad: the fix is the name, not --module-path.
func TestValidateBadNameOnceWhenModulePathIsDerived(t *testing.T) {
	testCatalogue(t)
	s := Spec{Name: "My App", Modules: []string{"tenants"}, Plans: []string{"free"}, Payments: "none"}
	s.Normalize()
	var probs Problems
	if !errors.As(s.Validate(), &probs) || len(probs) != 1 || !strings.Contains(probs[0], `project name "My App"`) {
		t.Fatalf("Validate() problems = %q, want only the name's", probs)
	}
	s.ModulePath = "my app"
	if !errors.As(s.Validate(), &probs) || len(probs) != 2 {
		t.Fatalf("with --module-path 'my app', Validate() problems = %q, want the name's and the module path's", probs)
	}
}

func TestValidateNamesEveryProblemOnItsOwnLine(t *testing.T) {
	testCatalogue(t)
	s := Spec{Name: "demo", ModulePath: "bad path", Modules: []string{"tenants", "teleport"}, Plans: []string{"free", "pro"}, Payments: "bitcoin"}
	var probs Problems
	if !errors.As(s.Validate(), &probs) || len(probs) != 3 {
		t.Fatalf("Validate() problems = %q, want 3", probs)
	}
	want := "the project settings have 3 problems:\n  - " + probs[0] + "\n  - " + probs[1] + "\n  - " + probs[2]
	if got := probs.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
	if one := probs[:1]; one.Error() != probs[0] {
		t.Errorf("a single problem reads %q, want it bare: %q", one.Error(), probs[0])
	}
}

func TestDefaultSpec(t *testing.T) {
	s := DefaultSpec("demo")
	if s.Name != "demo" {
		t.Errorf("Name = %q, want demo", s.Name)
	}
	if !slices.Equal(s.Modules, blueprints.DefaultNames()) {
		t.Errorf("Modules = %q, want every available module that is not opt-in %q", s.Modules, blueprints.DefaultNames())
	}
	if want := []string{"free", "pro", "enterprise"}; !slices.Equal(s.Plans, want) {
		t.Errorf("Plans = %q, want %q", s.Plans, want)
	}
	if s.TrialDays != 14 {
		t.Errorf("TrialDays = %d, want 14", s.TrialDays)
	}
	// The default must not share the catalogue's slice, or a caller editing
	// its plans would change the next default.
	s.Plans[0] = "changed"
	if blueprints.KnownPlans[0] != "free" {
		t.Fatalf("DefaultSpec aliases blueprints.KnownPlans")
	}

	d := DefaultSpec("demo")
	notes := d.Normalize()
	if err := d.Validate(); err != nil {
		t.Fatalf("the normalized default spec is invalid: %v", err)
	}
	if len(notes) != 0 {
		t.Errorf("the default spec needed modules added: %q", notes)
	}
	if d.ModulePath != "demo" {
		t.Errorf("ModulePath = %q, want the name", d.ModulePath)
	}
	wantPay := "none"
	if d.Has("billing") {
		wantPay = "stripe"
	}
	if d.Payments != wantPay {
		t.Errorf("Payments = %q, want %q", d.Payments, wantPay)
	}
}

func TestDefaultSpecWithEveryModule(t *testing.T) {
	testCatalogue(t)
	d := DefaultSpec("demo")
	d.Normalize()
	if err := d.Validate(); err != nil {
		t.Fatalf("the normalized default spec is invalid: %v", err)
	}
	if want := []string{"tenants", "billing", "jobs", "audit"}; !slices.Equal(d.Modules, want) {
		t.Errorf("Modules = %q, want %q", d.Modules, want)
	}
	if d.Payments != "stripe" {
		t.Errorf("Payments = %q, want stripe once billing is in", d.Payments)
	}
}

// A provider declared in blueprints whose adapter templates this saasgen
// does not hold is refused by name, listing the providers that did ship.
func TestValidateUnshippedProvider(t *testing.T) {
	testCatalogue(t)
	saved := blueprints.Providers
	t.Cleanup(func() { blueprints.Providers = saved })
	blueprints.Providers = append(slices.Clone(saved), blueprints.Provider{Name: "cash", Templates: "payments/cash"})
	s := Spec{Name: "demo", ModulePath: "github.com/acme/demo", Modules: []string{"tenants", "billing", "jobs"}, Plans: []string{"free", "pro"}, Payments: "cash"}
	err := s.Validate()
	if err == nil || !strings.Contains(err.Error(), `payment provider "cash" is not available in saasgen `+Version+` yet; use --payments stripe`) || !strings.Contains(err.Error(), "none") {
		t.Fatalf("Validate() = %v, want the unshipped provider named with the shipped ones", err)
	}
}
