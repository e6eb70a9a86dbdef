package generator

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestEndToEndQuickStart runs the generated README's "Run it without
// Docker" commands, as a script, against this machine's PostgreSQL (as
// the README's psql, user postgres on localhost) and Redis. The project
// has a name of its own, so its roles and database are the test's alone;
// both are dropped afterwards, with the Redis keys under its prefix. Two
// things differ from a person typing the commands: the API listens on a
// free port instead of 8080 (other tests may hold it), and the script
// waits for `make run` to answer before the README's curl, which a person
// runs in another terminal.
func TestEndToEndQuickStart(t *testing.T) {
	endToEnd(t)
	for _, tool := range []string{"psql", "make", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the README's quick start needs %s: %v", tool, err)
		}
	}
	var suffix [4]byte
	rand.Read(suffix[:])
	name := "qs" + hex.EncodeToString(suffix[:])
	spec := DefaultSpec(name)
	spec.Modules = []string{"tenants", "auth"}
	spec.Plans = []string{"free"}
	spec.TrialDays = 0
	dir := filepath.Join(t.TempDir(), name)
	writeSpec(t, spec, dir)

	t.Cleanup(func() { dropQuickStart(t, name) })

	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	commands := quickStartCommands(t, string(readme))
	port := freeTCPPort(t)
	script := quickStartScript(t, commands, port)

	cmd := exec.Command("sh", "-c", script)
	cmd.Dir = dir
	cmd.Env = e2eEnv()
	// Its own process group, so that the server make run leaves is
	// stopped with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	select {
	case err = <-done:
	case <-time.After(15 * time.Minute):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		t.Fatalf("the quick start did not finish in 15 minutes:\n%s", out.String())
	}
	addChildCPU(t, cmd.ProcessState)
	serve, _ := os.ReadFile(filepath.Join(dir, "quickstart-serve.log"))
	if err != nil {
		t.Fatalf("the README's commands failed: %v\n%s\nmake run:\n%s", err, out.String(), serve)
	}
	if o := out.String(); !strings.Contains(o, `"postgres":"ok"`) || !strings.Contains(o, `"redis":"ok"`) {
		t.Fatalf("readyz after the quick start does not say PostgreSQL and Redis are ok:\n%s\nmake run:\n%s", o, serve)
	}
}

// quickStartCommands are the command lines of the README's first sh
// block under "Run it without Docker".
func quickStartCommands(t *testing.T, readme string) []string {
	t.Helper()
	_, section, ok := strings.Cut(readme, "## Run it without Docker")
	if !ok {
		t.Fatal("the README has no \"Run it without Docker\" section")
	}
	_, block, ok := strings.Cut(section, "```sh\n")
	block, _, _ = strings.Cut(block, "```")
	if !ok {
		t.Fatal("the README's \"Run it without Docker\" section has no sh block")
	}
	var lines []string
	for _, l := range strings.Split(block, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines
}

// quickStartScript turns the README's commands into one sh script: make
// run goes to the background, the API listens on port, and the README's
// curl runs once the API answers.
func quickStartScript(t *testing.T, commands []string, port int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("set -eu\n")
	var sawRun, sawCurl bool
	for _, c := range commands {
		switch {
		case strings.HasPrefix(c, "make run"):
			sawRun = true
			b.WriteString("make run >quickstart-serve.log 2>&1 &\n")
			fmt.Fprintf(&b, "i=0; until curl -s -o /dev/null localhost:%d/healthz; do i=$((i+1)); [ $i -lt 600 ] || { echo 'make run never answered'; exit 1; }; sleep 1; done\n", port)
		case strings.HasPrefix(c, "curl "):
			sawCurl = true
			b.WriteString(strings.ReplaceAll(c, "localhost:8080", "localhost:"+strconv.Itoa(port)) + "\n")
		default:
			b.WriteString(c + "\n")
		}
		if strings.HasPrefix(c, "cp .env.example .env") {
			fmt.Fprintf(&b, "sed -i 's/^HTTP_ADDR=.*/HTTP_ADDR=127.0.0.1:%d/' .env\n", port)
		}
	}
	if !sawRun || !sawCurl {
		t.Fatalf("the quick start %q has no make run or no curl; has the README changed shape?", commands)
	}
	return b.String()
}

func freeTCPPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// dropQuickStart drops what the README's quick start makes for the
// project name on this machine: its database, its roles, and its
// Redis keys.
func dropQuickStart(t *testing.T, name string) {
	out, err := exec.Command("psql", "-h", "localhost", "-U", "postgres", "-v", "ON_ERROR_STOP=1",
		"-c", "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)",
		"-c", "DROP ROLE IF EXISTS "+name+"_app",
		"-c", "DROP ROLE IF EXISTS "+name+"_admin",
		"-c", "DROP ROLE IF EXISTS "+name+"_owner").CombinedOutput()
	if err != nil {
		t.Errorf("drop %s's database and roles: %v\n%s", name, err, out)
	}
	if _, err := redisCommand("127.0.0.1:6379", "EVAL", `for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 'OK'`, "0", name+":*"); err != nil {
		t.Errorf("delete %s's Redis keys: %v", name, err)
	}
}
