package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal pair: what a terminal emulator holds
// (master) and what the program sees as its terminal (slave).
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open /dev/ptmx: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlock the pty: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("pty number: %v", err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open the pty's terminal: %v", err)
	}
	if err := unix.IoctlSetWinsize(int(slave.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 40, Col: 120}); err != nil {
		t.Fatalf("set the terminal size: %v", err)
	}
	return master, slave
}

// terminal plays the emulator's part: it keeps what the program writes and
// answers the queries a terminal answers (the background colour, the
// cursor position), which the program otherwise waits seconds for.
type terminal struct {
	mu      sync.Mutex
	screen  bytes.Buffer
	replied map[string]int
}

var terminalReplies = map[string]string{
	"\x1b]11;?": "\x1b]11;rgb:0000/0000/0000\x1b\\",
	"\x1b[6n":   "\x1b[1;1R",
}

// run copies the program's output until it exits (the read ends with EIO).
func (t *terminal) run(master *os.File) {
	buf := make([]byte, 4096)
	for {
		n, err := master.Read(buf)
		t.mu.Lock()
		t.screen.Write(buf[:n])
		for q, reply := range terminalReplies {
			for t.replied[q] < strings.Count(t.screen.String(), q) {
				t.replied[q]++
				master.Write([]byte(reply))
			}
		}
		t.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (t *terminal) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.screen.String()
}

// saasgenBinary is this test binary under the name saasgen, which makes it
// run as saasgen (TestMain).
func saasgenBinary(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "saasgen")
	if err := os.Symlink(exe, bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

// startOnPTY starts bin with args in dir on a fresh pty, as a shell on a
// terminal would, and returns the pty's master side, what the terminal
// shows, stderr, and the channel cmd.Wait's result arrives on.
func startOnPTY(t *testing.T, bin, dir string, args ...string) (*exec.Cmd, *os.File, *terminal, *bytes.Buffer, chan error) {
	t.Helper()
	master, slave := openPTY(t)
	stderr := &bytes.Buffer{}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, stderr
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	// Its own session with the pty as controlling terminal, as a shell
	// would start it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	scr := &terminal{replied: map[string]int{}}
	go scr.run(master)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	return cmd, master, scr, stderr, done
}

// TestFormNotShownForATakenTarget: on a terminal, `saasgen new demo` with a
// non-empty ./demo says so and exits 2 before the form asks anything, so
// nobody answers questions for a project that cannot be written.
func TestFormNotShownForATakenTarget(t *testing.T) {
	bin := saasgenBinary(t)
	work := t.TempDir()
	if err := os.MkdirAll(filepath.Join(work, "demo"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "demo", "notes.txt"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd, _, scr, stderr, done := startOnPTY(t, bin, work, "new", "demo")
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("saasgen still runs after 30s; the terminal shows:\n%q", scr.String())
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("saasgen ended with %v, want exit 2; stderr: %s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "demo is not empty") {
		t.Errorf("stderr = %q, want it to say demo is not empty", stderr.String())
	}
	if strings.Contains(scr.String(), "Go module path") {
		t.Errorf("the form asked its questions before refusing the target:\n%q", scr.String())
	}
}

// TestCtrlCInTheFormExits130 runs `saasgen new demo` on a real terminal (a
// pty, as a terminal emulator gives it), waits for the form, presses
// Ctrl-C, and requires exit 130, the message, and nothing written.
func TestCtrlCInTheFormExits130(t *testing.T) {
	bin := saasgenBinary(t)
	work := t.TempDir()
	for _, form := range []struct {
		name  string
		args  []string
		title string
	}{
		{"the questions", []string{"new", "demo"}, "Go module path"},
		{"the confirmation", []string{"new", "demo", "--module-path", "example.com/demo", "--modules", "tenants", "--plans", "free", "--trial-days", "0"}, "Create demo?"},
	} {
		t.Run(form.name, func(t *testing.T) {
			cmd, master, scr, stderr, done := startOnPTY(t, bin, work, form.args...)

			deadline := time.After(30 * time.Second)
			for !strings.Contains(scr.String(), form.title) {
				select {
				case err := <-done:
					t.Fatalf("saasgen exited (%v) before showing %q; it wrote:\n%s\nstderr: %s", err, form.title, scr.String(), stderr.String())
				case <-deadline:
					cmd.Process.Kill()
					t.Fatalf("no %q on the terminal after 30s; it shows:\n%q", form.title, scr.String())
				case <-time.After(50 * time.Millisecond):
				}
			}
			if _, err := master.Write([]byte{0x03}); err != nil { // Ctrl-C
				t.Fatal(err)
			}
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("saasgen still runs 30s after Ctrl-C; the terminal shows:\n%q", scr.String())
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupted {
				t.Fatalf("after Ctrl-C saasgen ended with %v, want exit %d; stderr: %s", err, exitInterrupted, stderr.String())
			}
			if want := "saasgen: interrupted; nothing was written\n"; stderr.String() != want {
				t.Errorf("stderr = %q, want %q", stderr.String(), want)
			}
			if entries, _ := os.ReadDir(work); len(entries) > 0 {
				t.Errorf("Ctrl-C left %v in the working directory", entries)
			}
		})
	}
}
