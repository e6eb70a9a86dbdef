package generator

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
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
	e2eServer
	addr string
}

// startRedisServer is e2eRedisServer with a handle to stop and start it.
func startRedisServer(t *testing.T, port int, args ...string) *redisServer {
	t.Helper()
	bin, dir := os.Getenv("TEST_REDIS_SERVER"), t.TempDir()
	if bin == "" {
		bin = "redis-server"
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	r := &redisServer{addr: addr, e2eServer: e2eServer{
		what: "redis-server on " + addr, hint: "set TEST_REDIS_SERVER to its path",
		bin: bin, args: append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir}, args...),
		log: filepath.Join(dir, "redis.log"), dirs: []string{dir},
		ready: func() error { _, err := redisCommand(addr, "PING"); return err },
	}}
	startServer(t, &r.e2eServer)
	return r
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
// status, an integer, a bulk string or an array of bulk strings.
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
	case '+', ':':
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
