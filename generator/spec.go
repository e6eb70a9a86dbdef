// Package generator is saasgen's engine: a validated Spec becomes a file
// plan, every template is rendered in memory, Go files are formatted, sqlc
// runs over the generated queries, and only then is anything written.
package generator

import (
	"errors"
	"fmt"
	"go/token"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/mod/module"

	"github.com/saasgen/saasgen/blueprints"
)

// Spec is everything a user answers for `saasgen new`.
type Spec struct {
	// Name is the project and binary name: a lowercase identifier.
	Name string `yaml:"name"`
	// ModulePath is the Go module path of the generated project.
	ModulePath string `yaml:"module"`
	// Modules are the selected modules, core ones included, in catalogue order.
	Modules []string `yaml:"modules"`
	// Plans are the plan tiers, cheapest first.
	Plans []string `yaml:"plans"`
	// TrialDays is the length of the trial of the second plan; 0 for none.
	TrialDays int `yaml:"trial_days"`
	// Payments is the payment provider; "none" without billing.
	Payments string `yaml:"payments"`
	// Resources are the resources `saasgen add resource` added, in the
	// order they were added (which fixes their migrations' numbers).
	Resources []ResourceSpec `yaml:"resources,omitempty"`
	// Migrations are the template migrations this project got after it
	// was made (from saasgen upgrade or add module), by stable name, at
	// the version they were numbered with then (after the project's last
	// migration); every other template migration keeps its template
	// number. See PlaceMigrations.
	Migrations map[string]int `yaml:"migrations,omitempty"`
}

// Problems collects every problem with a spec so a user sees them all at once.
type Problems []string

func (p Problems) Error() string {
	if len(p) == 1 {
		return p[0]
	}
	return "the project settings have " + fmt.Sprint(len(p)) + " problems:\n  - " + strings.Join(p, "\n  - ")
}

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// reservedNames would collide with the generated layout or Go tooling.
var reservedNames = []string{"internal", "main", "test", "testdata", "vendor", "cmd", "db", "docs"}

// systemDatabases are the databases initdb creates; the project's database
// is named after the project.
var systemDatabases = []string{"postgres", "template0", "template1"}

// CheckName reports why name cannot be a project name, or nil.
func CheckName(name string) error {
	switch {
	case name == "":
		return errors.New("the project name is empty; give one, for example: saasgen new myapp")
	case strings.ContainsAny(name, `/\`) || name == "." || name == "..":
		return fmt.Errorf("project name %q is a path; give a plain name and use --out DIR to choose where it is written", name)
	case strings.HasPrefix(name, "-"):
		return fmt.Errorf("project name %q looks like a flag; put flags after the name or use a name that starts with a letter", name)
	case !nameRE.MatchString(name):
		return fmt.Errorf("project name %q is not a lowercase identifier: use a lowercase letter followed by lowercase letters or digits (for example %q)", name, suggestName(name))
	case token.IsKeyword(name):
		return fmt.Errorf("project name %q is a Go keyword and cannot name a package; choose another, for example %q", name, name+"app")
	case slices.Contains(reservedNames, name):
		return fmt.Errorf("project name %q is reserved by the generated layout; choose another, for example %q", name, name+"app")
	case len(name) > 40:
		return fmt.Errorf("project name %q is longer than 40 characters; PostgreSQL role names are derived from it, so choose a shorter one", name)
	case slices.Contains(systemDatabases, name):
		return fmt.Errorf("project name %q is a database every PostgreSQL cluster already has, so the project's database would not be its own; choose another, for example %q", name, name+"app")
	case name == "pg":
		return fmt.Errorf("project name %q would name the PostgreSQL roles %s_app and %s_owner, and PostgreSQL reserves role names that start with pg_; choose another, for example %q", name, name, name, name+"app")
	}
	return nil
}

func suggestName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9' && b.Len() > 0) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "myapp"
	}
	return b.String()
}

// identRE matches a lowercase snake_case identifier: the names of plans,
// resources, fields and enum values.
var identRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Normalize fills defaults that follow from other answers and puts modules
// in catalogue order with their requirements added. It returns a line for
// every module it added, so the CLI can say so.
func (s *Spec) Normalize() (added []string) {
	if s.ModulePath == "" {
		s.ModulePath = s.Name
	}
	want := map[string]bool{}
	for _, m := range blueprints.Modules {
		if m.Core && m.Available {
			want[m.Name] = true
		}
	}
	for _, m := range s.Modules {
		want[strings.TrimSpace(m)] = true
	}
	// Pull in requirements until nothing changes.
	for changed := true; changed; {
		changed = false
		for _, m := range blueprints.Modules {
			if !want[m.Name] {
				continue
			}
			for _, r := range m.Requires {
				if !want[r] {
					want[r] = true
					changed = true
					added = append(added, fmt.Sprintf("added module %s: %s needs it", r, m.Name))
				}
			}
		}
	}
	var ordered []string
	for _, m := range blueprints.Modules {
		if want[m.Name] {
			ordered = append(ordered, m.Name)
			delete(want, m.Name)
		}
	}
	// Unknown names stay, sorted, so Validate can name them.
	var unknown []string
	for n := range want {
		unknown = append(unknown, n)
	}
	slices.Sort(unknown)
	s.Modules = append(ordered, unknown...)
	if s.Payments == "" {
		s.Payments = "none"
		if s.Has("billing") {
			s.Payments = "stripe"
		}
	}
	return added
}

// Has reports whether module name is selected.
func (s Spec) Has(name string) bool { return slices.Contains(s.Modules, name) }

// Validate reports every problem with the spec at once.
func (s *Spec) Validate() error {
	var p Problems
	nameErr := CheckName(s.Name)
	if nameErr != nil {
		p = append(p, nameErr.Error())
	}
	// A module path that defaulted to a bad name has the name's problem,
	// listed already; naming it again would send the user to --module-path.
	derived := nameErr != nil && s.ModulePath == s.Name
	if err := module.CheckImportPath(s.ModulePath); err != nil && !derived {
		p = append(p, fmt.Sprintf("module path %q is not a valid Go module path (%v); pass --module-path, for example --module-path github.com/acme/%s", s.ModulePath, err, suggestName(s.Name)))
	}
	for _, name := range s.Modules {
		m, ok := blueprints.Lookup(name)
		switch {
		case name == "":
			p = append(p, "--modules has an empty entry; separate module names with single commas")
		case !ok:
			p = append(p, fmt.Sprintf("unknown module %q; known modules: %s", name, strings.Join(blueprints.Names(), ", ")))
		case !m.Available:
			p = append(p, fmt.Sprintf("module %q is not available in saasgen %s yet (%s is planned); available now: %s", name, Version, m.Planned, strings.Join(blueprints.AvailableNames(), ", ")))
		}
	}
	if len(s.Plans) == 0 {
		p = append(p, "no plan tiers given; pass --plans, for example --plans free,pro,enterprise")
	}
	seen := map[string]bool{}
	for _, plan := range s.Plans {
		switch {
		case !identRE.MatchString(plan):
			p = append(p, fmt.Sprintf("plan name %q is not a lowercase identifier (letters, digits, underscores); for example --plans free,pro,enterprise", plan))
		case seen[plan]:
			p = append(p, fmt.Sprintf("plan %q is listed twice in --plans", plan))
		}
		seen[plan] = true
	}
	if s.TrialDays < 0 || s.TrialDays > 365 {
		p = append(p, fmt.Sprintf("--trial-days %d is out of range; use 0 (no trial) to 365", s.TrialDays))
	}
	if s.TrialDays > 0 && len(s.Plans) < 2 {
		p = append(p, "a trial needs a paid plan to try: list at least two plans in --plans, or pass --trial-days 0")
	}
	if !slices.Contains(blueprints.ProviderNames(), s.Payments) {
		p = append(p, fmt.Sprintf("unknown payment provider %q; use one of: %s", s.Payments, strings.Join(blueprints.ProviderNames(), ", ")))
	} else if s.Payments != "none" && !s.Has("billing") {
		p = append(p, fmt.Sprintf("--payments %s needs the billing module; add billing to --modules or pass --payments none", s.Payments))
	} else if !providerShipped(*s) {
		p = append(p, fmt.Sprintf("payment provider %q is not available in saasgen %s yet; use --payments %s", s.Payments, Version, strings.Join(shippedProviders(), ", ")))
	}
	if _, rp := resolveResources(s.Resources); len(rp) > 0 {
		p = append(p, rp...)
	}
	p = append(p, migrationProblems(*s)...)
	if len(p) > 0 {
		return p
	}
	return nil
}

// shippedProviders lists the providers whose adapters this version holds,
// and none.
func shippedProviders() []string {
	var out []string
	for _, name := range blueprints.ProviderNames() {
		if providerShipped(Spec{Modules: []string{"billing"}, Payments: name}) {
			out = append(out, name)
		}
	}
	return out
}

// DefaultSpec is what `saasgen new NAME --yes` generates: every available
// module, plans free, pro and enterprise, a 14-day trial of pro, and Stripe
// when billing is available.
func DefaultSpec(name string) Spec {
	s := Spec{Name: name, Modules: blueprints.DefaultNames(), Plans: slices.Clone(blueprints.KnownPlans), TrialDays: 14}
	return s
}
