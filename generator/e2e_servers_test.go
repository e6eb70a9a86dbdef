package generator

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// e2eServer is a server process of the test's own (redis-server,
// PgBouncer) on a private port. start runs it and waits until ready
// answers; stop kills it, as a crash would, and runs at the end of the
// test. Its output goes to log, appended to across restarts. While it
// runs it is recorded (recordServer), so that a run killed by a signal,
// whose cleanups never ran, leaves nothing running after the next one.
type e2eServer struct {
	what  string   // in messages: "redis-server on 127.0.0.1:1234"
	hint  string   // in the message when bin does not start
	bin   string   // the program, run with args
	args  []string //
	log   string
	dirs  []string // its folders: removed after it when it is stale
	ready func() error
	cmd   *exec.Cmd
	lf    *os.File
}

// startServer starts s and stops it at the end of the test, even when it
// never answers.
func startServer(t *testing.T, s *e2eServer) {
	t.Helper()
	t.Cleanup(s.stop)
	s.start(t)
}

func (s *e2eServer) start(t *testing.T) {
	t.Helper()
	lf, err := os.OpenFile(s.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(s.bin, s.args...)
	cmd.Stdout, cmd.Stderr = lf, lf
	if err := cmd.Start(); err != nil {
		lf.Close()
		t.Fatalf("start %s: %v (%s)", s.bin, err, s.hint)
	}
	s.cmd, s.lf = cmd, lf
	recordServer(cmd.Process.Pid, s.dirs...)
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := s.ready()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			logged, _ := os.ReadFile(s.log)
			t.Fatalf("%s did not answer within 10s: %v\n%s", s.what, err, logged)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop kills the server, as a crash would: every client connection drops.
func (s *e2eServer) stop() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.lf.Close()
	forgetServer(s.cmd.Process.Pid)
	s.cmd = nil
}

// e2eServersDir holds a file for each server the end-to-end tests of any
// run on this machine started and have not stopped, named by its pid:
// the pid of the test binary that started it, its program, and the
// folders to remove after it, a line each.
var e2eServersDir = filepath.Join(os.TempDir(), "saasgen-e2e-servers")

// recordServer records the server running as pid, first stopping the
// stale servers of earlier runs (once per test binary).
func recordServer(pid int, dirs ...string) {
	stopStaleServers()
	if pid <= 0 {
		return
	}
	exe, _ := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe")
	if os.MkdirAll(e2eServersDir, 0o755) == nil {
		os.WriteFile(filepath.Join(e2eServersDir, strconv.Itoa(pid)),
			[]byte(strings.Join(append([]string{strconv.Itoa(os.Getpid()), exe}, dirs...), "\n")), 0o644)
	}
}

// forgetServer drops the record of a server that was stopped.
func forgetServer(pid int) {
	os.Remove(filepath.Join(e2eServersDir, strconv.Itoa(pid)))
}

// stopStaleServers kills the recorded servers whose test binary is gone
// (killed by a signal or a timeout before its cleanups ran), if the pid
// still runs the program recorded, and removes their folders. Servers
// of test binaries still running, this machine's other runs, are left
// alone.
var stopStaleServers = sync.OnceFunc(func() {
	entries, _ := os.ReadDir(e2eServersDir)
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		path := filepath.Join(e2eServersDir, e.Name())
		body, err := os.ReadFile(path)
		lines := strings.Split(string(body), "\n")
		if err != nil || len(lines) < 2 {
			continue
		}
		if owner, err := strconv.Atoi(lines[0]); err != nil || processAlive(owner) {
			continue
		}
		if exe, _ := os.Readlink("/proc/" + e.Name() + "/exe"); exe != "" && exe == lines[1] {
			syscall.Kill(pid, syscall.SIGKILL)
			fmt.Fprintf(os.Stderr, "end to end: killed %s (pid %d), left running by an earlier run\n", exe, pid)
		}
		for _, d := range lines[2:] {
			if d != "" {
				os.RemoveAll(d)
			}
		}
		os.Remove(path)
	}
})

func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
