package generator

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// The project name reaches SQL bare in one place: deploy/postgres/init-roles.sql
// names the database after the project. These tests run that script against
// a real PostgreSQL (TEST_DATABASE_URL, an admin URL, as for the generated
// projects' tests) for names that are SQL key words.

func adminDatabaseURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// initRolesSQL renders deploy/postgres/init-roles.sql for a project named
// name, without the rest of the project.
func initRolesSQL(t *testing.T, name string) string {
	t.Helper()
	files := map[string]File{}
	if err := renderTree("base/deploy/postgres", "", NewProject(Spec{Name: name}), func(p string) string { return p }, files); err != nil {
		t.Fatal(err)
	}
	f, ok := files["init-roles.sql"]
	if !ok {
		t.Fatalf("base/deploy/postgres rendered %v, no init-roles.sql", slices.Sorted(maps.Keys(files)))
	}
	return string(f.Data)
}

func psql(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := exec.Command("psql", append([]string{"-X", "-q", "-d", adminDatabaseURL()}, args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	return out.String(), errb.String(), err
}

var createDatabaseRE = regexp.MustCompile(`(?m)^SELECT '(CREATE DATABASE .*)'$`)

// TestInitRolesCreateDatabaseParses sends the script's CREATE DATABASE for
// every SQL key word PostgreSQL reserves (and a few it does not) to the
// server. The owner is swapped for a role that does not exist, so each
// statement is parsed and then refused before anything is created: a
// syntax error is the failure this looks for.
func TestInitRolesCreateDatabaseParses(t *testing.T) {
	if testing.Short() {
		t.Skip("needs PostgreSQL; run without -short")
	}
	const nobody = "saasgen_test_no_such_role"
	words := slices.Concat(sqlReserved, []string{"demo", "int", "between", "time", "values", "name"})
	var script strings.Builder
	for _, w := range words {
		m := createDatabaseRE.FindStringSubmatch(initRolesSQL(t, w))
		if m == nil {
			t.Fatalf("init-roles.sql for %q has no line SELECT 'CREATE DATABASE ...'", w)
		}
		stmt, ok := strings.CutSuffix(m[1], " OWNER "+w+"_owner")
		if !ok {
			t.Fatalf("init-roles.sql for %q: %q does not end in OWNER %s_owner", w, m[1], w)
		}
		fmt.Fprintf(&script, "%s OWNER %s;\n", stmt, nobody)
	}
	_, stderr, _ := psql(t, script.String())
	want := fmt.Sprintf("ERROR:  role %q does not exist", nobody)
	if got := strings.Count(stderr, want); got != len(words) || strings.Contains(stderr, "syntax error") {
		t.Fatalf("%d of %d statements reached the owner check; psql said:\n%s\nthe statements:\n%s", got, len(words), stderr, script.String())
	}
}

// TestInitRolesRunsForKeywordNames runs the whole script, as a developer
// or docker-compose does, for projects named after reserved words, checks
// the database, its owner and the roles, and drops what it created.
func TestInitRolesRunsForKeywordNames(t *testing.T) {
	if testing.Short() {
		t.Skip("needs PostgreSQL; run without -short")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, adminDatabaseURL())
	if err != nil {
		t.Fatalf("connect to %s: %v", adminDatabaseURL(), err)
	}
	t.Cleanup(func() { admin.Close(ctx) })
	// Runs of this test in other checkouts use the same names: one at a
	// time. The lock is the session's and ends with it.
	if _, err := admin.Exec(ctx, "SELECT pg_advisory_lock(hashtext('saasgen TestInitRolesRunsForKeywordNames'))"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"user", "order"} {
		t.Run(name, func(t *testing.T) {
			owner, app, operator := name+"_owner", name+"_app", name+"_admin"
			var dbExists bool
			if err := admin.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)", name).Scan(&dbExists); err != nil {
				t.Fatal(err)
			}
			if dbExists {
				t.Fatalf("database %q exists already; this test creates and drops it: drop it (DROP DATABASE %s) if nothing needs it", name, pgx.Identifier{name}.Sanitize())
			}
			// Roles are cluster-wide and a generated project's tests create
			// them too: keep any that were there.
			rows, err := admin.Query(ctx, "SELECT rolname FROM pg_roles WHERE rolname = ANY($1)", []string{owner, app, operator})
			if err != nil {
				t.Fatal(err)
			}
			existing, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
					t.Errorf("drop database %s: %v", name, err)
				}
				for _, r := range []string{app, operator, owner} {
					if slices.Contains(existing, r) {
						continue
					}
					if _, err := admin.Exec(ctx, "DROP ROLE IF EXISTS "+pgx.Identifier{r}.Sanitize()); err != nil {
						t.Errorf("drop role %s: %v", r, err)
					}
				}
			})

			sql := initRolesSQL(t, name)
			for range 2 { // the script says it is safe to run again
				if stdout, stderr, err := psql(t, sql, "-v", "ON_ERROR_STOP=1"); err != nil {
					t.Fatalf("psql -f init-roles.sql for a project named %q: %v\n%s%s", name, err, stdout, stderr)
				}
			}
			var dbOwner string
			if err := admin.QueryRow(ctx, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1", name).Scan(&dbOwner); err != nil {
				t.Fatalf("database %q after init-roles.sql: %v", name, err)
			}
			if dbOwner != owner {
				t.Errorf("database %q is owned by %s, want %s", name, dbOwner, owner)
			}
			for _, role := range []string{app, operator} {
				var super, bypass bool
				if err := admin.QueryRow(ctx, "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1", role).Scan(&super, &bypass); err != nil {
					t.Fatalf("role %s after init-roles.sql: %v", role, err)
				}
				if super || bypass {
					t.Errorf("role %s: superuser %v, bypassrls %v; want neither", role, super, bypass)
				}
			}
		})
	}
}
