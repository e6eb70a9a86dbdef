package generator

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestEndToEndManyInstances runs the paddle preset (auth, billing with
// Paddle, rate limiting, jobs) as a deployment of three API instances
// (`saas serve`) and two workers (`saas worker`) on one PostgreSQL and one
// Redis of the test's own, and holds it to issue 16's "many instances":
//
//   - a webhook delivered to two instances at the same moment changes
//     state once: one answers applied, the other duplicate, one event row,
//     and the tenant is on the plan the event sold;
//   - a task whose worker is killed mid-run has its effect once: both
//     workers are killed with SIGKILL while a bulk invitation of 1000
//     addresses runs on one of them, two new workers take the task over,
//     and there are then 1000 invitations and 1000 mails in the outbox;
//   - periodic tasks fire once per tick: each of the four workers'
//     schedulers ticks when it starts, and across their logs every
//     periodic task of the period was scheduled once and ran once;
//   - throughput: the same load (GET /v1/tenant from 32 clients) against
//     one instance and then spread over the three, side by side, logged as
//     a FIGURE (docs/BENCHMARKS.md).
//
// It reuses the paddle preset's compiled packages (compilePreset): its own
// build is the link of the binary.
func TestEndToEndManyInstances(t *testing.T) {
	endToEnd(t)
	dir := filepath.Join(t.TempDir(), "paddle")
	writePreset(t, "paddle", dir)
	compilePreset(t, "paddle", dir)
	primary := startPrivatePostgres(t, "")
	redis := e2eRedis(t)

	seed := make([]byte, 32)
	rand.Read(seed)
	shared := []string{
		"REDIS_KEY_PREFIX=e2e-many:", "JWT_SIGNING_KEY=e2e:" + base64.RawURLEncoding.EncodeToString(seed),
		"PLANS_FILE=" + manyInstancesPlans(t, dir), "PADDLE_API_URL=http://127.0.0.1:1", "LOG_FORMAT=json",
	}
	var apis []*projectAPI
	for range 3 {
		addr := "127.0.0.1:" + strconv.Itoa(freeTCPPort(t))
		p := startProject(t, dir, "saas", primary, redis, addr, "/readyz", []string{"serve"}, slices.Concat(shared, []string{"HTTP_ADDR=" + addr})...)
		apis = append(apis, &projectAPI{url: p.url, log: p.log})
	}
	var workers []*projectProcess
	startWorkers := func() {
		t.Helper()
		for range 2 {
			addr := "127.0.0.1:" + strconv.Itoa(freeTCPPort(t))
			workers = append(workers, startProject(t, dir, "saas", primary, redis, addr, "/healthz", []string{"worker"},
				slices.Concat(shared, []string{"WORKER_ADDR=" + addr, "LOG_LEVEL=debug"})...))
		}
	}
	startWorkers()
	owner := apis[0].signup(t)

	// The same Paddle delivery to two instances at once.
	event := "evt_e2e_" + strconv.FormatInt(time.Now().UnixNano(), 36)
	body, header := paddleDelivery(event, owner.tenant, "pri_e2e_pro")
	var wg sync.WaitGroup
	outcomes := make([]string, 2)
	start := make(chan struct{})
	for i, a := range apis[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", a.url+"/webhooks/paddle", bytes.NewReader(body))
			req.Header = header.Clone()
			<-start
			resp, err := projectClient.Do(req)
			if err != nil {
				outcomes[i] = err.Error()
				return
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			var out struct{ Outcome string }
			json.Unmarshal(raw, &out)
			outcomes[i] = fmt.Sprintf("%d %s", resp.StatusCode, out.Outcome)
		}()
	}
	close(start)
	wg.Wait()
	sort.Strings(outcomes)
	if !slices.Equal(outcomes, []string{"200 applied", "200 duplicate"}) {
		t.Errorf("one delivery to two instances at once: %q, want one 200 applied and one 200 duplicate", outcomes)
	}
	if n := primary.psql(t, "saas", "SELECT count(*) FROM billing_events WHERE event_id = '"+event+"'"); n != "1" {
		t.Errorf("%s event rows for one delivery to two instances, want 1", n)
	}
	if plan := apis[0].must(t, "GET", "/v1/billing/subscription", owner, nil, 200)["effective_plan"]; plan != "pro" {
		t.Errorf("effective plan after the delivery: %v, want pro", plan)
	}

	// A bulk invitation whose worker is killed mid-run.
	const total = 1000
	items := make([]map[string]string, total)
	for i := range items {
		items[i] = map[string]string{"email": fmt.Sprintf("many%04d-%s@example.com", i, event[8:]), "role": "member"}
	}
	job, _ := apis[0].must(t, "POST", "/v1/invitations/bulk", owner, map[string]any{"invitations": items}, 202)["job_id"].(string)
	for {
		r := apis[1].must(t, "GET", "/v1/jobs/"+job, owner, nil, 200)
		if r["status"] == "succeeded" {
			t.Fatal("the bulk invitation finished before its worker could be killed")
		}
		if p, _ := r["progress"].(float64); p >= total/6 {
			t.Logf("workers killed at progress %v of %d", p, total)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, w := range workers {
		w.kill()
	}
	// asynq hands a dead worker's task on once its lease has been expired
	// 30s, at a worker's start or every minute, and after a retry delay:
	// the lease is moved into the past and the retry made due at once,
	// as the generated jobs_kill_test.go does with asynq's inspector.
	if !moveTask(t, redis, "lease", job) {
		t.Fatal("the killed bulk invitation holds no lease in Redis")
	}
	startWorkers()
	eventually(t, "the killed task scheduled for a retry", func() bool { return moveTask(t, redis, "retry", job) })
	deadline := time.Now().Add(2 * time.Minute)
	for apis[2].must(t, "GET", "/v1/jobs/"+job, owner, nil, 200)["status"] != "succeeded" {
		if time.Now().After(deadline) {
			t.Fatalf("the bulk invitation did not succeed within 2 minutes of the new workers")
		}
		time.Sleep(100 * time.Millisecond)
	}
	for table, address := range map[string]string{"invitations": "email", "mail_outbox": "to_address"} {
		got := primary.psql(t, "saas", "SELECT count(*) || ' ' || count(DISTINCT lower("+address+")) FROM "+table+" WHERE tenant_id = '"+owner.tenant+"' AND "+address+" LIKE 'many%'")
		if want := fmt.Sprintf("%d %d", total, total); got != want {
			t.Errorf("%s rows and distinct addresses after the killed bulk invitation: %s, want %s", table, got, want)
		}
	}

	// Periodic tasks: four schedulers started, each task once per period.
	scheduled, ran := map[string]int{}, map[string]int{}
	eventually(t, "every periodic task scheduled has run", func() bool {
		clear(scheduled)
		clear(ran)
		for _, w := range workers {
			workerLog(t, w.log, scheduled, ran)
		}
		for id := range scheduled {
			if ran[id] == 0 {
				return false
			}
		}
		return len(scheduled) > 0
	})
	for id, n := range scheduled {
		if n != 1 || ran[id] != 1 {
			t.Errorf("periodic task %s: scheduled %d times and run %d times by four workers, want once", id, n, ran[id])
		}
	}
	t.Logf("periodic tasks of this period, each scheduled once and run once by four workers: %d", len(scheduled))

	// Throughput, one instance and then three, twice over.
	var figure []string
	for round := range 2 {
		for _, n := range []int{1, 3} {
			figure = append(figure, fmt.Sprintf("round %d, %d instance(s): %s", round+1, n, loadTenant(t, apis[:n], owner.access, 32, 5*time.Second)))
		}
	}
	load, _ := os.ReadFile("/proc/loadavg")
	t.Logf("FIGURE many instances: GET /v1/tenant, 32 clients, 5 s each, %d cores, load average %s: %s",
		runtime.NumCPU(), strings.Join(strings.Fields(string(load))[:3], " "), strings.Join(figure, "; "))
}

// manyInstancesPlans is the project's plans.yaml with unlimited seats,
// rate limits no load here reaches, and a Paddle price on its last plan,
// written to a file of the test's own.
func manyInstancesPlans(t *testing.T, dir string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(dir, "plans.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	src = regexp.MustCompile(`(?m)^(\s*seats:)\s*-?\d+`).ReplaceAll(src, []byte("$1 -1"))
	src = regexp.MustCompile(`(?m)^(\s*(read|write):)\s*\d+`).ReplaceAll(src, []byte("$1 100000000"))
	i := bytes.LastIndex(src, []byte(`price: ""`))
	if i < 0 {
		t.Fatal(`plans.yaml has no plan with price: ""`)
	}
	src = slices.Concat(src[:i], []byte(`price: "pri_e2e_pro"`), src[i+len(`price: ""`):])
	path := filepath.Join(t.TempDir(), "plans.yaml")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// paddleDelivery is a subscription.updated event putting tenant on price,
// signed as Paddle signs it (Paddle-Signature: ts and the HMAC-SHA256 of
// "ts:body") with the development webhook secret.
func paddleDelivery(event, tenant, price string) ([]byte, http.Header) {
	now := time.Now().UTC()
	body, _ := json.Marshal(map[string]any{
		"event_id": event, "event_type": "subscription.updated", "occurred_at": now.Format(time.RFC3339Nano), "notification_id": "ntf_" + event,
		"data": map[string]any{
			"id": "sub_" + tenant[:8], "status": "active", "customer_id": "ctm_" + tenant[:8], "custom_data": map[string]any{"tenant_id": tenant},
			"items":      []any{map[string]any{"status": "active", "quantity": 1, "recurring": true, "price": map[string]any{"id": price}}},
			"updated_at": now.Format(time.RFC3339Nano), "scheduled_change": nil,
			"current_billing_period": map[string]any{"starts_at": now.Format(time.RFC3339), "ends_at": now.AddDate(0, 1, 0).Format(time.RFC3339)},
		},
	})
	ts := strconv.FormatInt(now.Unix(), 10)
	mac := hmac.New(sha256.New, []byte("pdl_ntfset_development"))
	mac.Write([]byte(ts + ":"))
	mac.Write(body)
	h := http.Header{}
	h.Set("Paddle-Signature", "ts="+ts+";h1="+hex.EncodeToString(mac.Sum(nil)))
	h.Set("Content-Type", "application/json")
	return body, h
}

// moveTask makes the asynq task id due in the sorted set kind (lease:
// expired long ago; retry: to run now) of whichever queue holds it, in
// the Redis at addr, and reports whether one did.
func moveTask(t *testing.T, addr, kind, id string) bool {
	t.Helper()
	keys, err := redisCommand(addr, "KEYS", "asynq:{*}:"+kind)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if _, err := redisCommand(addr, "ZADD", k, "XX", "CH", "1", id); err != nil {
			t.Fatal(err)
		}
		if score, _ := redisCommand(addr, "ZSCORE", k, id); len(score) == 1 {
			return true
		}
	}
	return false
}

// workerLog counts, in the JSON log of a worker, the periodic tasks its
// scheduler enqueued ("scheduled", by task id: type and period, as
// jobs.TickID makes it) and the tasks it ran ("task done", by task id).
func workerLog(t *testing.T, path string, scheduled, ran map[string]int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	started := false
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		var l map[string]any
		if json.Unmarshal(s.Bytes(), &l) != nil {
			continue
		}
		str := func(k string) string { v, _ := l[k].(string); return v }
		switch str("msg") {
		case "worker started":
			started = true
		case "scheduled":
			period, _ := time.Parse(time.RFC3339Nano, str("period"))
			scheduled[str("task_type")+":"+period.UTC().Format(time.RFC3339)]++
		case "task done":
			ran[str("task_id")]++
		}
	}
	if !started {
		t.Fatalf("%s: no \"worker started\"", path)
	}
}

// loadTenant sends GET /v1/tenant with token from clients goroutines for
// d, each request to the next of apis in turn, and describes the
// throughput and latency it got.
func loadTenant(t *testing.T, apis []*projectAPI, token string, clients int, d time.Duration) string {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	defer client.CloseIdleConnections()
	var mu sync.Mutex
	var took []time.Duration
	failed := 0
	var wg sync.WaitGroup
	end := time.Now().Add(d)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for i := c; time.Now().Before(end); i++ {
				req, _ := http.NewRequest("GET", apis[i%len(apis)].url+"/v1/tenant", nil)
				req.Header.Set("Authorization", "Bearer "+token)
				at := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					bad++
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					bad++
					continue
				}
				mine = append(mine, time.Since(at))
			}
			mu.Lock()
			took, failed = append(took, mine...), failed+bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	if failed > 0 {
		t.Errorf("%d of %d requests to %d instance(s) failed", failed, failed+len(took), len(apis))
	}
	if len(took) == 0 {
		return "no request succeeded"
	}
	slices.Sort(took)
	q := func(p float64) time.Duration { return took[int(p*float64(len(took)-1))].Round(100 * time.Microsecond) }
	return fmt.Sprintf("%.0f req/s (p50 %v, p99 %v)", float64(len(took))/d.Seconds(), q(0.5), q(0.99))
}
