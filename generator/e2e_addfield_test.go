package generator

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestEndToEndAddField holds `saasgen add field` to what a team does with
// a project in production: a database migrated by the project's own
// binary, as the owner role, holds rows; fields are added (a nullable one,
// NOT NULL ones with defaults, references); `migrate up` moves the
// database forward and the rows are kept, with the defaults filled in;
// `migrate down` undoes the change and keeps them too. Then the project
// builds, vets, has no sqlc drift, passes its own tests, and check is
// clean. It needs the PostgreSQL of TEST_DATABASE_URL (local by default)
// and says so when it cannot reach it.
func TestEndToEndAddField(t *testing.T) {
	endToEnd(t)
	dir := filepath.Join(t.TempDir(), "shelf")
	spec := DefaultSpec("shelf")
	spec.ModulePath = "example.com/shelf"
	spec.Modules = []string{"tenants", "auth"}
	spec.Plans = []string{"free"}
	spec.TrialDays = 0
	spec.Resources = []ResourceSpec{
		{Name: "authors", Fields: []string{"name:string"}},
		{Name: "books", Fields: []string{"title:string:unique", "pages:int?", "author:ref(authors)"}},
	}
	writeSpec(t, spec, dir)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	db := newScratchDatabase(t, ctx, "shelf")
	migrate := func(cmd string) {
		t.Helper()
		goRun(t, dir, []string{"MIGRATE_DATABASE_URL=" + db.ownerURL}, "./cmd/shelf", "migrate", cmd)
	}
	migrate("up")

	// Rows written before the change, as the owner would not (it is
	// subject to row-level security too): as the admin.
	tenant, author := "0190a0b0-0000-7000-8000-000000000001", "0190a0b0-0000-7000-8000-000000000002"
	db.exec(t, ctx, "INSERT INTO tenants (id, name) VALUES ($1, 'acme')", tenant)
	db.exec(t, ctx, "INSERT INTO authors (tenant_id, id, name) VALUES ($1, $2, 'Le Guin')", tenant, author)
	for _, title := range []string{"The Dispossessed", "The Lathe of Heaven", "Always Coming Home"} {
		db.exec(t, ctx, "INSERT INTO books (tenant_id, id, title, author_id) VALUES ($1, gen_random_uuid(), $2, $3)", tenant, title, author)
	}

	a, err := AddField(dir, "books", []string{"subtitle:string?", "copies:int:default(1)", "status:enum(new|used):default(used)", "shelved_on:date:default(today)", "editor:ref(authors)?", "isbn:string?:unique"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Write(dir); err != nil {
		t.Fatal(err)
	}
	if d := mustCheck(t, dir); !d.Clean() {
		t.Fatalf("check after add field: drift\n%s%v", d.Diff(), d.Paths(MigrationDrift))
	}
	migrate("up")
	want := "3 rows: [Always Coming Home The Dispossessed The Lathe of Heaven], 3 with the defaults"
	rows := func() string {
		var n, filled int
		var titles []string
		err := db.admin.QueryRow(ctx, `SELECT count(*), array_agg(title ORDER BY title),
			count(*) FILTER (WHERE copies = 1 AND status = 'used' AND shelved_on = current_date
				AND subtitle IS NULL AND editor_id IS NULL AND isbn IS NULL)
			FROM books`).Scan(&n, &titles, &filled)
		if err != nil {
			t.Fatalf("read the books after migrate up: %v", err)
		}
		return fmt.Sprintf("%d rows: %v, %d with the defaults", n, titles, filled)
	}
	if got := rows(); got != want {
		t.Fatalf("after migrate up: %s, want %s", got, want)
	}

	// The Down undoes the change, and the rows stay.
	migrate("down")
	var cols []string
	err = db.admin.QueryRow(ctx, `SELECT array_agg(column_name::text ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'books'`).Scan(&cols)
	if err != nil || strings.Join(cols, " ") != "tenant_id id title pages author_id created_at updated_at" {
		t.Fatalf("after migrate down, books has %v (%v)", cols, err)
	}
	var n int
	if err := db.admin.QueryRow(ctx, "SELECT count(*) FROM books").Scan(&n); err != nil || n != 3 {
		t.Fatalf("after migrate down: %d books (%v), want 3", n, err)
	}
	migrate("up")
	if got := rows(); got != want {
		t.Fatalf("after migrate down and up: %s, want %s", got, want)
	}

	// A reference from the first resource to one added after it: the
	// generated tests leave it null when they make an author, so making a
	// book (which needs an author) does not loop.
	a, err = AddField(dir, "authors", []string{"favourite:ref(books)?", "born_on:date?"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Write(dir); err != nil {
		t.Fatal(err)
	}
	migrate("up")
	var authors int
	if err := db.admin.QueryRow(ctx, "SELECT count(*) FROM authors WHERE name = 'Le Guin' AND favourite_id IS NULL").Scan(&authors); err != nil || authors != 1 {
		t.Fatalf("after the second change: %d authors (%v), want 1", authors, err)
	}

	out := buildAndTest(t, dir)
	if !strings.Contains(out, "ok  \texample.com/shelf/internal/app") {
		t.Fatalf("the project's app tests did not run:\n%s", out)
	}
	if d := mustCheck(t, dir); !d.Clean() {
		t.Fatalf("check after the project's tests: drift\n%s", d.Diff())
	}
}

// scratchDatabase is a fresh database owned by a project's owner role, on
// the PostgreSQL of TEST_DATABASE_URL.
type scratchDatabase struct {
	admin    *pgx.Conn
	ownerURL string
}

// newScratchDatabase creates the project's roles as its test harness does
// (a duplicate is not an error: runs share the cluster) and a database
// owned by its owner role, dropped when the test ends.
func newScratchDatabase(t *testing.T, ctx context.Context, project string) *scratchDatabase {
	t.Helper()
	adminURL := os.Getenv("TEST_DATABASE_URL")
	if adminURL == "" {
		adminURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	root, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		t.Fatalf("cannot reach PostgreSQL at TEST_DATABASE_URL (%v): start it, or set TEST_DATABASE_URL to an admin URL", err)
	}
	defer root.Close(ctx)
	owner, app := project+"_owner", project+"_app"
	for _, r := range []struct{ name, attrs string }{
		{owner, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"},
		{app, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT"},
		{project + "_admin", "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT"},
	} {
		_, err := root.Exec(ctx, fmt.Sprintf(`DO $$ BEGIN CREATE ROLE %s %s PASSWORD '%s';
			EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`, pgx.Identifier{r.name}.Sanitize(), r.attrs, r.name))
		if err != nil {
			t.Fatalf("create role %s: %v", r.name, err)
		}
	}
	var suffix [6]byte
	_, _ = rand.Read(suffix[:])
	name := project + "_addfield_" + hex.EncodeToString(suffix[:])
	if _, err := root.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" OWNER "+pgx.Identifier{owner}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), adminURL)
		if err != nil {
			t.Errorf("drop %s: %v", name, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("drop %s: %v", name, err)
		}
	})
	u, err := url.Parse(adminURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	cfg, err := pgx.ParseConfig(u.String())
	if err != nil {
		t.Fatal(err)
	}
	admin, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close(context.Background()) })
	u.User = url.UserPassword(owner, owner)
	return &scratchDatabase{admin: admin, ownerURL: u.String()}
}

func (d *scratchDatabase) exec(t *testing.T, ctx context.Context, sql string, args ...any) {
	t.Helper()
	if _, err := d.admin.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// goRun runs `go run pkg args...` in dir with env added.
func goRun(t *testing.T, dir string, env []string, pkg string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"run", pkg}, args...)...)
	cmd.Dir = dir
	cmd.Env = goEnv(env)
	out, err := cmd.CombinedOutput()
	addChildCPU(t, cmd.ProcessState)
	if err != nil {
		t.Fatalf("go run %s %s: %v\n%s", pkg, strings.Join(args, " "), err, out)
	}
}
