// Package blueprints holds saasgen's declarative data: which modules exist,
// what they depend on, which template folders they render, which payment
// providers and plan tiers a project may choose, and which generated files
// belong to the user. It holds no rendering logic.
package blueprints

import "slices"

// Module is one selectable part of a generated project.
type Module struct {
	Name    string
	Summary string
	// Core modules are always on.
	Core bool
	// Requires lists modules this one cannot work without; selecting this
	// module pulls them in, and the CLI says so.
	Requires []string
	// Available is false for modules declared in the contract whose
	// templates have not shipped in this saasgen version yet.
	Available bool
	// Templates is the folder under templates/ rendered when the module is on.
	Templates string
	// Issue names where the module's work is tracked while it is unavailable.
	Planned string
	// OptIn modules are not in the default selection: `saasgen new --yes`
	// and the form's first answer leave them off, so a team asks for them
	// with --modules or in the form, or adds them later with `saasgen add
	// module`. The default project stays what most teams start with.
	OptIn bool
	// Permissions are the "resource:action" strings the module's endpoints
	// check. The rbac module renders its catalog from these lists, so a
	// permission is declared once, here.
	Permissions []Permission
	// Tables are the tables the module's migrations create (a test holds
	// the two together). No resource may take their names.
	Tables []string
	// Shared are the Tables without a tenant_id column: rows that belong
	// to no single tenant (users, sessions, the tenants themselves). On
	// Citus they become reference tables and every other table is
	// distributed by tenant_id (the generated docs/SCALING.md); the
	// generated schema test holds the database to this list, so a table
	// cannot silently fall outside the rule.
	Shared []string
	// Reserved are the other names the module's code takes that a
	// resource's table, package or route would collide with: packages
	// beside the module's own, first segments of its routes.
	Reserved []string
	// Events are the event types the module publishes
	// (internal/platform/events): the catalog outgoing webhooks subscribe
	// to is rendered from these lists and the resources' events.
	Events []Event
	// PlanLimits are the keys the module reads under each plan's limits
	// in plans.yaml. plans.yaml is the team's: `saasgen add module`
	// merges them into the plans saasgen wrote, and names each plan left
	// without one, with what that plan then gets.
	PlanLimits []PlanLimit
}

// PlanLimit is one key a module reads under a plan's limits.
type PlanLimit struct {
	Key string
	// Means says what the value is and what a plan without the key gets.
	Means string
}

// Event is one entry of the generated project's event catalog.
type Event struct {
	// Name is "noun.verb", such as "invoices.created".
	Name    string
	Summary string
}

// ResourceEvents are the events `saasgen add resource` declares for a
// resource: one per write, its data the record as the API shows it (the
// id alone for a delete).
func ResourceEvents(plural string) []Event {
	return []Event{
		{Name: plural + ".created", Summary: "a record of " + plural + " was created"},
		{Name: plural + ".updated", Summary: "a record of " + plural + " was changed"},
		{Name: plural + ".deleted", Summary: "a record of " + plural + " was deleted"},
	}
}

// Permission is one entry of the generated project's permission catalog.
type Permission struct {
	// Name is "resource:action".
	Name    string
	Summary string
	// Role is the least system role that holds the permission by default:
	// viewer, member, admin or owner (every role inherits its parent's).
	Role string
	// Feature, when set, is a plans.yaml feature flag the tenant's plan must
	// include for anyone to use the permission.
	Feature string
}

// SystemRoles are the roles every tenant starts with, lowest first; each
// inherits everything the one before it holds.
var SystemRoles = []string{"viewer", "member", "admin", "owner"}

// ResourcePermissions are the permissions `saasgen add resource` declares
// for a resource: viewers read; members read, create and update; deleting
// is for admins (and owners, who hold everything).
func ResourcePermissions(plural string) []Permission {
	return []Permission{
		{Name: plural + ":read", Summary: "list and read " + plural, Role: "viewer"},
		{Name: plural + ":create", Summary: "create " + plural, Role: "member"},
		{Name: plural + ":update", Summary: "change " + plural, Role: "member"},
		{Name: plural + ":delete", Summary: "delete " + plural, Role: "admin"},
	}
}

// Modules is the catalogue, in the order modules are rendered and listed.
var Modules = []Module{
	{Name: "tenants", Summary: "tenants, memberships, row-level security", Core: true, Available: true, Templates: "tenants",
		Tables: []string{"tenants", "memberships", "tenant_versions", "admin_actions", "tenant_removals"}, Shared: []string{"tenants", "admin_actions", "tenant_removals"}, Reserved: []string{"tenant", "tenants", "members"},
		Permissions: []Permission{
			{Name: "tenant:read", Summary: "read the tenant", Role: "viewer"},
			{Name: "tenant:update", Summary: "rename the tenant", Role: "admin"},
			{Name: "tenant:delete", Summary: "delete the tenant and all its data", Role: "owner"},
			{Name: "members:read", Summary: "list the members", Role: "viewer"},
			{Name: "members:update", Summary: "change a member's role", Role: "admin"},
			{Name: "members:delete", Summary: "remove a member", Role: "admin"},
		}},
	{Name: "auth", Summary: "signup, login, JWT access tokens, rotating refresh tokens, sessions", Core: true, Available: true, Templates: "auth",
		Tables: []string{"users", "sessions", "refresh_tokens", "email_tokens", "invitations", "denied_access_tokens", "denied_sessions", "mail_outbox"},
		Shared: []string{"users", "sessions", "refresh_tokens", "email_tokens", "denied_access_tokens", "denied_sessions"}, Reserved: []string{"me"},
		Permissions: []Permission{
			{Name: "invitations:create", Summary: "invite people, with a role no higher than one's own, and resend such invitations", Role: "member"},
			{Name: "invitations:read", Summary: "list the pending invitations", Role: "member"},
			{Name: "invitations:delete", Summary: "revoke a pending invitation into a role no higher than one's own", Role: "admin"},
		}},
	{Name: "rbac", Summary: "hierarchical roles, custom roles, resource overrides, plan-gated features", Core: true, Requires: []string{"auth"}, Available: true, Templates: "rbac",
		Tables: []string{"roles", "grants", "remembered_denies"}, Reserved: []string{"plans", "permissions"},
		Permissions: []Permission{
			{Name: "permissions:read", Summary: "list the permission catalog", Role: "viewer"},
			{Name: "roles:read", Summary: "list roles", Role: "viewer"},
			{Name: "roles:create", Summary: "create custom roles", Role: "admin"},
			{Name: "roles:update", Summary: "change roles", Role: "admin"},
			{Name: "roles:delete", Summary: "delete custom roles", Role: "admin"},
			{Name: "grants:create", Summary: "allow or deny one permission on one record", Role: "admin", Feature: "resource_grants"},
			{Name: "grants:delete", Summary: "remove a per-record grant", Role: "admin"},
		},
		// Members join through auth's invitations and change through
		// rbac; both are core, so the events are always in the catalog.
		Events: []Event{
			{Name: "members.added", Summary: "someone accepted an invitation and joined the tenant (data: the member)"},
			{Name: "members.role_changed", Summary: "a member's role changed (data: id, user_id, role, previous_role)"},
			{Name: "members.removed", Summary: "a member was removed from the tenant (data: id, user_id, role)"},
			{Name: "roles.created", Summary: "a custom role was created (data: the role)"},
			{Name: "roles.updated", Summary: "a role's name, parent or permissions changed (data: the role)"},
			{Name: "roles.deleted", Summary: "a custom role was deleted (data: id, name)"},
		}},
	{Name: "billing", Summary: "plans, trials, subscriptions, provider webhooks", Requires: []string{"jobs"}, Available: true, Templates: "billing",
		Tables: []string{"billing_subscriptions", "billing_events"}, Reserved: []string{"payments", "webhooks", "subscriptions"},
		Permissions: []Permission{
			// Every member may see what the tenant pays for and why a
			// feature is missing; viewers are often outside collaborators.
			{Name: "billing:read", Summary: "read the plans and the tenant's subscription", Role: "member"},
			{Name: "billing:manage", Summary: "open a checkout or the customer portal", Role: "owner"},
		},
		Events: []Event{
			{Name: "subscription.changed", Summary: "the tenant's subscription changed: a provider's event, reconciliation, a trial's end or a plan set by hand (data: plan, status, provider)"},
		}},
	{Name: "jobs", Summary: "asynq workers, tenant-scoped tasks, plan priority", Available: true, Templates: "jobs",
		Tables: []string{"jobs", "usage_counters"}, Reserved: []string{"reports"},
		Permissions: []Permission{
			{Name: "reports:create", Summary: "queue a report (members, usage or jobs)", Role: "admin"},
			{Name: "reports:read", Summary: "download the tenant's finished reports", Role: "admin"},
			{Name: "jobs:read", Summary: "read the status of the tenant's background jobs", Role: "admin"},
		}},
	{Name: "ratelimit", Summary: "Redis sliding-window rate limits per tenant, endpoint and plan", Requires: []string{"rbac"}, Available: true, Templates: "ratelimit"},
	{Name: "apikeys", Summary: "tenant API keys (sk_live_...), hashed, scoped to their creator's permissions, revocable everywhere at once", Requires: []string{"rbac"}, Available: true, OptIn: true, Templates: "apikeys",
		Tables: []string{"api_keys"}, Reserved: []string{"api-keys", "apikeys"},
		PlanLimits: []PlanLimit{{Key: "api_keys", Means: "live API keys a tenant may hold; without it, no limit"}},
		Permissions: []Permission{
			{Name: "apikeys:manage", Summary: "create, list and revoke the tenant's API keys, each with no more than one's own permissions", Role: "admin"},
		}},
	{Name: "audit", Summary: "append-only, hash-chained audit log of changes and security events, with export and retention", Requires: []string{"jobs"}, Available: true, OptIn: true, Templates: "audit",
		Tables: []string{"audit_entries", "audit_heads"}, Reserved: []string{"audit"},
		PlanLimits: []PlanLimit{{Key: "audit_retention_days", Means: "days the audit log keeps an entry, 30 or more, -1 for ever; without it, entries are kept for ever"}},
		Permissions: []Permission{
			{Name: "audit:read", Summary: "read and export the tenant's audit log", Role: "admin", Feature: "audit_log"},
		}},
	// The package is internal/webhooks and the routes /v1/webhook-*:
	// billing's reservation of "webhooks" keeps a resource off its
	// provider route /webhooks/{provider}, which this module shares no
	// segment with.
	{Name: "webhooks", Summary: "signed outgoing webhooks to tenants' endpoints, from an outbox, with retries and replay", Requires: []string{"jobs"}, Available: true, OptIn: true, Templates: "webhooks",
		Tables: []string{"webhook_endpoints", "webhook_events", "webhook_deliveries"}, Reserved: []string{"webhook_event_types", "webhook"},
		PlanLimits: []PlanLimit{{Key: "webhook_endpoints", Means: "webhook endpoints a tenant may register; without it, no limit"}},
		Permissions: []Permission{
			{Name: "webhooks:read", Summary: "list the webhook endpoints, event types and deliveries", Role: "admin"},
			{Name: "webhooks:manage", Summary: "add, change, remove webhook endpoints, rotate their secrets and replay deliveries", Role: "admin"},
		},
		Events: []Event{
			{Name: "webhook_endpoints.disabled", Summary: "an endpoint kept failing and was disabled (sent to the tenant's other endpoints)"},
		}},
	{Name: "mfa", Summary: "TOTP and passkey second factors with recovery codes, two-step login, step-up, tenant MFA policy", Requires: []string{"rbac"}, Available: true, OptIn: true, Templates: "mfa",
		Tables: []string{"mfa_totp", "mfa_recovery_codes", "mfa_passkeys", "tenant_security"}, Shared: []string{"mfa_totp", "mfa_recovery_codes", "mfa_passkeys"}, Reserved: []string{"mfa", "security", "reauthenticate"},
		Permissions: []Permission{
			{Name: "security:read", Summary: "read the tenant's security policy", Role: "admin"},
			{Name: "security:update", Summary: "require a second factor of every member", Role: "owner", Feature: "require_mfa"},
		}},
}

// Base is the template folder every project renders: the platform packages,
// the binary, build and deployment files.
const Base = "base"

// Lookup returns the module with this name.
func Lookup(name string) (Module, bool) {
	i := slices.IndexFunc(Modules, func(m Module) bool { return m.Name == name })
	if i < 0 {
		return Module{}, false
	}
	return Modules[i], true
}

// Names lists every module name in catalogue order.
func Names() []string {
	out := make([]string, len(Modules))
	for i, m := range Modules {
		out[i] = m.Name
	}
	return out
}

// AvailableNames lists the modules this saasgen version can render.
func AvailableNames() []string {
	var out []string
	for _, m := range Modules {
		if m.Available {
			out = append(out, m.Name)
		}
	}
	return out
}

// DefaultNames lists the modules a new project has unless it says
// otherwise: every available module that is not opt-in.
func DefaultNames() []string {
	var out []string
	for _, m := range Modules {
		if m.Available && !m.OptIn {
			out = append(out, m.Name)
		}
	}
	return out
}

// KnownPlans are the plan tiers saasgen has presets for. A project may name
// others; these are offered in the form.
var KnownPlans = []string{"free", "pro", "enterprise"}

// UserOwned lists generated paths (path.Match patterns) that are written once
// and then belong to the user: saasgen never overwrites them and check
// ignores them. Everything else saasgen writes is saasgen-owned: it carries a
// "Code generated by saasgen. DO NOT EDIT." header and check regenerates it.
var UserOwned = []string{
	"README.md",
	"Makefile",
	"Dockerfile",
	"docker-compose.yml",
	".dockerignore",
	".gitignore",
	".env.example",
	".github/workflows/ci.yml",
	"go.mod",
	"go.sum",
	"docs/*",
	"plans.yaml",
	// Where a team's own packages plug in: their routes, the OpenAPI
	// description of those routes, and their part of the environment
	// (README, "Add your own module").
	"internal/app/custom.go",
	"internal/app/openapi.custom.json",
	"internal/platform/config/custom.go",
	"internal/rbac/custom.go",
	// The jobs module's: where a team's packages register their tasks.
	"internal/app/custom_tasks.go",
}
