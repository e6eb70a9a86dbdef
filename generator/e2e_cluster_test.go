package generator

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestEndToEndRedisCluster runs a generated project on a Redis Cluster of
// three masters (redis-server in cluster mode on private ports, slots
// split evenly), through TEST_REDIS_URL=redis+cluster://...:
//
//   - the revocation check, the rate-limit decision and the tenant's
//     version of one request take one round trip to one node
//     (TestOneRedisRoundTripPerRateLimitedRequest, TestOneRoundTripPerRead,
//     TestMiddlewareCostsOneRedisRoundTrip count each node's share of a
//     pipeline);
//   - the limiter stays exact: 2N concurrent requests at a limit of N over
//     three API instances, each with a client of its own, pass exactly N
//     (TestRateLimitIsSharedByThreeServers, TestThreeInstancesShareOneLimit);
//   - asynq runs on it: the jobs package's tests, and the API's job tests,
//     one of which kills a worker process started with the cluster's
//     URL as REDIS_URL (which start-up validates).
//
// The paddle preset has auth, rate limiting, billing and jobs; its whole
// suite runs on one Redis in TestEndToEnd, so here only the packages and
// tests that touch Redis run, to keep the added time small.
func TestEndToEndRedisCluster(t *testing.T) {
	endToEnd(t)
	dir := filepath.Join(t.TempDir(), "paddle")
	writePreset(t, "paddle", dir)
	compilePreset(t, "paddle", dir)
	url := "TEST_REDIS_URL=" + e2eRedisCluster(t, 3)
	out := goCmdEnv(t, dir, []string{url}, "test", "-count=1", "-vet=off", "-v",
		"./internal/platform/...", "./internal/ratelimit/...", "./internal/jobs/...", "./internal/auth/...")
	out += goCmdEnv(t, dir, []string{url}, "test", "-count=1", "-vet=off", "-v", "-run",
		"^(TestRateLimitIsSharedByThreeServers|TestOneRedisRoundTripPerRateLimitedRequest|TestOneRoundTripPerRead|TestPlanUpgradeRaisesTheLimitAtOnce|"+
			"TestLogoutDeniesAtOnce|TestSessionsListAndRevoke|TestRevokedGrantOnOneInstanceAppliesOnTheOther|"+
			"TestBulkInvitation.*|TestTrialStartsAtSignupAndEndsThroughTheJob)$", "./internal/app")
	for _, name := range []string{"TestOneRedisRoundTripPerRateLimitedRequest", "TestOneRoundTripPerRead", "TestMiddlewareCostsOneRedisRoundTrip",
		"TestRateLimitIsSharedByThreeServers", "TestThreeInstancesShareOneLimit", "TestSlotsAndShards", "TestBulkInvitationSurvivesAWorkerKilledMidway"} {
		if !strings.Contains(out, "--- PASS: "+name+" ") {
			t.Errorf("%s did not pass on the cluster:\n%s", name, out)
		}
	}
	if strings.Contains(out, "--- SKIP") {
		t.Errorf("a test skipped on the cluster:\n%s", out)
	}
}

// e2eRedisCluster starts n redis-server masters in cluster mode on free
// ports, splits the 16384 slots evenly among them (CLUSTER ADDSLOTSRANGE,
// then CLUSTER MEET), waits until every node reports cluster_state:ok and
// returns the cluster's redis+cluster:// URL.
func e2eRedisCluster(t *testing.T, n int) string {
	t.Helper()
	addrs, buses := make([]string, n), make([]string, n)
	for i := range addrs {
		buses[i] = strconv.Itoa(freeTCPPort(t))
		addrs[i] = e2eRedisServer(t, freeTCPPort(t), "--cluster-enabled", "yes", "--cluster-port", buses[i],
			"--cluster-config-file", filepath.Join(t.TempDir(), "nodes.conf"), "--cluster-node-timeout", "5000")
		from, to := i*16384/n, (i+1)*16384/n-1
		if _, err := redisCommand(addrs[i], "CLUSTER", "ADDSLOTSRANGE", strconv.Itoa(from), strconv.Itoa(to)); err != nil {
			t.Fatalf("CLUSTER ADDSLOTSRANGE on %s: %v", addrs[i], err)
		}
	}
	for i, a := range addrs[1:] {
		host, port, _ := strings.Cut(a, ":")
		if _, err := redisCommand(addrs[0], "CLUSTER", "MEET", host, port, buses[i+1]); err != nil {
			t.Fatalf("CLUSTER MEET %s: %v", a, err)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, a := range addrs {
		for {
			info, err := redisCommand(a, "CLUSTER", "INFO")
			if err == nil && len(info) == 1 && strings.Contains(info[0], "cluster_state:ok") && strings.Contains(info[0], "cluster_known_nodes:"+strconv.Itoa(n)) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the Redis Cluster did not come up within 30s: %s: %q, %v", a, info, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	return "redis+cluster://" + strings.Join(addrs, ",")
}
