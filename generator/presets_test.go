package generator

import "testing"

// presets are the named projects the golden and end-to-end tests generate.
// Each one exercises a different path through the templates.
var presets = []struct {
	name string
	spec func() Spec
}{
	// minimal: one plan, no trial, no provider, only the core modules (no
	// jobs, no ratelimit: every optional module must be optional).
	{"minimal", func() Spec {
		s := DefaultSpec("minimal")
		s.Modules = []string{"tenants", "auth"}
		s.Plans = []string{"free"}
		s.TrialDays = 0
		return s
	}},
	// ratelimit: rate limiting without jobs, and plan tiers of the user's
	// own naming with a short trial, so templates cannot assume either.
	{"ratelimit", func() Spec {
		s := DefaultSpec("shop")
		s.ModulePath = "example.com/shop"
		s.Modules = []string{"tenants", "auth", "ratelimit"}
		s.Plans = []string{"starter", "team", "scale"}
		s.TrialDays = 7
		return s
	}},
	// resources: three resources added by `saasgen add resource`, one
	// referring to another, covering every field type and modifier.
	{"resources", func() Spec {
		s := DefaultSpec("crm")
		s.ModulePath = "example.com/crm"
		s.Modules = []string{"tenants", "auth"}
		s.Plans = []string{"free", "pro"}
		s.Resources = presetResources
		return s
	}},
	// default: exactly what `saasgen new demo --yes` writes (every
	// available module, jobs included).
	{"default", func() Spec {
		s := DefaultSpec("demo")
		s.ModulePath = "github.com/acme/demo"
		return s
	}},
}

// presetResources are the resources of the resources preset, as
// saasgen.yaml records them.
var presetResources = []ResourceSpec{
	{Name: "customers", Migration: 1001, Fields: []string{"name:string", "email:string:unique", "notes:text?", "vip:bool", "external_id:uuid?:index"}},
	{Name: "invoices", Migration: 1002, Fields: []string{"number:string:unique", "amount:money", "status:enum(draft|sent|paid)", "customer:ref(customers)", "due_at:date?", "paid_at:time?", "lines:int", "weight:int64?:index"}},
	{Name: "categories", Migration: 1003, Fields: []string{"title:string", "parent:ref(categories)?"}},
}

func presetPlan(t testing.TB, name string) *Plan {
	t.Helper()
	for _, p := range presets {
		if p.name == name {
			s := p.spec()
			s.Normalize()
			pl, err := Generate(s)
			if err != nil {
				t.Fatalf("preset %s: %v", name, err)
			}
			return pl
		}
	}
	t.Fatalf("no preset %s", name)
	return nil
}
