package generator

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// e2eRedis starts a redis-server of the test's own on a free port (the
// binary is TEST_REDIS_SERVER, or redis-server on PATH, which the
// generated fault tests need anyway) and returns its address. The
// generated suite runs against it, so that what it leaves behind can be
// counted: the shared Redis holds other runs' keys.
func e2eRedis(t *testing.T) string {
	t.Helper()
	return e2eRedisServer(t, freeTCPPort(t))
}

// e2eRedisServer starts a redis-server on port with the options args and
// returns its address once it answers.
func e2eRedisServer(t *testing.T, port int, args ...string) string {
	t.Helper()
	return startRedisServer(t, port, args...).addr
}

// redisServer is a redis-server of the test's own, without persistence:
// stop and start restart it empty on the same port.
type redisServer struct {
	bin, dir, addr string
	port           int
	args           []string
	cmd            *exec.Cmd
}

// startRedisServer is e2eRedisServer with a handle to stop and start it.
func startRedisServer(t *testing.T, port int, args ...string) *redisServer {
	t.Helper()
	r := &redisServer{bin: os.Getenv("TEST_REDIS_SERVER"), dir: t.TempDir(), port: port, args: args}
	if r.bin == "" {
		r.bin = "redis-server"
	}
	r.addr = "127.0.0.1:" + strconv.Itoa(r.port)
	r.start(t)
	t.Cleanup(r.stop)
	return r
}

func (r *redisServer) start(t *testing.T) {
	t.Helper()
	cmd := exec.Command(r.bin, append([]string{"--port", strconv.Itoa(r.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", r.dir}, r.args...)...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s (set TEST_REDIS_SERVER to its path): %v", r.bin, err)
	}
	r.cmd = cmd
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := redisCommand(r.addr, "PING"); err == nil {
			return
		} else if time.Now().After(deadline) {
			t.Fatalf("redis-server on %s did not answer within 10s: %v", r.addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop kills redis-server, as a crash would.
func (r *redisServer) stop() {
	if r.cmd == nil {
		return
	}
	r.cmd.Process.Kill()
	r.cmd.Wait()
	r.cmd = nil
}

// keysWithoutTTL lists the keys of the Redis at addr that never expire.
func keysWithoutTTL(t *testing.T, addr string) []string {
	t.Helper()
	keys, err := redisCommand(addr, "EVAL", `local out = {}
for _, k in ipairs(redis.call('KEYS', '*')) do
  if redis.call('TTL', k) == -1 then table.insert(out, k) end
end
return out`, "0")
	if err != nil {
		t.Fatalf("list Redis keys: %v", err)
	}
	return keys
}

// redisCommand sends one command to the Redis at addr and returns its
// reply as strings: enough RESP for PING and for an EVAL answering a
// status, a bulk string or an array of bulk strings.
func redisCommand(addr string, args ...string) ([]string, error) {
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := io.WriteString(c, b.String()); err != nil {
		return nil, err
	}
	r := bufio.NewReader(c)
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	line = strings.TrimSuffix(line, "\r\n")
	switch line[0] {
	case '+':
		return []string{line[1:]}, nil
	case '-':
		return nil, fmt.Errorf("redis: %s", line[1:])
	case '$':
		size, _ := strconv.Atoi(line[1:])
		if size < 0 {
			return nil, nil
		}
		buf := make([]byte, size+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		return []string{string(buf[:size])}, nil
	case '*':
		n, _ := strconv.Atoi(line[1:])
		out := make([]string, 0, n)
		for range n {
			head, err := r.ReadString('\n')
			if err != nil {
				return nil, err
			}
			size, _ := strconv.Atoi(strings.TrimSuffix(head[1:], "\r\n"))
			buf := make([]byte, size+2)
			if _, err := io.ReadFull(r, buf); err != nil {
				return nil, err
			}
			out = append(out, string(buf[:size]))
		}
		return out, nil
	}
	return nil, fmt.Errorf("redis: unexpected reply %q", line)
}
