package generator

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestEndToEndClient holds the OpenAPI document to what a client
// generator makes of it: `make client` in a generated project writes a
// typed Go client with oapi-codegen (pinned in clients/go/go.mod), the
// client compiles, a second run writes the same bytes, and
// testdata/client/client_test.go signs up, creates a product and lists
// the products through it against the project's server, started as the
// README's quick start starts it (this machine's PostgreSQL and Redis,
// roles and database of the project's own, dropped afterwards).
func TestEndToEndClient(t *testing.T) {
	endToEnd(t)
	for _, tool := range []string{"psql", "make", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the client test needs %s: %v", tool, err)
		}
	}
	var suffix [4]byte
	rand.Read(suffix[:])
	name := "cl" + hex.EncodeToString(suffix[:])
	spec := DefaultSpec(name)
	spec.ModulePath = "example.com/" + name
	spec.Modules = []string{"tenants", "auth"}
	spec.Plans = []string{"free"}
	spec.TrialDays = 0
	spec.Resources = []ResourceSpec{{Name: "products", Migration: 1001, Fields: []string{"sku:string:unique", "price:money", "ships_on:date?"}}}
	dir := filepath.Join(t.TempDir(), name)
	writeSpec(t, spec, dir)
	t.Cleanup(func() { dropQuickStart(t, name) })

	env := goEnv(nil)
	run := func(what string, args ...string) string {
		t.Helper()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		addChildCPU(t, cmd.ProcessState)
		if err != nil {
			t.Fatalf("%s: %v\n%s", what, err, out)
		}
		return string(out)
	}

	start := time.Now()
	run("make client", "make", "client")
	t.Logf("make client took %s (the first run on a machine builds oapi-codegen)", time.Since(start).Round(time.Millisecond))
	gen := filepath.Join(dir, "clients/go/apiclient/client.gen.go")
	first, err := os.ReadFile(gen)
	if err != nil {
		t.Fatalf("make client wrote no client: %v", err)
	}
	start = time.Now()
	run("make client, again", "make", "client")
	t.Logf("make client again took %s", time.Since(start).Round(time.Millisecond))
	if again, _ := os.ReadFile(gen); !bytes.Equal(first, again) {
		t.Fatal("make client twice on the same document wrote different clients")
	}
	driver, err := os.ReadFile(filepath.Join("..", "testdata", "client", "client_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	driver = bytes.ReplaceAll(driver, []byte("MODULE/"), []byte(spec.ModulePath+"/"))
	if err := os.WriteFile(filepath.Join(dir, "clients/go/client_test.go"), driver, 0o644); err != nil {
		t.Fatal(err)
	}
	// The client's module is tidy with the client in it, and vets.
	client := func(what string, args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = filepath.Join(dir, "clients/go"), env
		out, err := cmd.CombinedOutput()
		addChildCPU(t, cmd.ProcessState)
		if err != nil {
			t.Fatalf("%s in clients/go: %v\n%s", what, err, out)
		}
		return string(out)
	}
	client("go mod tidy -diff", "mod", "tidy", "-diff")
	client("go vet", "vet", "./...")

	// The server, as the README's quick start runs it, on a free port.
	port := freeTCPPort(t)
	run("init-roles.sql", "psql", "-h", "localhost", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-f", "deploy/postgres/init-roles.sql")
	run("cp .env.example .env", "sh", "-c", fmt.Sprintf("cp .env.example .env && sed -i 's/^HTTP_ADDR=.*/HTTP_ADDR=127.0.0.1:%d/' .env", port))
	run("make migrate", "make", "migrate")
	run("make build", "make", "build")
	serve := exec.Command("sh", "-c", "set -a; . ./.env; set +a; exec bin/"+name+" serve")
	serve.Dir, serve.Env = dir, env
	var log strings.Builder
	serve.Stdout, serve.Stderr = &log, &log
	serve.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		syscall.Kill(-serve.Process.Pid, syscall.SIGKILL)
		serve.Wait()
	}()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(2 * time.Minute)
	for exec.Command("curl", "-sf", "-o", "/dev/null", base+"/healthz").Run() != nil {
		if time.Now().After(deadline) {
			t.Fatalf("the server never answered /healthz:\n%s", log.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	env = append(env, "API_URL="+base)
	out := client("go test", "test", "-count=1", "-v", "./...")
	if !strings.Contains(out, "--- PASS: TestSignupCreateList") {
		t.Fatalf("the client's test did not run:\n%s", out)
	}
}
