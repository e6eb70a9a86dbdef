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
	// own naming with a short trial, so templates cannot assume either;
	// and a resource, whose requests go through the rate limiter.
	{"ratelimit", func() Spec {
		s := DefaultSpec("shop")
		s.ModulePath = "example.com/shop"
		s.Modules = []string{"tenants", "auth", "ratelimit"}
		s.Plans = []string{"starter", "team", "scale"}
		s.TrialDays = 7
		s.Resources = []ResourceSpec{{Name: "products", Migration: 1001, Fields: []string{"sku:string:unique", "price:money", "ships_on:date?"}}}
		return s
	}},
	// resources: three resources added by `saasgen add resource`, one
	// referring to another, covering every field type and modifier; with
	// jobs but no billing, the one preset where the jobs module runs
	// without billing's tasks.
	{"resources", func() Spec {
		s := DefaultSpec("crm")
		s.ModulePath = "example.com/crm"
		s.Modules = []string{"tenants", "auth", "jobs"}
		s.Plans = []string{"free", "pro"}
		s.Resources = presetResources
		return s
	}},
	// stripe: exactly what `saasgen new demo --yes` writes (every
	// available module, billing with the Stripe adapter).
	{"stripe", func() Spec {
		s := DefaultSpec("demo")
		s.ModulePath = "github.com/acme/demo"
		return s
	}},
	// manual: billing with --payments none (plans set by hand, trials
	// still run), without ratelimit, plan names of the user's own, and a
	// resource.
	{"manual", func() Spec {
		s := DefaultSpec("crm")
		s.ModulePath = "example.com/crm"
		s.Modules = []string{"tenants", "auth", "billing"}
		s.Plans = []string{"basic", "team", "business"}
		s.TrialDays = 30
		s.Payments = "none"
		// One resource, so a resource's plan limit and permissions run
		// against billing's plan source and the jobs module too.
		s.Resources = []ResourceSpec{{Name: "projects", Migration: 1001, Fields: []string{"title:string:unique", "budget:money?", "stage:enum(idea|live)"}}}
		return s
	}},
	// paddle: the Paddle Billing adapter, with billing but no trial (trial
	// days 0) and only two plans, rate limiting on, and jobs pulled in
	// by billing rather than asked for.
	{"paddle", func() Spec {
		s := DefaultSpec("saas")
		s.ModulePath = "example.com/saas"
		s.Modules = []string{"tenants", "auth", "billing", "ratelimit"}
		s.Plans = []string{"free", "pro"}
		s.TrialDays = 0
		s.Payments = "paddle"
		return s
	}},
	// lemonsqueezy: the Lemon Squeezy adapter, every module (the default
	// ones and the opt-in ones), four plans of the user's own naming with
	// a one-week trial, a nested module path, and a resource, whose writes
	// the audit log records.
	{"lemonsqueezy", func() Spec {
		s := DefaultSpec("studio")
		s.Modules = append(s.Modules, "apikeys", "webhooks", "mfa", "sso")
		// A resource, whose writes publish the events webhooks deliver and
		// the audit log records.
		s.Resources = []ResourceSpec{{Name: "tickets", Migration: 1001, Fields: []string{"title:string", "done:bool"}}}
		s.ModulePath = "gitlab.com/studio/api"
		s.Modules = append(s.Modules, "audit")
		s.Plans = []string{"hobby", "creator", "agency", "enterprise"}
		s.TrialDays = 7
		s.Payments = "lemonsqueezy"
		return s
	}},
}

// presetResources are the resources of the resources preset, as
// saasgen.yaml records them.
var presetResources = []ResourceSpec{
	{Name: "customers", Migration: 1001, Fields: []string{"name:string", "email:string:unique", "notes:text?", "vip:bool", "external_id:uuid?:index"}},
	{Name: "invoices", Migration: 1002, Fields: []string{"number:string:unique", "amount:money", "status:enum(draft|sent|paid)", "customer:ref(customers)", "due_at:date?", "paid_at:time?", "lines:int", "weight:int64?:index"}},
	// categories has the types and nullability the others lack, and an
	// enum before its self-reference, so the generated filter test runs
	// on a value that is not a string.
	{Name: "categories", Migration: 1003, Fields: []string{"title:string", "kind:enum(product|service)", "parent:ref(categories)?",
		"owner:ref(customers)?", "label:string?", "summary:text", "tier:enum(gold|silver)?", "rank:int?", "total:int64",
		"limit_cents:money?", "active:bool?", "starts_on:date", "opens_at:time", "code:uuid"}},
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
