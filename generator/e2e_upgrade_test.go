package generator

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestEndToEndUpgrade upgrades the team's 0.1.0 project (newTeamProject:
// a resource added by saasgen 0.1.0, edits to user-owned and owned files,
// a package of their own), resolves the conflicts by script, and holds the
// result to what the team will do next: check is clean, and the project
// builds, vets, is tidy, has no sqlc drift and passes its own tests
// against PostgreSQL and Redis (the resource's in internal/app), the
// team's package included. One preset only (stripe, every module): the
// rest of the upgrade is the same code. About 40 s on an idle two-core
// machine with a warm build cache.
func TestEndToEndUpgrade(t *testing.T) {
	endToEnd(t)
	tp := newTeamProject(t)
	u := mustPlan(t, tp.dir, UpgradeOptions{Base: tp.base})
	if err := u.Write(); err != nil {
		t.Fatal(err)
	}
	tp.resolve(t)
	if out := git(t, tp.dir, "ls-files", "-u"); out != "" {
		t.Fatalf("unmerged after the resolution:\n%s", out)
	}
	commitAll(t, tp.dir, "upgrade to saasgen "+Version)
	if d := mustCheck(t, tp.dir); !d.Clean() {
		t.Fatalf("check after the resolution: %v\n%s", d.Files, d.Diff())
	}
	out := buildAndTest(t, tp.dir)
	for _, pkg := range []string{"github.com/acme/demo/internal/app", "github.com/acme/demo/internal/inventory"} {
		if !strings.Contains(out, "ok  \t"+pkg) {
			t.Errorf("%s did not pass:\n%s", pkg, out)
		}
	}
}

// TestEndToEndUpgradeMigration upgrades a 0.1.0 project whose database
// holds rows to a version with new migrations: those new since 0.1.0
// (newMigrations derives them from the templates; among them rbac's
// remembered_denies, a new table under row-level security), and a
// simulated newer one, tenants' 00013_tenant_notes (a column on a table
// with rows). All are placed after the project's last migration, in
// template order (from 01004, after the resources' 01003, where their
// template numbers would be refused by goose below applied versions), and
// `migrate up` with the project's own binary takes the database to the
// new schema with every row kept. It swaps the templates, so it runs
// alone (not endToEnd).
func TestEndToEndUpgradeMigration(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: migrates a database with the project's binary; run without -short")
	}
	dir := copyFixture(t, "0.1.0/resources")
	base := gitInit(t, dir, "saasgen 0.1.0")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	db := newScratchDatabase(t, ctx, "crm")
	migrate := func(cmd string) {
		t.Helper()
		goRun(t, dir, []string{"MIGRATE_DATABASE_URL=" + db.ownerURL}, "./cmd/crm", "migrate", cmd)
	}
	migrate("up")
	tenant, customer := "0190a0b0-0000-7000-8000-00000000000a", "0190a0b0-0000-7000-8000-00000000000b"
	db.exec(t, ctx, "INSERT INTO tenants (id, name) VALUES ($1, 'acme')", tenant)
	db.exec(t, ctx, "INSERT INTO customers (tenant_id, id, name, email, vip) VALUES ($1, $2, 'Ada', 'ada@example.com', true)", tenant, customer)
	for i := range 3 {
		db.exec(t, ctx, "INSERT INTO invoices (tenant_id, id, number, amount, status, customer_id, lines) VALUES ($1, gen_random_uuid(), $2, 1000, 'sent', $3, 1)", tenant, fmt.Sprintf("INV-%d", i), customer)
	}
	rows := func() string {
		var tenants, customers, invoices int
		err := db.admin.QueryRow(ctx, `SELECT (SELECT count(*) FROM tenants WHERE name = 'acme'),
			(SELECT count(*) FROM customers WHERE email = 'ada@example.com'), (SELECT count(*) FROM invoices)`).Scan(&tenants, &customers, &invoices)
		if err != nil {
			t.Fatalf("read the rows: %v", err)
		}
		return fmt.Sprintf("%d tenants, %d customers, %d invoices", tenants, customers, invoices)
	}
	want := "1 tenants, 1 customers, 3 invoices"
	if got := rows(); got != want {
		t.Fatalf("before the upgrade: %s, want %s", got, want)
	}

	newerTemplates(t, map[string]string{"tenants/db/migrations/00013_tenant_notes.sql.tmpl": tenantNotesMigration})
	u := mustPlan(t, dir, UpgradeOptions{Base: base})
	var placed []string
	for _, m := range u.Migrations {
		placed = append(placed, m.Path())
	}
	wantPlaced, _ := newMigrations(t, dir, 1004)
	if !slices.Equal(placed, wantPlaced) || len(u.Conflicts()) > 0 || wantPlaced[0] != "db/migrations/01004_tenant_notes.sql" {
		t.Fatalf("placed %v, want %v, tenant_notes first; conflicts %v", placed, wantPlaced, u.Conflicts())
	}
	newest := int64(1003 + len(wantPlaced))
	// Why they are placed: at its template number, goose refuses one.
	templateNumbered := filepath.Join(dir, "db", "migrations", "00013_tenant_notes.sql")
	writeString(t, dir, "db/migrations/00013_tenant_notes.sql", tenantNotesMigration[strings.Index(tenantNotesMigration, "-- +goose"):])
	cmd := exec.Command("go", "run", "./cmd/crm", "migrate", "up")
	cmd.Dir, cmd.Env = dir, e2eEnv("MIGRATE_DATABASE_URL="+db.ownerURL)
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "missing") {
		t.Fatalf("goose applied a migration numbered below the applied ones (%v):\n%s", err, out)
	}
	if err := os.Remove(templateNumbered); err != nil {
		t.Fatal(err)
	}

	if err := u.Write(); err != nil {
		t.Fatal(err)
	}
	for _, p := range placed {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
	}
	migrate("up")
	if got := rows(); got != want {
		t.Fatalf("after migrate up: %s, want %s", got, want)
	}
	var notes string
	var version int64
	if err := db.admin.QueryRow(ctx, "SELECT notes FROM tenants WHERE id = $1", tenant).Scan(&notes); err != nil || notes != "" {
		t.Fatalf("tenants.notes after migrate up: %q (%v), want the default ''", notes, err)
	}
	var rls, forced bool
	if err := db.admin.QueryRow(ctx, "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = 'remembered_denies'::regclass").Scan(&rls, &forced); err != nil || !rls || !forced {
		t.Fatalf("remembered_denies after migrate up: row-level security %v, forced %v (%v)", rls, forced, err)
	}
	if err := db.admin.QueryRow(ctx, "SELECT max(version_id) FROM goose_db_version WHERE is_applied").Scan(&version); err != nil || version != newest {
		t.Fatalf("goose's newest version %d (%v), want %d", version, err, newest)
	}
	if d := mustCheck(t, dir); !d.Clean() {
		t.Fatalf("check after the upgrade: %v\n%s", d.Files, d.Diff())
	}
}
