package generator

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"strconv"
	"strings"
)

// gitRepo is the git repository a project lives in, used through the git
// command: upgrade reads merge bases from its objects and records
// conflicts in its index.
type gitRepo struct {
	dir    string // the project directory; commands run there
	top    string // the repository's top directory
	prefix string // the project's path in the repository: "" or "sub/dir/"
}

// openGit returns the repository dir is in, or nil when git is not
// installed or dir is in no repository.
func openGit(dir string) (*gitRepo, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, nil
	}
	g := &gitRepo{dir: dir}
	out, err := g.run(nil, "rev-parse", "--show-toplevel", "--show-prefix")
	if err != nil {
		if strings.Contains(err.Error(), "not a git repository") {
			return nil, nil
		}
		return nil, err
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 2 {
		return nil, fmt.Errorf("git rev-parse in %s said %q (internal error)", dir, out)
	}
	g.top, g.prefix = lines[0], lines[1]
	return g, nil
}

// run runs git in the project directory with stdin, and returns its
// standard output; a failure is an error holding git's own message.
func (g *gitRepo) run(stdin []byte, args ...string) ([]byte, error) {
	return g.runIn(g.dir, stdin, args...)
}

func (g *gitRepo) runIn(dir string, stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "GIT_TERMINAL_PROMPT=0")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out, nil
}

// commit resolves ref to a commit id.
func (g *gitRepo) commit(ref string) (string, error) {
	out, err := g.run(nil, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// blobs reads the blobs that names name (object ids, or COMMIT:path with
// a repository path) in one `git cat-file --batch`. A name that names no
// blob (missing, or a tree) is absent from the result.
func (g *gitRepo) blobs(names []string) (map[string][]byte, error) {
	out := map[string][]byte{}
	if len(names) == 0 {
		return out, nil
	}
	var in bytes.Buffer
	for _, n := range names {
		if strings.ContainsAny(n, "\n") {
			return nil, fmt.Errorf("git object name %q holds a newline", n)
		}
		in.WriteString(n + "\n")
	}
	data, err := g.run(in.Bytes(), "cat-file", "--batch")
	if err != nil {
		return nil, err
	}
	r := bufio.NewReader(bytes.NewReader(data))
	for _, n := range names {
		head, err := r.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("git cat-file --batch ended early at %s: %w", n, err)
		}
		f := strings.Fields(head)
		if len(f) != 3 {
			continue // "NAME missing", "NAME ambiguous"
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, fmt.Errorf("git cat-file --batch said %q", head)
		}
		content := make([]byte, size+1) // the object and a newline
		if _, err := io.ReadFull(r, content); err != nil {
			return nil, fmt.Errorf("git cat-file --batch: %w", err)
		}
		if f[1] == "blob" {
			out[n] = content[:size]
		}
	}
	return out, nil
}

// repoPath is the repository path of p, a path relative to the project.
func (g *gitRepo) repoPath(p string) string { return g.prefix + p }

// files lists the files of commit under the project directory, relative
// to it.
func (g *gitRepo) files(commit string) ([]string, error) {
	out, err := g.run(nil, "ls-tree", "-r", "-z", "--name-only", commit, "--", ".")
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, p := range strings.Split(string(out), "\x00") {
		if p != "" {
			paths = append(paths, p)
		}
	}
	return paths, nil
}

// dirty lists the tracked files under the project directory that differ
// from HEAD (in the work tree or the index).
func (g *gitRepo) dirty() ([]string, error) {
	out, err := g.run(nil, "status", "--porcelain=v1", "-z", "--untracked-files=no", "--", ".")
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, e := range strings.Split(string(out), "\x00") {
		if len(e) > 3 {
			paths = append(paths, e[3:])
		}
	}
	return paths, nil
}

// stages are the versions of a conflicted file that git's index holds: the
// base (1), ours (2) and theirs (3); nil where a side has no file.
type stages struct{ base, ours, theirs []byte }

// setConflict records a conflict in the index as a merge does: the path's
// entry is replaced by its stages, so git status lists it as unmerged and
// git mergetool, git diff and git checkout --ours/--theirs work on it.
func (g *gitRepo) setConflict(p string, s stages) error {
	var info bytes.Buffer
	full := g.repoPath(p)
	fmt.Fprintf(&info, "0 %s\t%s\n", strings.Repeat("0", 40), full)
	for i, data := range [][]byte{s.base, s.ours, s.theirs} {
		if data == nil {
			continue
		}
		out, err := g.run(data, "hash-object", "-w", "--stdin")
		if err != nil {
			return err
		}
		fmt.Fprintf(&info, "100644 %s %d\t%s\n", strings.TrimSpace(string(out)), i+1, full)
	}
	_, err := g.runIn(g.top, info.Bytes(), "update-index", "--index-info")
	return err
}

// lastManifestCommit is the newest commit that changed the project's
// saasgen.yaml, as a hint for --base; "" when there is none.
func (g *gitRepo) lastManifestCommit() string {
	out, err := g.run(nil, "log", "-1", "--format=%h %s", "--", ManifestName)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// manifestAt reads the project's saasgen.yaml at commit.
func (g *gitRepo) manifestAt(commit string) ([]byte, bool, error) {
	name := commit + ":" + path.Join(g.prefix, ManifestName)
	got, err := g.blobs([]string{name})
	if err != nil {
		return nil, false, err
	}
	data, ok := got[name]
	return data, ok, nil
}
