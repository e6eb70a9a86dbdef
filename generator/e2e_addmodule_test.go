package generator

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestEndToEndAddModule holds `saasgen add module` to a project in
// production: the minimal preset with a resource, its database migrated by
// the project's own binary and holding rows, gets jobs, then billing with
// Stripe, then ratelimit, then apikeys, webhooks, mfa and audit (opt-in), with check clean
// after each. The modules'
// migrations are numbered after the resource's, and `migrate up` takes
// the database to the new schema with every row kept. Then the project
// builds, vets, is tidy, has no sqlc drift and passes its own tests
// (every module's, against PostgreSQL and Redis). One project for the
// five modules: the build is shared.
func TestEndToEndAddModule(t *testing.T) {
	endToEnd(t)
	spec := minimalSpec(t)
	spec.ModulePath = "example.com/minimal"
	spec.Resources = []ResourceSpec{{Name: "projects", Fields: []string{"title:string:unique"}}}
	dir := filepath.Join(t.TempDir(), "minimal")
	writeSpec(t, spec, dir)

	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	db := newScratchDatabase(t, ctx, "minimal")
	migrate := func() {
		t.Helper()
		goRun(t, dir, []string{"MIGRATE_DATABASE_URL=" + db.ownerURL}, "./cmd/minimal", "migrate", "up")
	}
	migrate()
	tenant := "0190a0b0-0000-7000-8000-0000000000a1"
	db.exec(t, ctx, "INSERT INTO tenants (id, name) VALUES ($1, 'acme')", tenant)
	for _, title := range []string{"apollo", "gemini", "mercury"} {
		db.exec(t, ctx, "INSERT INTO projects (tenant_id, id, title) VALUES ($1, gen_random_uuid(), $2)", tenant, title)
	}
	rows := func() string {
		var tenants, roles int
		var titles []string
		err := db.admin.QueryRow(ctx, `SELECT (SELECT count(*) FROM tenants WHERE name = 'acme'),
			(SELECT count(*) FROM roles WHERE tenant_id = $1 AND system),
			(SELECT array_agg(title ORDER BY title) FROM projects)`, tenant).Scan(&tenants, &roles, &titles)
		if err != nil {
			t.Fatalf("read the rows: %v", err)
		}
		return fmt.Sprintf("%d tenants with %d system roles, projects %v", tenants, roles, titles)
	}
	want := "1 tenants with 4 system roles, projects [apollo gemini mercury]"
	if got := rows(); got != want {
		t.Fatalf("before add module: %s, want %s", got, want)
	}

	var placed []string
	for _, add := range []struct {
		module   string
		payments string
	}{{"jobs", ""}, {"billing", "stripe"}, {"ratelimit", ""}, {"apikeys", ""}, {"webhooks", ""}, {"mfa", ""}, {"audit", ""}, {"sso", ""}} {
		a, err := AddModule(dir, []string{add.module}, AddModuleOptions{Payments: add.payments})
		if err != nil {
			t.Fatalf("add module %s: %v", add.module, err)
		}
		for _, m := range a.Migrations {
			placed = append(placed, m.Path())
		}
		if err := a.Write(); err != nil {
			t.Fatal(err)
		}
		if d := mustCheck(t, dir); !d.Clean() {
			t.Fatalf("check after add module %s: %v\n%s", add.module, d.Files, d.Diff())
		}
	}
	if want := []string{"db/migrations/01002_jobs.sql", "db/migrations/01003_billing.sql", "db/migrations/01004_billing_version.sql", "db/migrations/01005_billing_operator.sql", "db/migrations/01006_apikeys.sql", "db/migrations/01007_webhooks.sql", "db/migrations/01008_webhooks_operator.sql", "db/migrations/01009_mfa.sql", "db/migrations/01010_mfa_passkeys.sql", "db/migrations/01011_mfa_policy_version.sql", "db/migrations/01012_audit.sql", "db/migrations/01013_audit_retention.sql", "db/migrations/01014_sso.sql"}; !slices.Equal(placed, want) {
		t.Fatalf("placed %v, want %v", placed, want)
	}

	migrate()
	if got := rows(); got != want {
		t.Fatalf("after migrate up: %s, want %s", got, want)
	}
	// goose's newest version is the last migration placed.
	last, err := strconv.ParseInt(strings.SplitN(filepath.Base(placed[len(placed)-1]), "_", 2)[0], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	var version int64
	if err := db.admin.QueryRow(ctx, "SELECT max(version_id) FROM goose_db_version WHERE is_applied").Scan(&version); err != nil || version != last {
		t.Fatalf("goose's newest version %d (%v), want %d", version, err, last)
	}
	for _, table := range []string{"jobs", "usage_counters", "billing_subscriptions", "billing_events", "api_keys", "webhook_endpoints", "webhook_events", "webhook_deliveries", "tenant_security", "audit_entries", "audit_heads", "sso_providers", "sso_domains", "sso_identities", "sso_sessions"} {
		var rls, forced bool
		if err := db.admin.QueryRow(ctx, "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = $1::regclass", table).Scan(&rls, &forced); err != nil || !rls || !forced {
			t.Errorf("%s after migrate up: row-level security %v, forced %v (%v)", table, rls, forced, err)
		}
	}

	out := buildAndTest(t, dir)
	for _, pkg := range []string{"internal/app", "internal/billing", "internal/jobs", "internal/ratelimit", "internal/mfa", "internal/platform/seal", "internal/platform/netguard"} {
		if !strings.Contains(out, "ok  \texample.com/minimal/"+pkg) {
			t.Errorf("%s did not pass:\n%s", pkg, out)
		}
	}
	if d := mustCheck(t, dir); !d.Clean() {
		t.Fatalf("check after the project's tests: drift\n%s", d.Diff())
	}
}
