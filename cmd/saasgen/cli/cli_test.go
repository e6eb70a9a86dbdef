package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/saasgen/saasgen/generator"
)

func noEnv(string) string { return "" }

// TestEquivalentCommandRoundTrip checks the promise made after an interactive
// run: pasting the printed command into a shell gives the same project. The
// command is split as a POSIX shell would split it, run through Run, and the
// saasgen.yaml it writes must be the one the spec itself renders.
func TestEquivalentCommandRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec generator.Spec
		out  string // under a temporary directory
	}{
		{
			name: "defaults",
			spec: generator.DefaultSpec("demo"),
			out:  "demo",
		},
		{
			name: "every answer changed, and a directory with a space and a quote",
			spec: generator.Spec{Name: "shop", ModulePath: "github.com/acme/shop", Modules: []string{"tenants"}, Plans: []string{"free", "team"}, TrialDays: 30},
			out:  "Bob's projects/shop",
		},
		{
			name: "one plan, no trial, a major-version module path",
			spec: generator.Spec{Name: "solo", ModulePath: "example.com/solo/v2", Plans: []string{"solo"}, TrialDays: 0},
			out:  "solo",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := tc.spec
			spec.Normalize()
			if err := spec.Validate(); err != nil {
				t.Fatalf("the test spec is invalid: %v", err)
			}
			out := filepath.Join(t.TempDir(), tc.out)
			line := equivalentCommand(spec, out)
			args := shellSplit(t, line)
			if len(args) < 2 || args[0] != "saasgen" {
				t.Fatalf("equivalentCommand = %q, want a saasgen command", line)
			}

			var stdout, stderr bytes.Buffer
			if code := Run(context.Background(), args[1:], noEnv, &bytes.Buffer{}, &stdout, &stderr); code != exitOK {
				t.Fatalf("%s\nexited %d\nstderr: %s", line, code, stderr.String())
			}

			got, err := os.ReadFile(filepath.Join(out, generator.ManifestName))
			if err != nil {
				t.Fatalf("%s\ndid not write %s into %q: %v\nstdout: %s", line, generator.ManifestName, out, err, stdout.String())
			}
			plan, err := generator.Generate(spec)
			if err != nil {
				t.Fatal(err)
			}
			want, ok := plan.Lookup(generator.ManifestName)
			if !ok {
				t.Fatalf("the plan has no %s", generator.ManifestName)
			}
			if !bytes.Equal(got, want.Data) {
				t.Errorf("%s\nwrote\n%s\nwant\n%s", line, got, want.Data)
			}
			m, err := generator.ReadManifest(out)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m.Spec, spec) {
				t.Errorf("%s\nrecorded %+v\nwant     %+v", line, m.Spec, spec)
			}
		})
	}
}

// shellSplit splits a command line the way a POSIX shell would for the
// characters equivalentCommand may print: words separated by blanks, single
// quotes, double quotes and backslashes. Anything a shell would expand or
// treat as an operator when unquoted fails the test: the printed command
// must be safe to paste.
func shellSplit(t *testing.T, line string) []string {
	t.Helper()
	var (
		words   []string
		cur     strings.Builder
		inWord  bool
		inQuote rune
	)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case inQuote == '\'':
			if c == '\'' {
				inQuote = 0
			} else {
				cur.WriteByte(c)
			}
		case inQuote == '"':
			switch {
			case c == '"':
				inQuote = 0
			case c == '\\' && i+1 < len(line) && strings.ContainsRune("\"\\$`", rune(line[i+1])):
				i++
				cur.WriteByte(line[i])
			case c == '$' || c == '`':
				t.Fatalf("%q: %c inside double quotes would be expanded by a shell", line, c)
			default:
				cur.WriteByte(c)
			}
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'' || c == '"':
			inQuote, inWord = rune(c), true
		case c == '\\':
			if i+1 == len(line) {
				t.Fatalf("%q ends in a backslash", line)
			}
			i++
			cur.WriteByte(line[i])
			inWord = true
		case strings.IndexByte("|&;<>()$`*?[]{}!\n", c) >= 0, c == '#' && !inWord, c == '~' && !inWord:
			t.Fatalf("%q: unquoted %q would be interpreted by a shell", line, c)
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inQuote != 0 {
		t.Fatalf("%q has an unterminated %c quote", line, inQuote)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

func TestEquivalentCommandShellSplit(t *testing.T) {
	for line, want := range map[string][]string{
		`saasgen new demo`:              {"saasgen", "new", "demo"},
		`a  'b c' "d e" f\ g`:           {"a", "b c", "d e", "f g"},
		`'Bob'\''s dir' x`:              {"Bob's dir", "x"},
		`"say \"hi\"" ''`:               {`say "hi"`, ""},
		`--out=/tmp/x --plans free,pro`: {"--out=/tmp/x", "--plans", "free,pro"},
	} {
		if got := shellSplit(t, line); !reflect.DeepEqual(got, want) {
			t.Errorf("shellSplit(%q) = %q, want %q", line, got, want)
		}
	}
}

// TestCLINonTTYNeverReadsStdin runs `saasgen new` without --yes on inputs
// that are not terminals. No form may start: Run must finish on its own,
// without reading stdin, and without offering the interactive summary.
func TestCLINonTTYNeverReadsStdin(t *testing.T) {
	pipeR, pipeW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pipeR.Close(); pipeW.Close() })
	fileOut, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fileOut.Close() })
	blocking, _ := io.Pipe() // a read from it would wait forever

	for _, tc := range []struct {
		name   string
		stdin  io.Reader
		stdout io.Writer
	}{
		// The plain case: a buffer holding what a form would read as answers.
		{"bytes.Buffer", bytes.NewBufferString("github.com/typed/answer\ny\n"), &bytes.Buffer{}},
		// Would hang if anything read it.
		{"io.Pipe", blocking, &bytes.Buffer{}},
		// Real files that are not terminals, so the terminal check itself runs.
		{"os.Pipe and a file", pipeR, fileOut},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "demo")
			var stderr bytes.Buffer
			done := make(chan int, 1)
			go func() {
				done <- Run(context.Background(), []string{"new", "demo", "--out", out}, noEnv, tc.stdin, tc.stdout, &stderr)
			}()
			var code int
			select {
			case code = <-done:
			case <-time.After(time.Minute):
				t.Fatal("Run is still running after a minute: it is waiting for input that a non-terminal will never give")
			}
			if code != exitOK {
				t.Fatalf("exit %d, stderr: %s", code, stderr.String())
			}
			if b, ok := tc.stdin.(*bytes.Buffer); ok && b.Len() != len("github.com/typed/answer\ny\n") {
				t.Errorf("stdin was read: %d bytes left", b.Len())
			}
			if b, ok := tc.stdout.(*bytes.Buffer); ok {
				if s := b.String(); !strings.Contains(s, "created demo") || strings.Contains(s, "the same without questions") {
					t.Errorf("stdout is not that of a non-interactive run:\n%s", s)
				}
			}
			m, err := generator.ReadManifest(out)
			if err != nil {
				t.Fatal(err)
			}
			if m.ModulePath != "demo" {
				t.Errorf("module path %q, want the default, demo", m.ModulePath)
			}
		})
	}
}

// TestCheckJSON decodes --json as a bot would: every list present (never
// null), and the diff names each drifted file.
func TestCheckJSON(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	var stdout, stderr bytes.Buffer
	if code := Run(context.Background(), []string{"new", "demo", "--yes", "--out", dir}, noEnv, &bytes.Buffer{}, &stdout, &stderr); code != exitOK {
		t.Fatalf("new exited %d: %s", code, stderr.String())
	}
	if err := os.Remove(filepath.Join(dir, "db", "migrations", "embed.go")); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if code := Run(context.Background(), []string{"check", "--dir", dir, "--json"}, noEnv, &bytes.Buffer{}, &stdout, &stderr); code != exitError {
		t.Fatalf("check exited %d, want %d; stderr: %s", code, exitError, stderr.String())
	}
	var r map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, stdout.String())
	}
	if r["clean"] != false || stderr.Len() > 0 {
		t.Errorf("clean = %v, stderr %q; want false and nothing", r["clean"], stderr.String())
	}
	for _, k := range []string{"changed", "missing", "orphaned", "notes"} {
		if _, ok := r[k].([]any); !ok {
			t.Errorf("%s = %#v, want a list", k, r[k])
		}
	}
	if !reflect.DeepEqual(r["missing"], []any{"db/migrations/embed.go"}) {
		t.Errorf("missing = %v", r["missing"])
	}
	if d, _ := r["diff"].(string); !strings.Contains(d, "+++ b/db/migrations/embed.go\n") || strings.Contains(d, `\u0026`) {
		t.Errorf("diff does not create embed.go verbatim:\n%s", d)
	}
}
