package generator

import (
	"fmt"
	"path"
	"strings"
)

// Action is what an upgrade does with one file.
type Action string

const (
	// Take: the file is as the older version wrote it; the new version's
	// replaces it.
	Take Action = "take"
	// Keep: the new version did not change the file; yours stays.
	Keep Action = "keep"
	// Merged: both changed the file, in different lines; both changes are in.
	Merged Action = "merged"
	// Conflict: both changed the same lines (or one changed and the other
	// deleted the file); it holds conflict markers, and git's index the
	// three versions, for you to resolve.
	Conflict Action = "conflict"
	// New: the new version writes a file the older one did not.
	New Action = "new"
	// Removed: the new version no longer writes a file the older one did,
	// and you left it unchanged; it is deleted.
	Removed Action = "removed"
)

// UpgradeOptions are the choices of `saasgen upgrade`.
type UpgradeOptions struct {
	// Base names the commit that holds the project as the older version
	// wrote it, for projects without saasgen.sum.
	Base string
	// TwoWay merges a file whose base cannot be found as two files with
	// no common ancestor: every difference becomes a conflict.
	TwoWay bool
	// DryRun plans without writing; an uncommitted change is then no
	// obstacle.
	DryRun bool
}

// UpgradeFile is one file the upgrade changes or has something to say
// about.
type UpgradeFile struct {
	Path   string
	Action Action
	// Note says why a file is kept or in conflict, or what a new
	// migration is.
	Note string

	data   []byte // written, unless nil
	remove bool   // deleted
	stages *stages
}

// Upgrade is what `saasgen upgrade` would do to a project, worked out in
// memory: nothing is on disk until Write.
type Upgrade struct {
	Dir string
	// Project is the project's name (its binary's).
	Project string
	// From is the version saasgen.yaml records; To is this one.
	From, To string
	// BaseFrom says where the merge bases came from.
	BaseFrom string
	// Files are the files that change or need telling, sorted by path.
	Files []UpgradeFile
	// Unchanged counts the files that are already what the new version
	// writes.
	Unchanged int
	// Migrations are the new version's migrations the project did not
	// have, numbered after its last one.
	Migrations []PlacedMigration
	// TidyGoMod is set when go.mod was merged: `go mod tidy` settles it.
	TidyGoMod bool

	git *gitRepo
}

// UpToDate reports that saasgen.yaml already records this version.
func (u *Upgrade) UpToDate() bool { return u.From == u.To }

// Paths lists the files of one action, sorted.
func (u *Upgrade) Paths(a Action) []string {
	out := []string{}
	for _, f := range u.Files {
		if f.Action == a {
			out = append(out, f.Path)
		}
	}
	return out
}

// Conflicts lists the files in conflict.
func (u *Upgrade) Conflicts() []string { return u.Paths(Conflict) }

// UpgradeError says an upgrade (or an add module) cannot start until the
// user does something (a newer saasgen wrote the project, no base can be
// found, uncommitted changes): nothing was written.
type UpgradeError struct{ Msg string }

func (e *UpgradeError) Error() string { return e.Msg }

func refuse(format string, args ...any) error {
	return &UpgradeError{fmt.Sprintf(format, args...)}
}

// refuseUncommitted is an *UpgradeError when the project in dir is in git
// and has uncommitted changes to tracked files: what (the upgrade, adding
// a module) merges into the team's files, and must be reviewable with git
// diff and undone with git checkout.
func refuseUncommitted(dir, what string) error {
	g, err := openGit(dir)
	if err != nil || g == nil {
		return err
	}
	changed, err := g.dirty()
	if err != nil {
		return err
	}
	if len(changed) > 0 {
		return refuse("%s has uncommitted changes (%s): commit or stash them first, so %s can be reviewed with git diff and undone with git checkout; or look first with --dry-run; nothing was written", dir, listSome(changed), what)
	}
	return nil
}

// PlanUpgrade works out the upgrade of the project in dir to this saasgen
// version: for every file, the older version's (the base), the project's
// (ours) and this version's (theirs), merged three ways. A missing or
// invalid saasgen.yaml is a ManifestError; an upgrade that cannot start is
// an *UpgradeError.
func PlanUpgrade(dir string, opt UpgradeOptions) (*Upgrade, error) {
	spec, from, err := readSpec(dir)
	if err != nil {
		return nil, err
	}
	c, err := compareVersion(from, Version)
	if err != nil {
		return nil, ManifestError{err}
	}
	u := &Upgrade{Dir: dir, Project: spec.Name, From: from, To: Version}
	switch {
	case c > 0:
		return nil, refuse("%s was written by saasgen %s, newer than this saasgen %s, and an upgrade never goes back to older templates: install saasgen %s (go install github.com/saasgen/saasgen/cmd/saasgen@v%s) and use that; nothing was written", ManifestName, from, Version, from, from)
	case c == 0:
		return u, nil
	}
	if from == "" {
		u.From = "(no version recorded)"
	}
	if u.git, err = openGit(dir); err != nil {
		return nil, err
	}
	if opt.Base != "" && u.git == nil {
		return nil, refuse("--base %s names a git commit, but %s is not in a git repository; drop --base (see saasgen upgrade --help)", opt.Base, dir)
	}
	if !opt.DryRun {
		if err := refuseUncommitted(dir, "the upgrade"); err != nil {
			return nil, err
		}
	}
	p := &planner{u: u, opt: opt, disk: map[string]diskFile{}}
	if err := p.findBases(spec); err != nil {
		return nil, err
	}
	have, err := migrationNames(dir)
	if err != nil {
		return nil, err
	}
	for q := range p.base {
		if path.Dir(q) == "db/migrations" {
			have = append(have, path.Base(q))
		}
	}
	placed, migrations, err := PlaceMigrations(spec, have)
	if err != nil {
		return nil, err
	}
	u.Migrations = migrations
	theirs, err := Generate(placed)
	if err != nil {
		return nil, err
	}
	if err := p.settleBases(theirs); err != nil {
		return nil, err
	}
	if err := p.classify(theirs); err != nil {
		return nil, err
	}
	return u, nil
}

// listSome names up to five paths, and how many more there are.
func listSome(paths []string) string {
	if len(paths) <= 5 {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:5], ", "), len(paths)-5)
}
