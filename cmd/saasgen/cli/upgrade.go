package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/saasgen/saasgen/generator"
)

type upgradeFlags struct {
	dir    string
	base   string
	dryRun bool
	twoWay bool
}

func newUpgradeCmd(e *env) *cobra.Command {
	var f upgradeFlags
	c := &cobra.Command{
		Use:   "upgrade [--dir DIR] [--dry-run] [--base REF] [--two-way]",
		Short: "Merge this saasgen version's changes into a project an older one made",
		Long: `Bring a project that an older saasgen made up to this version, keeping the
team's changes. For every file there are three versions: what the older
saasgen wrote (the base), what is on disk (yours), and what this saasgen
writes for the same saasgen.yaml, resources included (theirs):

  take      you left it as saasgen wrote it: this version's replaces it
  keep      this version did not change it: yours stays
  merged    both changed it, in different lines: both changes are in
  conflict  both changed the same lines: the file holds conflict markers
            and, in a git repository, git's index holds the three versions
            (git status lists it as unmerged; git mergetool works)
  new       this version writes a file the older one did not
  removed   this version no longer writes it and you left it unchanged

User-owned files (README.md, Makefile, docker-compose.yml, the CI workflow,
plans.yaml, .env.example) merge the same way. go.mod is merged as a module
file (the higher version of each requirement wins, yours are kept: run go
mod tidy after), go.sum as the union. Migrations are history: one that
exists is never edited or renumbered, and a migration this version adds is
numbered after your last one and recorded in saasgen.yaml, so migrate up
takes a database with data to the new schema.

The base is found without the network: saasgen.sum records the git blob id
of each file saasgen wrote (projects from saasgen 0.2.0 on), read from the
file itself when you left it unchanged, else from the project's git
objects. A project from an older saasgen needs --base REF, the commit that
holds the project as saasgen last wrote it (before hand edits). Without a
base the upgrade stops and says so, unless --two-way asks to make every
difference a conflict.

The project is --dir, or else the nearest directory at or above the working
directory that holds saasgen.yaml, as git finds .git. In a git repository
the work tree must be clean, so the upgrade can be reviewed with git diff
and undone with git checkout.

Exit status: 0 done, 1 conflicts to resolve (the same for --dry-run), 2 the
upgrade cannot start (nothing written): no saasgen.yaml, a newer saasgen
wrote it, no base, uncommitted changes.`,
		Example: `  saasgen upgrade --dry-run
  saasgen upgrade
  saasgen upgrade --base v1.4.0      # a project made by saasgen 0.1.0, tagged as it wrote it
  saasgen upgrade --two-way          # no base anywhere: resolve every difference yourself`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usage("upgrade takes no arguments, got %q; pass the project directory as --dir DIR", args)
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			dir, err := projectDir(c, f.dir)
			if err != nil {
				return err
			}
			f.dir = dir
			return runUpgrade(e, f)
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.dir, "dir", "", "project directory, the one holding saasgen.yaml (default: the nearest at or above the working directory)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print what would happen to each file, and write nothing")
	fl.StringVar(&f.base, "base", "", "the git commit that holds the project as the older saasgen wrote it (for projects without saasgen.sum)")
	fl.BoolVar(&f.twoWay, "two-way", false, "where no base can be found, make every difference between your file and this version's a conflict")
	return c
}

func runUpgrade(e *env, f upgradeFlags) error {
	u, err := generator.PlanUpgrade(f.dir, generator.UpgradeOptions{Base: f.base, TwoWay: f.twoWay, DryRun: f.dryRun})
	var me generator.ManifestError
	var ue *generator.UpgradeError
	if errors.As(err, &me) || errors.As(err, &ue) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if u.UpToDate() {
		fmt.Fprintf(e.stdout, "%s records saasgen %s already: nothing to upgrade\n", filepath.Join(f.dir, generator.ManifestName), u.To)
		return nil
	}
	if f.dryRun {
		fmt.Fprintf(e.stdout, "saasgen upgrade from %s to %s would (dry run, nothing written)%s:\n", u.From, u.To, inProject(f.dir))
	} else {
		if err := u.Write(); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "upgraded from saasgen %s to %s%s:\n", u.From, u.To, inProject(f.dir))
	}
	for _, uf := range u.Files {
		note := ""
		if uf.Note != "" {
			note = " (" + uf.Note + ")"
		}
		fmt.Fprintf(e.stdout, "  %-8s  %s%s\n", uf.Action, uf.Path, note)
	}
	var counts []string
	for _, a := range []generator.Action{generator.Take, generator.Keep, generator.Merged, generator.Conflict, generator.New, generator.Removed} {
		if n := len(u.Paths(a)); n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, a))
		}
	}
	counts = append(counts, fmt.Sprintf("%d already as saasgen %s writes them", u.Unchanged, u.To))
	fmt.Fprintf(e.stdout, "\n%s; merge base: %s.\n", strings.Join(counts, ", "), u.BaseFrom)
	if len(u.Migrations) > 0 {
		var names []string
		for _, m := range u.Migrations {
			names = append(names, m.Path())
		}
		fmt.Fprintf(e.stdout, "New migrations, numbered after your last and recorded in %s: %s. Apply them: %s\n", generator.ManifestName, strings.Join(names, ", "), inDir(f.dir, "go run ./cmd/"+u.Project+" migrate up"))
	}
	if u.TidyGoMod {
		fmt.Fprintf(e.stdout, "go.mod was merged: run %s.\n", inDir(f.dir, "go mod tidy"))
	}
	conflicts := u.Conflicts()
	if len(conflicts) == 0 {
		if !f.dryRun {
			fmt.Fprintln(e.stdout, "Next: review with git diff, run saasgen check and go test ./..., and commit.")
		}
		return nil
	}
	verb := plural(len(conflicts), "is", "are")
	if f.dryRun {
		verb = "would be"
	}
	return fmt.Errorf("%d %s %s in conflict: %s\nresolve each: edit out the <<<<<<< ======= >>>>>>> markers (or run git mergetool), then git add it; keep saasgen's side in files that say DO NOT EDIT, or saasgen check reports them",
		len(conflicts), plural(len(conflicts), "file", "files"), verb, strings.Join(conflicts, ", "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
