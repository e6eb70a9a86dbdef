package generator

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// overlayFS lays a newer version's templates over the embedded tree:
// files added or replaced, and files gone.
type overlayFS struct {
	base   fs.FS
	files  fstest.MapFS
	hidden map[string]bool
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if o.hidden[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if _, ok := o.files[name]; ok {
		return o.files.Open(name)
	}
	if f, err := o.base.Open(name); err == nil {
		return f, nil
	}
	return o.files.Open(name) // a directory only the overlay has
}

func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	a, errA := fs.ReadDir(o.base, name)
	b, errB := fs.ReadDir(o.files, name)
	if errA != nil && errB != nil {
		return nil, errA
	}
	byName := map[string]fs.DirEntry{}
	for _, e := range append(a, b...) {
		if !o.hidden[filepathJoin(name, e.Name())] {
			byName[e.Name()] = e
		}
	}
	out := make([]fs.DirEntry, 0, len(byName))
	for _, e := range byName {
		out = append(out, e)
	}
	slices.SortFunc(out, func(x, y fs.DirEntry) int { return strings.Compare(x.Name(), y.Name()) })
	return out, nil
}

func filepathJoin(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

// newerTemplates makes the templates read as a newer saasgen's for the
// rest of the test: files (template path → content) added or replaced,
// hidden ones gone. The new tree starts with empty caches, so nothing
// parsed from the templates below is served from it. A test that uses it
// must not run in parallel (t.Parallel, endToEnd): the swap is seen by
// every test running beside it. t.Setenv enforces that: it fails a test
// that has called t.Parallel, and t.Parallel fails after it.
func newerTemplates(t testing.TB, files map[string]string, hidden ...string) {
	t.Helper()
	t.Setenv("SAASGEN_TEST_NEWER_TEMPLATES", "1")
	o := overlayFS{base: templateFS, files: fstest.MapFS{}, hidden: map[string]bool{}}
	for p, data := range files {
		o.files[p] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	for _, h := range hidden {
		o.hidden[h] = true
	}
	was := templateFS
	templateFS = newTemplateTree(o)
	t.Cleanup(func() { templateFS = was })
}

// editTemplate is the embedded template p with old replaced by new once.
func editTemplate(t testing.TB, p, old, new string) string {
	t.Helper()
	src, err := fs.ReadFile(templateFS, p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte(old)) {
		t.Fatalf("template %s has no %q", p, old)
	}
	return strings.Replace(string(src), old, new, 1)
}

// copyFixture copies a released project (fixtures) into a new directory.
func copyFixture(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), filepath.Base(name))
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(fixtureRoot, name))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// git runs git in dir as a test user with no configuration of the machine's.
func git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_AUTHOR_NAME=Team", "GIT_AUTHOR_EMAIL=team@example.com", "GIT_COMMITTER_NAME=Team", "GIT_COMMITTER_EMAIL=team@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commitAll commits everything in dir's repository and returns the commit.
func commitAll(t testing.TB, dir, msg string) string {
	t.Helper()
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "--allow-empty", "-m", msg)
	return git(t, dir, "rev-parse", "HEAD")
}

// gitInit makes dir a repository holding its files in one commit.
func gitInit(t testing.TB, dir, msg string) string {
	t.Helper()
	git(t, dir, "init", "-q", "-b", "main")
	return commitAll(t, dir, msg)
}

// projectFiles reads every file under dir but .git, by slash path.
func projectFiles(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return fs.SkipDir
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustPlan(t testing.TB, dir string, opt UpgradeOptions) *Upgrade {
	t.Helper()
	u, err := PlanUpgrade(dir, opt)
	if err != nil {
		t.Fatalf("upgrade %s: %v", dir, err)
	}
	return u
}

// actions maps each reported file to its action.
func actions(u *Upgrade) map[string]Action {
	out := map[string]Action{}
	for _, f := range u.Files {
		out[f.Path] = f.Action
	}
	return out
}

// changedLine is a line of base that theirs changes (or inserts right
// after): a team edit of it conflicts with theirs. -1 when theirs keeps
// every line as it is.
func changedLine(base, theirs string) int {
	in := interner{}
	o, b := in.lines([]byte(base)), in.lines([]byte(theirs))
	m := matches(o, b)
	for i := range m {
		if m[i] < 0 || (i+1 < len(m) && m[i+1] >= 0 && m[i+1] != m[i]+1) {
			return i
		}
	}
	return -1
}

// quietLine is a line of base with three lines on each side that theirs
// keeps in place: a team line added after it merges cleanly. -1 if none.
func quietLine(base, theirs string) int {
	in := interner{}
	o, b := in.lines([]byte(base)), in.lines([]byte(theirs))
	m := matches(o, b)
	for i := 3; i+3 < len(m); i++ {
		ok := true
		for j := i - 3; j <= i+3; j++ {
			if m[j] < 0 || m[j] != m[i]+(j-i) {
				ok = false
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// editLine applies edit to line i of data.
func editLine(data string, i int, edit func(string) string) string {
	lines := strings.SplitAfter(data, "\n")
	lines[i] = edit(lines[i])
	return strings.Join(lines, "")
}

func writeString(t testing.TB, dir, rel, data string) {
	t.Helper()
	if err := writeFile(filepath.Join(dir, filepath.FromSlash(rel)), []byte(data)); err != nil {
		t.Fatal(err)
	}
}

// newMigrations are the template migrations (of the templates as they
// read now, newerTemplates included) that the released project in dir has
// no file of, as upgrade places them: in template order, numbered from
// first. It returns their paths and the lines saasgen.yaml records them
// with. Derived from the templates, so that a new migration template
// does not break the tests that expect them.
func newMigrations(t testing.TB, dir string, first int) ([]string, string) {
	t.Helper()
	spec, _, err := readSpec(dir)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := TemplateMigrations(spec)
	if err != nil {
		t.Fatal(err)
	}
	have, err := migrationNames(dir)
	if err != nil {
		t.Fatal(err)
	}
	var paths, record []string
	for _, m := range ms {
		if slices.Contains(have, m.File(m.Version)) {
			continue
		}
		v := first + len(paths)
		paths = append(paths, "db/migrations/"+m.File(v))
		record = append(record, fmt.Sprintf("  %s: %d\n", m.Name, v))
	}
	if len(paths) == 0 {
		t.Fatalf("the templates have no migration that %s lacks: nothing to place", dir)
	}
	slices.Sort(record)
	return paths, strings.Join(record, "")
}
