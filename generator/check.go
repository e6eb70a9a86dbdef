package generator

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
	"gopkg.in/yaml.v3"
)

// DriftKind says how an owned file differs from what saasgen generates.
type DriftKind string

const (
	// Changed: the file on disk differs from the regenerated one.
	Changed DriftKind = "changed"
	// Missing: saasgen generates the file but it is not on disk.
	Missing DriftKind = "missing"
	// Orphaned: the file on disk carries a generated-code header but saasgen
	// no longer generates it.
	Orphaned DriftKind = "orphaned"
	// MigrationDrift: a migration on disk differs from the regenerated one,
	// or carries saasgen's header and is no longer generated. Migrations
	// are history (one may have run, and goose never runs it again), so
	// the patch never rewrites or deletes one: the fix is a new migration.
	MigrationDrift DriftKind = "migration"
)

// FileDrift is one drifted file and its unified diff, which turns the file
// on disk into the regenerated one. Migration drift has no diff, and
// Reason says what is wrong instead.
type FileDrift struct {
	Path   string
	Kind   DriftKind
	Diff   string
	Reason string
}

// Reasons of migration drift.
const (
	migrationChanged  = "differs from what saasgen.yaml generates"
	migrationOrphaned = "carries saasgen's header, but saasgen.yaml generates no such migration"
)

// isMigration reports whether p is a migration: history, which check never
// proposes to rewrite or delete.
func isMigration(p string) bool {
	return strings.HasPrefix(p, "db/migrations/") && strings.HasSuffix(p, ".sql")
}

// Drift is what Check found. Files is sorted by path.
type Drift struct {
	// ManifestVersion is the saasgen version recorded in saasgen.yaml.
	ManifestVersion string
	// Notes are things the user should know that are not drift themselves,
	// such as a manifest written by another saasgen version.
	Notes []string
	// Checked is how many owned files were compared.
	Checked int
	Files   []FileDrift
}

// Clean reports whether no owned file drifted.
func (d *Drift) Clean() bool { return len(d.Files) == 0 }

// Paths lists the drifted files of one kind, sorted.
func (d *Drift) Paths(k DriftKind) []string {
	out := []string{}
	for _, f := range d.Files {
		if f.Kind == k {
			out = append(out, f.Path)
		}
	}
	return out
}

// Diff is the whole report as one patch, in path order: applied to the
// project (git apply, or patch -p1), it restores every owned file but the
// migrations that drifted, which it leaves alone.
func (d *Drift) Diff() string {
	var b strings.Builder
	for _, f := range d.Files {
		b.WriteString(f.Diff)
	}
	return b.String()
}

// ManifestError says saasgen.yaml is absent, unreadable or describes no
// valid project: the user has to fix the input, there is nothing to check.
type ManifestError struct{ Err error }

func (e ManifestError) Error() string { return e.Err.Error() }
func (e ManifestError) Unwrap() error { return e.Err }

// Check regenerates the project in dir from its saasgen.yaml, in memory, and
// compares every saasgen-owned file with the one on disk. It writes nothing.
// User-owned files, and files without a generated-code header, are the
// user's and are never reported.
func Check(dir string) (*Drift, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, ManifestError{fmt.Errorf("%s is not a directory; pass --dir with the directory of a project made by saasgen new", dir)}
	}
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, ManifestError{err}
	}
	d := &Drift{ManifestVersion: m.Saasgen}
	switch m.Saasgen {
	case Version:
	case "":
		d.Notes = append(d.Notes, fmt.Sprintf("%s records no saasgen version; comparing with what saasgen %s generates", ManifestName, Version))
	default:
		d.Notes = append(d.Notes, fmt.Sprintf("%s was written by saasgen %s, this is saasgen %s: drift may come from the newer templates rather than from hand edits; run the matching saasgen version to check hand edits only", ManifestName, m.Saasgen, Version))
	}
	spec := m.Spec
	for _, n := range spec.Normalize() {
		d.Notes = append(d.Notes, n+" (saasgen.yaml does not list it)")
	}
	if err := spec.Validate(); err != nil {
		return nil, ManifestError{fmt.Errorf("%s does not describe a valid project: %w\nfix it, or restore it from version control", filepath.Join(dir, ManifestName), err)}
	}
	pl, err := Generate(spec)
	if err != nil {
		return nil, err
	}
	for _, f := range pl.Files {
		if !f.Owned {
			continue
		}
		d.Checked++
		disk, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			d.Files = append(d.Files, FileDrift{Path: f.Path, Kind: Missing, Diff: fileDiff(f.Path, Missing, nil, f.Data, 0o644)})
		case err != nil:
			return nil, fmt.Errorf("read %s: %w", f.Path, err)
		case !bytes.Equal(disk, f.Data) && isMigration(f.Path):
			d.Files = append(d.Files, FileDrift{Path: f.Path, Kind: MigrationDrift, Reason: migrationChanged})
		case !bytes.Equal(disk, f.Data):
			d.Files = append(d.Files, FileDrift{Path: f.Path, Kind: Changed, Diff: fileDiff(f.Path, Changed, disk, f.Data, 0)})
		}
	}
	orphans, err := findOrphans(dir, pl)
	if err != nil {
		return nil, err
	}
	d.Files = append(d.Files, orphans...)
	slices.SortFunc(d.Files, func(a, b FileDrift) int { return strings.Compare(a.Path, b.Path) })
	return d, nil
}

// skipDir reports whether the walk for orphans should not enter a directory:
// version control, dependencies, build output and tool state are never
// saasgen's. .github is, for the CI workflow.
func skipDir(name string) bool {
	switch name {
	case ".git", "vendor", "bin", "node_modules":
		return true
	case ".github":
		return false
	}
	return strings.HasPrefix(name, ".")
}

// findOrphans walks dir for files that look saasgen-owned but are not in the
// plan: a saasgen header, or sqlc's header inside one of the sqlc output
// directories saasgen configures (a module's `internal/M/Mdb`).
func findOrphans(dir string, pl *Plan) ([]FileDrift, error) {
	sqlcOut := sqlcOutDirs(pl)
	var orphans []FileDrift
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		if d.IsDir() {
			if skipDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // symlinks and devices are never generated
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if _, ok := pl.Lookup(rel); ok || IsUserOwned(rel) {
			return nil
		}
		head, err := readHead(p)
		if err != nil {
			return err
		}
		if !hasSaasgenHeader(head) && !(hasSQLCHeader(head) && underAny(rel, sqlcOut)) {
			return nil
		}
		if isMigration(rel) {
			orphans = append(orphans, FileDrift{Path: rel, Kind: MigrationDrift, Reason: migrationOrphaned})
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		orphans = append(orphans, FileDrift{Path: rel, Kind: Orphaned, Diff: fileDiff(rel, Orphaned, data, nil, info.Mode())})
		return nil
	})
	return orphans, err
}

// headerLines is how far into a file a generated-code header is looked for.
// saasgen and sqlc both write it on the first line; a little slack allows a
// build constraint or a blank line above it.
const headerLines = 5

func readHead(p string) ([]string, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return scanHead(f)
}

// scanHead returns the first headerLines lines of r.
func scanHead(r io.Reader) ([]string, error) {
	var lines []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64*1024)
	for len(lines) < headerLines && sc.Scan() {
		lines = append(lines, strings.TrimRight(sc.Text(), "\r"))
	}
	if err := sc.Err(); err != nil && !errors.Is(err, bufio.ErrTooLong) {
		return nil, err
	}
	return lines, nil
}

// hasSaasgenHeader reports whether a line is saasgen's marker in any of the
// comment syntaxes withHeader writes.
func hasSaasgenHeader(head []string) bool {
	for _, l := range head {
		switch l {
		case "// " + generatedBy, "-- " + generatedBy, "# " + generatedBy, "<!-- " + generatedBy + " -->":
			return true
		}
	}
	return false
}

const sqlcGeneratedBy = "// Code generated by sqlc. DO NOT EDIT."

func hasSQLCHeader(head []string) bool { return slices.Contains(head, sqlcGeneratedBy) }

func underAny(p string, dirs []string) bool {
	for _, d := range dirs {
		if strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}

// sqlcOutDirs lists the `out` directories of the regenerated sqlc.yaml: only
// there is a file with sqlc's header saasgen's. sqlc output elsewhere comes
// from the user's own sqlc configuration.
func sqlcOutDirs(pl *Plan) []string {
	f, ok := pl.Lookup("sqlc.yaml")
	if !ok {
		return nil
	}
	var cfg struct {
		SQL []struct {
			Gen struct {
				Go struct {
					Out string `yaml:"out"`
				} `yaml:"go"`
			} `yaml:"gen"`
		} `yaml:"sql"`
	}
	if err := yaml.Unmarshal(f.Data, &cfg); err != nil {
		return nil // saasgen wrote it; the golden tests catch a bad one
	}
	var dirs []string
	for _, s := range cfg.SQL {
		if out := path.Clean(s.Gen.Go.Out); s.Gen.Go.Out != "" && out != "." {
			dirs = append(dirs, out)
		}
	}
	return dirs
}

// diffContext is the number of unchanged lines around each hunk, as in git.
const diffContext = 3

// fileDiff writes a git-style unified diff from the file on disk (a) to the
// regenerated one (b). A missing file is a creation from /dev/null and an
// orphan a deletion to /dev/null, with git's mode lines, so `git apply` and
// `patch -p1` both accept the whole report. mode is the mode of the file a
// creation writes or a deletion removes.
func fileDiff(p string, kind DriftKind, a, b []byte, mode fs.FileMode) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "diff --git a/%s b/%s\n", p, p)
	from, to := "a/"+p, "b/"+p
	switch kind {
	case Missing:
		fmt.Fprintf(&sb, "new file mode %s\n", gitMode(mode))
		from = "/dev/null"
	case Orphaned:
		fmt.Fprintf(&sb, "deleted file mode %s\n", gitMode(mode))
		to = "/dev/null"
	}
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", from, to)
	difflib.WriteUnifiedDiff(&sb, difflib.UnifiedDiff{A: splitLines(a), B: splitLines(b), Context: diffContext})
	return sb.String()
}

func gitMode(m fs.FileMode) string {
	if m&0o111 != 0 {
		return "100755"
	}
	return "100644"
}

// splitLines splits data into lines that keep their newline. A last line
// without one gets diff's "\ No newline at end of file" marker, so it
// differs from the same text with a newline, and the patch says so the way
// git and patch expect. (difflib.SplitLines would add a phantom empty line.)
func splitLines(data []byte) []string {
	if len(data) == 0 {
		return nil
	}
	lines := strings.SplitAfter(string(data), "\n")
	if last := lines[len(lines)-1]; last == "" {
		lines = lines[:len(lines)-1]
	} else {
		lines[len(lines)-1] = last + "\n\\ No newline at end of file\n"
	}
	return lines
}
