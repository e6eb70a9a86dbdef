package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/saasgen/saasgen/generator"
)

type checkFlags struct {
	dir    string
	asJSON bool
}

func newCheckCmd(e *env) *cobra.Command {
	var f checkFlags
	c := &cobra.Command{
		Use:   "check [--dir DIR] [--json]",
		Short: "Report drift of saasgen-owned files from saasgen.yaml",
		Long: `Regenerate the project in memory from its saasgen.yaml and compare every
saasgen-owned file with the one on disk: changed, missing, and orphaned
files (a generated-code header, but saasgen no longer writes them). Writes
nothing. The project is --dir, or else the nearest directory at or above
the working directory that holds saasgen.yaml, as git finds .git.

The diff goes to stdout. It turns the files on disk into what saasgen
generates, so applied at the project root (git apply, or patch -p1) it
restores them. User-owned files (README.md, Makefile, go.mod, plans.yaml,
docs/, ...) and files without a "DO NOT EDIT" header are ignored.

Exit status: 0 clean, 1 drift, 2 no or invalid saasgen.yaml.`,
		Example: `  saasgen check
  saasgen check --dir ./myapp --json
  saasgen check > drift.patch; git apply drift.patch   # restore owned files`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usage("check takes no arguments, got %q; pass the project directory as --dir DIR", args)
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			dir, err := projectDir(c, f.dir)
			if err != nil {
				return err
			}
			f.dir = dir
			return runCheck(e, f)
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.dir, "dir", "", "project directory, the one holding saasgen.yaml (default: the nearest at or above the working directory)")
	fl.BoolVar(&f.asJSON, "json", false, "print the report as one JSON object on stdout")
	return c
}

// checkReport is the --json form of a drift report. Field names are part of
// the contract bots read; the lists are sorted by path and never null.
type checkReport struct {
	Clean           bool     `json:"clean"`
	Changed         []string `json:"changed"`
	Missing         []string `json:"missing"`
	Orphaned        []string `json:"orphaned"`
	MigrationDrift  []string `json:"migration_drift"`
	Checked         int      `json:"checked"`
	SaasgenVersion  string   `json:"saasgen_version"`
	ManifestVersion string   `json:"manifest_version"`
	Notes           []string `json:"notes"`
	Diff            string   `json:"diff"`
}

func runCheck(e *env, f checkFlags) error {
	d, err := generator.Check(f.dir)
	var me generator.ManifestError
	if errors.As(err, &me) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if f.asJSON {
		r := checkReport{
			Clean:           d.Clean(),
			Changed:         d.Paths(generator.Changed),
			Missing:         d.Paths(generator.Missing),
			Orphaned:        d.Paths(generator.Orphaned),
			MigrationDrift:  d.Paths(generator.MigrationDrift),
			Checked:         d.Checked,
			SaasgenVersion:  generator.Version,
			ManifestVersion: d.ManifestVersion,
			Notes:           append([]string{}, d.Notes...),
			Diff:            d.Diff(),
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // the diff holds Go code: keep & and < readable
		if err := enc.Encode(r); err != nil {
			return err
		}
		if !r.Clean {
			return silentExit{exitError}
		}
		return nil
	}
	// Notes and the summary go to stderr, so stdout is a patch and nothing else.
	for _, n := range d.Notes {
		fmt.Fprintln(e.stderr, "note: "+n)
	}
	if d.Clean() {
		fmt.Fprintf(e.stdout, "no drift: all %d saasgen-owned files match %s\n", d.Checked, filepath.Join(f.dir, generator.ManifestName))
		return nil
	}
	fmt.Fprint(e.stdout, d.Diff())
	if m := d.Paths(generator.MigrationDrift); len(m) > 0 {
		fmt.Fprintln(e.stderr, "migration drift, kept out of the diff: a migration may have run already, and goose never runs one twice, so check never rewrites or deletes one:")
		for _, fd := range d.Files {
			if fd.Kind == generator.MigrationDrift {
				fmt.Fprintf(e.stderr, "  %s %s\n", fd.Path, fd.Reason)
			}
		}
		fmt.Fprintln(e.stderr, migrationFix)
	}
	return driftError{d, f.dir}
}

// migrationFix is what to do about migration drift.
const migrationFix = `fix: change the schema with a new migration, never an edit of one that exists.
  - If you edited the migration, restore it: git checkout -- FILE.
  - If you changed a resource's fields in saasgen.yaml, undo that edit (git checkout -- saasgen.yaml)
    and add them with saasgen add field RESOURCE --field ..., which writes a new migration;
    or write the migration by hand (goose create NAME sql, numbered after the last one).
  - A migration saasgen.yaml no longer generates: restore the saasgen.yaml that records it,
    or, if no database ever ran it, delete the file yourself.`

// driftError is the one-line summary Run prints when check finds drift.
type driftError struct {
	d   *generator.Drift
	dir string
}

func (e driftError) Error() string {
	n := len(e.d.Files)
	files := "files"
	if n == 1 {
		files = "file"
	}
	where := "at the project root"
	if filepath.Clean(e.dir) != "." {
		where = "in " + e.dir
	}
	m := len(e.d.Paths(generator.MigrationDrift))
	if m == n {
		return fmt.Sprintf("%d saasgen-owned %s drifted, all migrations (see above): there is no diff, since check never rewrites or deletes a migration", n, files)
	}
	migrations := ""
	if m > 0 {
		migrations = fmt.Sprintf(", %d migration drift (not in the diff: see above)", m)
	}
	return fmt.Sprintf("%d saasgen-owned %s drifted: %d changed, %d missing, %d orphaned%s; the diff above restores them when applied %s (git apply, or patch -p1); these files say DO NOT EDIT, so keep hand edits in files of your own",
		n, files, len(e.d.Paths(generator.Changed)), len(e.d.Paths(generator.Missing)), len(e.d.Paths(generator.Orphaned)), migrations, where)
}

// silentExit ends the program with code and prints nothing more: the
// command already said everything on stdout (--json).
type silentExit struct{ code int }

func (e silentExit) Error() string { return fmt.Sprintf("exit status %d", e.code) }
