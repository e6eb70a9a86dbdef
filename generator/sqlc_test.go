package generator

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// A query that sqlc rejects must surface sqlc's own message, so a template
// author sees what is wrong. sqlc exits the process on such an error, so the
// failing run happens in a child process.
func TestSQLCErrorIsReported(t *testing.T) {
	if os.Getenv("SAASGEN_SQLC_CRASHER") == "1" {
		files := map[string]File{
			"sqlc.yaml": {Path: "sqlc.yaml", Data: []byte(`version: "2"
sql:
  - engine: postgresql
    schema: [db/migrations/1.sql]
    queries: db/queries/x
    gen:
      go: {package: xdb, out: internal/x/xdb, sql_package: pgx/v5}
`)},
			"db/migrations/1.sql": {Path: "db/migrations/1.sql", Data: []byte("CREATE TABLE a (id int);\n")},
			"db/queries/x/x.sql":  {Path: "db/queries/x/x.sql", Data: []byte("-- name: Get :one\nSELECT * FROM nosuchtable;\n")},
		}
		_, err := runSQLC(files)
		t.Fatalf("runSQLC returned %v instead of exiting", err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSQLCErrorIsReported$")
	cmd.Env = append(os.Environ(), "SAASGEN_SQLC_CRASHER=1")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("child: %v, want exit 1\n%s", err, out)
	}
	if !strings.Contains(string(out), `relation "nosuchtable" does not exist`) {
		t.Fatalf("sqlc's message is not shown:\n%s", out)
	}
}
