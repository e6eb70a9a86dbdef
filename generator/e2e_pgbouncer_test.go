package generator

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestEndToEndPgBouncer runs a generated project behind PgBouncer in
// transaction pooling mode, as the README's "Behind PgBouncer" says to
// deploy it: the runtime role through the pooler with pgx's
// cache_describe mode (PgBouncer 1.18, Debian's, keeps no prepared
// statements), setup and migrations directly.
//
//   - Through a pool of one server connection, two clients of two tenants
//     take turns on it, and each transaction sees only its own tenant,
//     nothing between them (TestTenantsInterleavedOnSharedConnections
//     with TEST_POOLER_ONE_SERVER=true fails on more than one).
//   - Through a pool of ten, the project's whole suite passes: the
//     service, the isolation tests and the rest, unchanged.
//
// PgBouncer comes from Debian's package (.ci/run installs it), or
// TEST_PGBOUNCER names the binary; without it the test fails, it never
// skips.
func TestEndToEndPgBouncer(t *testing.T) {
	endToEnd(t)
	dir := filepath.Join(t.TempDir(), "minimal")
	writePreset(t, "minimal", dir)
	compilePreset(t, "minimal", dir)
	roles := []string{"minimal_app", "minimal_admin", "minimal_owner"}

	one, _ := e2ePgBouncer(t, roles, 1)
	out := goCmdEnv(t, dir, []string{"TEST_POOLER_URL=" + poolerURL(one), "TEST_POOLER_ONE_SERVER=true"},
		"test", "-count=1", "-vet=off", "-v", "-run", "^(TestTenantsInterleavedOnSharedConnections|TestTenantIsTransactionLocal)$", "./internal/platform/db")
	if !strings.Contains(out, "server connections used: 1") {
		t.Errorf("the interleaved tenants did not share one server connection:\n%s", out)
	}

	many, log := e2ePgBouncer(t, roles, 10)
	redis := e2eRedis(t)
	goCmdEnv(t, dir, []string{"TEST_POOLER_URL=" + poolerURL(many), "TEST_REDIS_URL=redis://" + redis + "/0"}, "test", "-count=1", "-vet=off", "./...")
	logged, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(logged), "user=minimal_app"); n < 10 {
		t.Errorf("PgBouncer logged %d logins of minimal_app, want the suite's runtime connections to go through it:\n%s", n, logged)
	}
}

// poolerURL is the URL the generated tests take as TEST_POOLER_URL for a
// PgBouncer at addr.
func poolerURL(addr string) string {
	return "postgres://" + addr + "/postgres?sslmode=disable&default_query_exec_mode=cache_describe"
}

// e2ePgBouncer starts a PgBouncer of the test's own in transaction pooling
// mode on a free port, in front of the PostgreSQL that TEST_DATABASE_URL
// names (the local one by default), with poolSize server connections per
// database and role, any database, and roles as the test harness creates
// them (password = name). It returns its address and its log file.
func e2ePgBouncer(t *testing.T, roles []string, poolSize int) (addr, logFile string) {
	t.Helper()
	server := "127.0.0.1:5432"
	if raw := os.Getenv("TEST_DATABASE_URL"); raw != "" {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			t.Fatalf("TEST_DATABASE_URL %q names no host for PgBouncer to connect to", raw)
		}
		server = u.Host
	}
	b := startPgBouncer(t, server, roles, poolSize)
	return b.addr, b.log
}

// pgBouncer is a running PgBouncer of the test's own; stop and start
// restart it on the same port.
type pgBouncer struct {
	e2eServer
	addr string
}

// startPgBouncer is e2ePgBouncer in front of the PostgreSQL at server
// (host:port).
func startPgBouncer(t *testing.T, server string, roles []string, poolSize int) *pgBouncer {
	t.Helper()
	bin := os.Getenv("TEST_PGBOUNCER")
	if bin == "" {
		if p, err := exec.LookPath("pgbouncer"); err == nil {
			bin = p
		} else {
			bin = "/usr/sbin/pgbouncer" // Debian's, outside a user's PATH
		}
	}
	host, port, err := net.SplitHostPort(server)
	if err != nil {
		host, port = server, "5432"
	}
	// Its own folder in the shared temporary directory, readable by the
	// user PgBouncer drops to when started as root (it refuses to run as
	// root).
	conf, err := os.MkdirTemp("", "saasgen-pgbouncer-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(conf) })
	if err := os.Chmod(conf, 0o755); err != nil {
		t.Fatal(err)
	}
	var users strings.Builder
	users.WriteString("\"postgres\" \"\"\n")
	for _, r := range roles {
		fmt.Fprintf(&users, "%q %q\n", r, r)
	}
	listen := freeTCPPort(t)
	ini := fmt.Sprintf(`[databases]
* = host=%s port=%s

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %d
unix_socket_dir =
auth_type = trust
auth_file = %s
pool_mode = transaction
default_pool_size = %d
max_client_conn = 500
ignore_startup_parameters = lock_timeout,idle_in_transaction_session_timeout
`, host, port, listen, filepath.Join(conf, "userlist.txt"), poolSize)
	for name, body := range map[string]string{"userlist.txt": users.String(), "pgbouncer.ini": ini} {
		if err := os.WriteFile(filepath.Join(conf, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{filepath.Join(conf, "pgbouncer.ini")}
	if os.Geteuid() == 0 {
		args = append([]string{"-u", "nobody"}, args...)
	}
	addr := "127.0.0.1:" + strconv.Itoa(listen)
	b := &pgBouncer{addr: addr, e2eServer: e2eServer{
		what: "PgBouncer on " + addr, hint: "install Debian's pgbouncer package, or set TEST_PGBOUNCER to its path",
		bin: bin, args: args, log: filepath.Join(t.TempDir(), "pgbouncer.log"), dirs: []string{conf},
		ready: func() error {
			c, err := net.DialTimeout("tcp", addr, time.Second)
			if err == nil {
				c.Close()
			}
			return err
		},
	}}
	startServer(t, &b.e2eServer)
	return b
}
