package generator

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEndToEndReplicaAndFaults runs a generated project against a primary and a
// streaming replica of the test's own (initdb, then pg_basebackup -R, on
// private ports: the shared PostgreSQL is never reconfigured), one
// generated project for every subtest:
//
//   - the isolation tests with their reads on the replica
//     (TEST_REPLICA_URL): row-level security hides there what it hides on
//     the primary;
//   - the built service with DATABASE_READ_URL: with the replica's replay
//     paused, a PATCH then a GET sees the write (the tenant's reads stay
//     on the primary for DATABASE_READ_AFTER_WRITE) while the replica still
//     has the old row, and once the window has passed the GET is served by
//     the replica, old row and all, until replay resumes;
//   - the replica stopped: reads fall back to the primary, answer 200 and
//     are counted in db_replica_fallback_reads_total;
//   - then the faults, one at a time: PostgreSQL stopped and started,
//     PgBouncer killed and started, Redis killed and started empty; the
//     service, never restarted, answers 503 (Redis: revoked tokens 401,
//     logins and logouts 503), /readyz says not ready, and it recovers by
//     itself. Each logs its figure (FIGURE: statuses, time to recover).
//
// PostgreSQL's server binaries come from Debian's postgresql package
// (/usr/lib/postgresql/N/bin, or TEST_PG_BIN); without them the test
// fails, it never skips.
func TestEndToEndReplicaAndFaults(t *testing.T) {
	endToEnd(t)
	dir := filepath.Join(t.TempDir(), "minimal")
	writePreset(t, "minimal", dir)
	compilePreset(t, "minimal", dir)
	primary := startPrivatePostgres(t, "")
	replica := startPrivatePostgres(t, primary.addr())
	redis := startRedisServer(t, freeTCPPort(t))

	t.Run("isolation on the replica", func(t *testing.T) {
		out := goCmdEnv(t, dir, []string{
			"TEST_DATABASE_URL=" + primary.url("postgres", "postgres"),
			"TEST_REPLICA_URL=" + replica.url("postgres", "postgres"),
			"TEST_REDIS_URL=redis://" + redis.addr + "/0",
		}, "test", "-count=1", "-vet=off", "-v", "-run", "^TestCrossTenantRawSQL$", "./internal/app")
		if n := strings.Count(out, "--- PASS: TestCrossTenantRawSQL/"); n < 5 {
			t.Errorf("%d tables' isolation tests passed on the replica, want every tenant table's:\n%s", n, out)
		}
	})

	t.Run("read your writes", func(t *testing.T) {
		api := serveMinimal(t, dir, primary, redis.addr, "DATABASE_READ_URL="+replica.url("minimal_app", "minimal"), "DATABASE_READ_AFTER_WRITE=1s")
		acc := api.signup(t)
		// The token must be older than the window for its reads to go to
		// the replica (iat has whole seconds).
		time.Sleep(2500 * time.Millisecond)
		replica.psql(t, "postgres", "SELECT pg_wal_replay_pause()")
		api.must(t, "PATCH", "/v1/tenant", acc, map[string]any{"name": "Renamed"}, 200)
		if got := api.must(t, "GET", "/v1/tenant", acc, nil, 200)["name"]; got != "Renamed" {
			t.Errorf("GET /v1/tenant right after PATCH, replica paused: name %q, want the write read back", got)
		}
		onReplica := func() string {
			return replica.psql(t, "minimal", "SELECT name FROM tenants WHERE id = '"+acc.tenant+"'")
		}
		if got := onReplica(); got == "Renamed" {
			t.Fatalf("the paused replica already has the write; the test proves nothing")
		}
		time.Sleep(1500 * time.Millisecond)
		if got := api.must(t, "GET", "/v1/tenant", acc, nil, 200)["name"]; got == "Renamed" {
			t.Errorf("GET /v1/tenant after the window, replica paused: %q, want the replica's old row (are reads going to the replica at all?)", got)
		}
		replica.psql(t, "postgres", "SELECT pg_wal_replay_resume()")
		eventually(t, "the replica's replay resumed", func() bool {
			return api.must(t, "GET", "/v1/tenant", acc, nil, 200)["name"] == "Renamed"
		})

		replica.stop(t)
		before := api.metric(t, "db_replica_fallback_reads_total")
		for range 3 {
			if got := api.must(t, "GET", "/v1/tenant", acc, nil, 200)["name"]; got != "Renamed" {
				t.Errorf("GET /v1/tenant with the replica down: %q", got)
			}
		}
		if n := api.metric(t, "db_replica_fallback_reads_total") - before; n < 3 {
			t.Errorf("db_replica_fallback_reads_total rose by %v with the replica down, want 3", n)
		}
		replica.start(t)
	})

	// The faults, on the same servers, one at a time: each server the
	// test owns is stopped as a crash or an operator would, and the
	// service, never restarted, answers 503 and recovers by itself.
	t.Run("PostgreSQL restart", func(t *testing.T) {
		api := serveMinimal(t, dir, primary, redis.addr)
		acc := api.signup(t)
		primary.stop(t)
		seen := api.probe(t, acc)
		primary.start(t)
		api.recovered(t, "PostgreSQL restart", acc, seen)
	})
	t.Run("PgBouncer restart", func(t *testing.T) {
		pgb := startPgBouncer(t, primary.addr(), []string{"minimal_app", "minimal_owner", "minimal_admin"}, 10)
		api := serveMinimal(t, dir, primary, redis.addr, "DATABASE_URL=postgres://minimal_app:minimal_app@"+pgb.addr+"/minimal?sslmode=disable&default_query_exec_mode=cache_describe")
		acc := api.signup(t)
		pgb.stop()
		seen := api.probe(t, acc)
		pgb.start(t)
		api.recovered(t, "PgBouncer restart", acc, seen)
	})
	t.Run("Redis down", func(t *testing.T) {
		api := serveMinimal(t, dir, primary, redis.addr)
		acc, gone := api.signup(t), api.signup(t)
		api.must(t, "POST", "/v1/auth/logout", gone, nil, 204)
		redis.stop()
		seen := map[string]int{}
		for _, c := range []struct {
			what, method, path string
			acc                projectAccount
			body               any
			want               int
		}{
			// Fail closed: a token revoked before the outage stays
			// refused (PostgreSQL holds the sessions); a revocation or
			// a login, which Redis must record or limit, is refused.
			{"GET /v1/me, token revoked before", "GET", "/v1/me", gone, nil, 401},
			{"GET /v1/tenant, token revoked before", "GET", "/v1/tenant", gone, nil, 401},
			{"POST /v1/auth/logout", "POST", "/v1/auth/logout", acc, nil, 503},
			{"POST /v1/auth/login", "POST", "/v1/auth/login", projectAccount{}, map[string]string{"email": acc.email, "password": acc.password}, 503},
		} {
			status, out, _ := api.do(c.method, c.path, c.acc.access, c.body)
			seen[c.what] = status
			if status != c.want {
				t.Errorf("Redis down: %s: %d %v, want %d", c.what, status, out, c.want)
			}
		}
		if status, _, _ := api.do("GET", "/readyz", "", nil); status != 503 {
			t.Errorf("Redis down: /readyz %d, want 503", status)
		}
		redis.start(t)
		back := time.Now()
		eventually(t, "ready once Redis is back", func() bool {
			status, _, _ := api.do("GET", "/readyz", "", nil)
			return status == 200
		})
		ready := time.Since(back)
		eventually(t, "login once Redis is back", func() bool {
			status, _, _ := api.do("POST", "/v1/auth/login", "", map[string]string{"email": acc.email, "password": acc.password})
			return status == 200
		})
		api.must(t, "GET", "/v1/me", gone, nil, 401)
		t.Logf("FIGURE Redis down: answers while down %v, /readyz 503; ready %v and logging in %v after redis-server answered again (empty), the revoked token still 401, the service never restarted",
			seen, ready.Round(time.Millisecond), time.Since(back).Round(time.Millisecond))
	})
}

// probe sends, with the database unreachable, reads and writes, signed
// in and not, and /readyz: each must answer 503, the process still
// serving. It returns the statuses seen, by request.
func (a *projectAPI) probe(t *testing.T, acc projectAccount) map[string]int {
	t.Helper()
	seen := map[string]int{}
	for _, c := range []struct {
		what, method, path string
		acc                projectAccount
		body               any
	}{
		{"GET /v1/tenant", "GET", "/v1/tenant", acc, nil},
		{"PATCH /v1/tenant", "PATCH", "/v1/tenant", acc, map[string]string{"name": "Down Inc"}},
		{"POST /v1/auth/login", "POST", "/v1/auth/login", projectAccount{}, map[string]string{"email": acc.email, "password": acc.password}},
		{"POST /v1/auth/refresh", "POST", "/v1/auth/refresh", projectAccount{}, map[string]string{"refresh_token": acc.refresh}},
		{"/readyz", "GET", "/readyz", projectAccount{}, nil},
	} {
		status, out, _ := a.do(c.method, c.path, c.acc.access, c.body)
		seen[c.what] = status
		if status != 503 {
			t.Errorf("database down: %s: %d %v, want 503", c.what, status, out)
		}
	}
	return seen
}

// recovered waits, the database back, until a read and a write succeed,
// and logs the figure: how long after the server accepted connections
// again, and what was answered while it was down.
func (a *projectAPI) recovered(t *testing.T, what string, acc projectAccount, seen map[string]int) {
	t.Helper()
	back := time.Now()
	eventually(t, what+": GET /v1/tenant once the database is back", func() bool {
		status, _, _ := a.do("GET", "/v1/tenant", acc.access, nil)
		return status == 200
	})
	first := time.Since(back)
	a.must(t, "PATCH", "/v1/tenant", acc, map[string]string{"name": "Up Inc"}, 200)
	if status, _, _ := a.do("GET", "/readyz", "", nil); status != 200 {
		t.Errorf("%s: /readyz %d once the database is back, want 200", what, status)
	}
	t.Logf("FIGURE %s: answers while down %v; GET /v1/tenant 200 %v after the server accepted connections again, the service never restarted",
		what, seen, first.Round(time.Millisecond))
}
