package generator

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	sqlc "github.com/sqlc-dev/sqlc/pkg/cli"
)

// sqlcMu serialises sqlc runs: sqlc writes to the process's stdout and
// stderr, which runSQLC redirects while it runs.
var sqlcMu sync.Mutex

// runSQLC runs sqlc in-process over the rendered sqlc.yaml, migrations and
// queries, in a scratch directory, and returns the Go files it generated.
// Users need no sqlc install, and nothing reaches the project directory
// until the whole plan is written.
func runSQLC(files map[string]File) ([]File, error) {
	if _, ok := files["sqlc.yaml"]; !ok {
		return nil, nil
	}
	tmp, err := os.MkdirTemp("", "saasgen-sqlc-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	inputs := map[string]bool{}
	for p, f := range files {
		if p == "sqlc.yaml" || strings.HasPrefix(p, "db/") {
			if err := writeFile(filepath.Join(tmp, filepath.FromSlash(p)), f.Data); err != nil {
				return nil, err
			}
			inputs[p] = true
		}
	}
	out, code, err := runSQLCCommand([]string{"generate", "-f", filepath.Join(tmp, "sqlc.yaml")})
	if err != nil {
		return nil, err
	}
	if code != 0 {
		return nil, fmt.Errorf("sqlc generate failed (internal error: a template's query or migration is invalid):\n%s", out)
	}
	var generated []File
	err = filepath.WalkDir(tmp, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(tmp, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if inputs[rel] {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		generated = append(generated, File{Path: rel, Data: data, Owned: true})
		return nil
	})
	return generated, err
}

// runSQLCCommand runs the sqlc CLI with its output captured.
func runSQLCCommand(args []string) (string, int, error) {
	sqlcMu.Lock()
	defer sqlcMu.Unlock()
	r, w, err := os.Pipe()
	if err != nil {
		return "", 0, err
	}
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() { io.Copy(&buf, r); close(done) }()
	stdout, stderr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = w, w
	code := sqlc.Run(args)
	os.Stdout, os.Stderr = stdout, stderr
	w.Close()
	<-done
	r.Close()
	return buf.String(), code, nil
}
