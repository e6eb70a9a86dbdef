package generator

// The pieces the end-to-end tests share to run a generated project as
// processes: a private PostgreSQL, the project's serve and worker
// processes on it, and a client of its HTTP API.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// privatePostgres is a PostgreSQL server of the test's own, in a
// temporary folder, on a free port.
type privatePostgres struct {
	bin, root, data, log string
	port                 int
	pid                  int // the postmaster's, while it runs (recordServer)
	// asPostgres runs PostgreSQL's programs as the postgres OS user when
	// the test runs as root (PostgreSQL refuses to run as root).
	asPostgres bool
}

// pgBin finds PostgreSQL's server programs: TEST_PG_BIN, or the newest
// /usr/lib/postgresql/N/bin (Debian's layout).
func pgBin(t *testing.T) string {
	t.Helper()
	if b := os.Getenv("TEST_PG_BIN"); b != "" {
		return b
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	sort.Slice(found, func(i, j int) bool {
		a, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(found[i]))))
		b, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(found[j]))))
		return a < b
	})
	if len(found) == 0 {
		t.Fatal("no PostgreSQL server programs in /usr/lib/postgresql/*/bin (install Debian's postgresql package, as .ci/run does, or set TEST_PG_BIN)")
	}
	return filepath.Dir(found[len(found)-1])
}

// startPrivatePostgres starts a primary (from is "") made by initdb, or a
// hot standby streaming from the primary at from, made by pg_basebackup
// -R. Both trust local connections, as the shared server does here.
func startPrivatePostgres(t *testing.T, from string) *privatePostgres {
	t.Helper()
	root, err := os.MkdirTemp("", "saasgen-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	p := &privatePostgres{bin: pgBin(t), root: root, data: filepath.Join(root, "data"), log: filepath.Join(root, "log"), port: freeTCPPort(t), asPostgres: os.Geteuid() == 0}
	if p.asPostgres {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root, PostgreSQL needs the postgres OS user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(root, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	if from == "" {
		p.run(t, "initdb", "-D", p.data, "-A", "trust", "-U", "postgres", "--no-sync")
	} else {
		host, port, _ := strings.Cut(from, ":")
		p.run(t, "pg_basebackup", "-h", host, "-p", port, "-U", "postgres", "-D", p.data, "-R", "-X", "stream", "-c", "fast", "--no-sync")
	}
	conf := fmt.Sprintf("\nport = %d\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nfsync = off\nshared_buffers = 16MB\nmax_connections = 200\n", p.port, root)
	f, err := os.OpenFile(filepath.Join(p.data, "postgresql.auto.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.WriteString(conf)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.pgCtl("stop", "-m", "immediate")
		forgetServer(p.pid)
	})
	p.start(t)
	return p
}

func (p *privatePostgres) command(name string, args ...string) *exec.Cmd {
	path := filepath.Join(p.bin, name)
	if p.asPostgres {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

func (p *privatePostgres) run(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := p.command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func (p *privatePostgres) pgCtl(args ...string) ([]byte, error) {
	return p.command("pg_ctl", append([]string{"-D", p.data, "-l", p.log, "-w", "-t", "60"}, args...)...).CombinedOutput()
}

func (p *privatePostgres) start(t *testing.T) {
	t.Helper()
	if out, err := p.pgCtl("start"); err != nil {
		logged, _ := os.ReadFile(p.log)
		t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, logged)
	}
	// postmaster.pid's first line is the postmaster's pid.
	head, _ := os.ReadFile(filepath.Join(p.data, "postmaster.pid"))
	p.pid, _ = strconv.Atoi(strings.TrimSpace(strings.SplitN(string(head), "\n", 2)[0]))
	recordServer(p.pid, p.root)
}

func (p *privatePostgres) stop(t *testing.T) {
	t.Helper()
	if out, err := p.pgCtl("stop", "-m", "fast"); err != nil {
		t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
	forgetServer(p.pid)
}

func (p *privatePostgres) addr() string { return "127.0.0.1:" + strconv.Itoa(p.port) }

// url logs in as role (password = name, as the harness and init-roles.sql
// make them) to database.
func (p *privatePostgres) url(role, database string) string {
	cred := role
	if role != "postgres" {
		cred = role + ":" + role
	}
	return "postgres://" + cred + "@" + p.addr() + "/" + database + "?sslmode=disable"
}

// psql runs one statement as postgres in database and returns its output,
// unaligned and without headers.
func (p *privatePostgres) psql(t *testing.T, database, sql string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(p.bin, "psql"), "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", strconv.Itoa(p.port), "-U", "postgres", "-d", database, "-c", sql)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("psql %q: %v\n%s", sql, err, out)
	}
	return strings.TrimSpace(string(out))
}

// serveMinimal starts `minimal serve` (startProject) on a free port with
// env added and returns the running API.
func serveMinimal(t *testing.T, dir string, primary *privatePostgres, redis string, env ...string) *projectAPI {
	t.Helper()
	addr := "127.0.0.1:" + strconv.Itoa(freeTCPPort(t))
	p := startProject(t, dir, "minimal", primary, redis, addr, "/readyz", []string{"serve"}, append([]string{"HTTP_ADDR=" + addr}, env...)...)
	return &projectAPI{url: p.url, log: p.log}
}

// projectProcess is a running command of a generated project's binary.
type projectProcess struct {
	url, log string
	cmd      *exec.Cmd
	done     chan struct{}
}

// startProject builds the project name in dir once (bin/name), creates
// its database and roles on primary with deploy/postgres/init-roles.sql
// and migrates it, once per primary, and starts `name args...` in dir
// against primary and the Redis at redis, with env added. It returns once
// GET ready at addr (the HTTP_ADDR or WORKER_ADDR that env sets) answers
// 200. The process is killed at the end of the test.
func startProject(t *testing.T, dir, name string, primary *privatePostgres, redis, addr, ready string, args []string, env ...string) *projectProcess {
	t.Helper()
	bin := filepath.Join(dir, "bin", name)
	if _, err := os.Stat(bin); err != nil {
		goCmd(t, dir, "build", "-o", bin, "./cmd/"+name)
	}
	if primary.psql(t, "postgres", "SELECT count(*) FROM pg_database WHERE datname = '"+name+"'") == "0" {
		cmd := exec.Command(filepath.Join(primary.bin, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", strconv.Itoa(primary.port), "-U", "postgres", "-f", filepath.Join(dir, "deploy", "postgres", "init-roles.sql"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("init-roles.sql: %v\n%s", err, out)
		}
		migrate := exec.Command(bin, "migrate", "up")
		migrate.Env = append(os.Environ(), "MIGRATE_DATABASE_URL="+primary.url(name+"_owner", name))
		if out, err := migrate.CombinedOutput(); err != nil {
			t.Fatalf("%s migrate up: %v\n%s", name, err, out)
		}
	}
	log := filepath.Join(t.TempDir(), args[0]+".log")
	lf, err := os.Create(log)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir // plans.yaml
	cmd.Env = append(os.Environ(),
		"APP_ENV=development",
		"DATABASE_URL="+primary.url(name+"_app", name),
		"REDIS_URL=redis://"+redis+"/0", "REDIS_KEY_PREFIX=e2e-"+addr[strings.LastIndexByte(addr, ':')+1:]+":",
		"LOG_FORMAT=text", "LOG_LEVEL=warn")
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout, cmd.Stderr = lf, lf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &projectProcess{url: "http://" + addr, log: log, cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); lf.Close(); close(p.done) }()
	t.Cleanup(p.kill)
	deadline := time.Now().Add(60 * time.Second)
	for {
		if resp, err := projectClient.Get(p.url + ready); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		select {
		case <-p.done:
			logged, _ := os.ReadFile(log)
			t.Fatalf("%s %s exited before it was ready:\n%s", name, strings.Join(args, " "), logged)
		default:
		}
		if time.Now().After(deadline) {
			logged, _ := os.ReadFile(log)
			t.Fatalf("%s %s was not ready within 60s:\n%s", name, strings.Join(args, " "), logged)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// kill sends SIGKILL, which the process cannot catch, and waits until it
// is gone.
func (p *projectProcess) kill() {
	p.cmd.Process.Kill()
	<-p.done
}

// projectAPI is a running `serve` of a generated project (startProject).
type projectAPI struct{ url, log string }

var projectClient = &http.Client{Timeout: 30 * time.Second}

// do sends one request; status 0 means no answer.
func (a *projectAPI) do(method, path, token string, body any) (int, map[string]any, error) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.url+path, r)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := projectClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	if out == nil {
		out = map[string]any{"raw": string(raw)}
	}
	return resp.StatusCode, out, nil
}

func (a *projectAPI) must(t *testing.T, method, path string, acc projectAccount, body any, want int) map[string]any {
	t.Helper()
	status, out, err := a.do(method, path, acc.access, body)
	if status != want {
		logged, _ := os.ReadFile(a.log)
		t.Fatalf("%s %s: %d %v (%v), want %d\nserve's log:\n%s", method, path, status, out, err, want, logged)
	}
	return out
}

type projectAccount struct{ access, refresh, tenant, email, password string }

var projectSignups atomic.Int64

func (a *projectAPI) signup(t *testing.T) projectAccount {
	t.Helper()
	acc := projectAccount{email: fmt.Sprintf("e2e-%d-%d@example.com", time.Now().UnixNano(), projectSignups.Add(1)), password: "correct horse battery staple"}
	out := a.must(t, "POST", "/v1/auth/signup", projectAccount{}, map[string]string{"email": acc.email, "password": acc.password, "tenant_name": "Replica Inc"}, 201)
	acc.access, _ = out["access_token"].(string)
	acc.refresh, _ = out["refresh_token"].(string)
	if tenant, ok := out["tenant"].(map[string]any); ok {
		acc.tenant, _ = tenant["id"].(string)
	}
	if acc.access == "" || acc.tenant == "" {
		t.Fatalf("signup answered no access token or tenant id: %v", out)
	}
	return acc
}

// metric reads one unlabelled series from /metrics (0 when absent).
func (a *projectAPI) metric(t *testing.T, series string) float64 {
	t.Helper()
	resp, err := projectClient.Get(a.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return 0
}

// eventually polls check for up to 30 seconds.
func eventually(t *testing.T, what string, check func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !check() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 30s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
