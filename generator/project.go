package generator

import (
	"slices"

	"github.com/saasgen/saasgen/blueprints"
)

// Version is the saasgen version written into every generated project.
const Version = "0.2.0"

// GoVersion is the go directive of generated projects.
const GoVersion = "1.26"

// Project is the typed model every template renders. Templates start with a
// comment naming it as the type of ".".
type Project struct {
	Spec
	Version   string
	GoVersion string
	// AppRole is the PostgreSQL login role the API and worker use: no
	// superuser, no BYPASSRLS, owns nothing.
	AppRole string
	// OwnerRole owns the schema and runs migrations.
	OwnerRole string
	// AdminRole is the operator CLI's login role (`NAME admin`): no
	// superuser, no BYPASSRLS, owns nothing; policies scoped to it alone
	// let it read across tenants, and it writes only under a tenant.
	AdminRole string
	// ModulesInfo describes the selected modules, in catalogue order.
	ModulesInfo []blueprints.Module
	// Resources are the resources of saasgen.yaml, in order.
	Resources []Resource
	// Provider is the payment provider --payments names ("none" without
	// billing): templates range over its data instead of naming it.
	Provider blueprints.Provider
	// PlanIndex is the place in Plans (0: the cheapest) of the plan whose
	// entry plans.yaml is rendering (ForPlan), so a module's snippet can
	// give each tier its own default; 0 everywhere else.
	PlanIndex int
}

// ForPlan is p while plans.yaml renders the i-th plan's entry: the
// per-plan slots are called on it ((.ForPlan $i).Slot "...").
func (p Project) ForPlan(i int) Project {
	p.PlanIndex = i
	return p
}

// LastPlan reports whether PlanIndex is the dearest plan.
func (p Project) LastPlan() bool { return p.PlanIndex == len(p.Plans)-1 }

// NewProject builds the template model from a normalized, valid spec.
func NewProject(s Spec) Project {
	p := Project{
		Spec:      s,
		Version:   Version,
		GoVersion: GoVersion,
		AppRole:   s.Name + "_app",
		OwnerRole: s.Name + "_owner",
		AdminRole: s.Name + "_admin",
	}
	for _, m := range blueprints.Modules {
		if slices.Contains(s.Modules, m.Name) {
			p.ModulesInfo = append(p.ModulesInfo, m)
		}
	}
	p.Resources, _ = resolveResources(s.Resources)
	p.Provider, _ = blueprints.LookupProvider(s.Payments)
	return p
}

// DatabaseIdent is the project's database name as an SQL identifier:
// double-quoted when it is a key word PostgreSQL reserves (user, order,
// table, ...), bare otherwise, as PostgreSQL's quote_ident does. Names are
// lowercase letters and digits, so quoting needs no escapes, and the
// quoted and bare forms name the same database.
func (p Project) DatabaseIdent() string {
	if slices.Contains(sqlReserved, p.Name) {
		return `"` + p.Name + `"`
	}
	return p.Name
}

// TrialPlan is the plan a trial grants: the second tier, the first paid one.
func (p Project) TrialPlan() string {
	if p.TrialDays > 0 && len(p.Plans) > 1 {
		return p.Plans[1]
	}
	return ""
}

// Permissions is the generated project's permission catalog: every selected
// module's permissions, in catalogue order.
func (p Project) Permissions() []blueprints.Permission {
	var out []blueprints.Permission
	for _, m := range p.ModulesInfo {
		out = append(out, m.Permissions...)
	}
	return out
}

// Events is the generated project's event catalog: every selected
// module's events, in catalogue order (resources add theirs at the
// saasgen:events marker).
func (p Project) Events() []blueprints.Event {
	var out []blueprints.Event
	for _, m := range p.ModulesInfo {
		out = append(out, m.Events...)
	}
	return out
}

// SystemRoles are the roles every tenant starts with, lowest first.
func (p Project) SystemRoles() []string { return blueprints.SystemRoles }

// Features lists every plan feature a permission requires, in catalogue
// order, without repeats.
func (p Project) Features() []string {
	var out []string
	for _, perm := range p.Permissions() {
		if perm.Feature != "" && !slices.Contains(out, perm.Feature) {
			out = append(out, perm.Feature)
		}
	}
	return out
}

// DistributedTables are the modules' tables with a tenant_id column, in
// catalogue order: what Citus would distribute by tenant_id, with every
// resource's table. docs/SCALING.md lists them; it is the team's file once
// written, so it names no resource (saasgen.sum keeps what saasgen wrote,
// and add resource does not rewrite it).
func (p Project) DistributedTables() []string {
	var out []string
	for _, m := range p.ModulesInfo {
		for _, t := range m.Tables {
			if !slices.Contains(m.Shared, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// SharedTables are the tables that belong to no single tenant
// (blueprints.Module.Shared), in catalogue order.
func (p Project) SharedTables() []string {
	var out []string
	for _, m := range p.ModulesInfo {
		out = append(out, m.Shared...)
	}
	return out
}
