package generator

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	sqlc "github.com/sqlc-dev/sqlc/pkg/cli"
)

// sqlcMu serialises sqlc runs: runSQLCCommand swaps the process's stdout
// while sqlc runs.
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
	var in []File
	for p, f := range files {
		if p == "sqlc.yaml" || strings.HasPrefix(p, "db/") {
			in = append(in, File{Path: p, Data: f.Data})
			inputs[p] = true
		}
	}
	if err := writeTree(tmp, in); err != nil {
		return nil, err
	}
	if code := runSQLCCommand([]string{"generate", "-f", filepath.Join(tmp, "sqlc.yaml")}); code != 0 {
		return nil, fmt.Errorf("sqlc generate exited %d (internal error: a template's query or migration is invalid; sqlc's message is above)", code)
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

// runSQLCCommand runs the sqlc CLI in-process and returns its exit code.
//
// sqlc reports a failed generate or diff on stderr and then calls os.Exit(1)
// itself, so its output cannot be captured and returned: it goes straight to
// this process's stderr, where the user sees it before the exit. Its stdout
// (a diff) goes to stderr too, keeping saasgen's stdout clean for --json.
// Only saasgen's own templates feed sqlc, so such a failure is a saasgen bug.
func runSQLCCommand(args []string) int {
	sqlcMu.Lock()
	defer sqlcMu.Unlock()
	stdout := os.Stdout
	os.Stdout = os.Stderr
	defer func() { os.Stdout = stdout }()
	return sqlc.Run(args)
}
