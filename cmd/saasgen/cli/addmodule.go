package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/saasgen/saasgen/blueprints"
	"github.com/saasgen/saasgen/generator"
)

type addModuleFlags struct {
	dir      string
	payments string
	dryRun   bool
}

func newAddModuleCmd(e *env) *cobra.Command {
	var f addModuleFlags
	c := &cobra.Command{
		Use:   "module NAME... [--payments P] [--dir DIR] [--dry-run]",
		Short: "Add a module (" + strings.Join(optionalModules(), ", ") + ") to a project",
		Long: `Add a module to a project made without it: its packages, migrations,
queries, routes, settings, tests and documentation, wired into the files
every project shares (server, config, run, OpenAPI, .env.example, README,
Makefile, go.mod) as saasgen new would have wired it. A module another needs
comes too, and saasgen says so (billing brings jobs).

The module's migrations are numbered after the project's last migration and
recorded in saasgen.yaml: goose refuses a migration numbered below one
already applied, so a database migrated before the addition moves forward
with migrate up and keeps its rows.

Files the module changes that you changed too are merged three ways, as
saasgen upgrade merges: the base is what saasgen writes without the module,
so your edits to plans.yaml, README.md and the other files that are yours
stay; go.mod and go.sum merge as module files. When your change and the
module's touch the same lines, nothing is written and saasgen names the
files: add module never leaves conflict markers in a project.

--payments chooses billing's provider (` + strings.Join(blueprints.ProviderNames(), ", ") + `;
default stripe, as saasgen new; none for plans set by hand).

The project is --dir, or else the nearest directory at or above the working
directory that holds saasgen.yaml, as git finds .git. In a git repository,
the tracked files must have no uncommitted changes (as for saasgen
upgrade), so that the addition can be reviewed with git diff and undone
with git checkout; --dry-run looks anyway. Exit status: 0 done, 2 a
problem with what was asked (a module unknown or already there, --payments
without billing, uncommitted changes; every one is listed, nothing
written), 1 anything else (nothing written).`,
		Example: `  saasgen add module jobs
  saasgen add module billing --payments paddle --dry-run
  saasgen add module ratelimit billing`,
		// Completion offers the modules; a wrong one is AddModule's
		// problem, listed with the others.
		ValidArgs: optionalModules(),
		RunE: func(c *cobra.Command, args []string) error {
			dir, err := projectDir(c, f.dir)
			if err != nil {
				return err
			}
			f.dir = dir
			return runAddModule(e, args, f, c.Flags().Changed("payments"))
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.dir, "dir", "", "project directory, the one holding saasgen.yaml (default: the nearest at or above the working directory)")
	fl.StringVar(&f.payments, "payments", "", "billing's payment provider: "+strings.Join(blueprints.ProviderNames(), ", ")+" (default stripe)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print what would be created and changed, and write nothing")
	return c
}

// optionalModules lists the modules a project may be without.
func optionalModules() []string {
	var out []string
	for _, m := range blueprints.Modules {
		if !m.Core && m.Available {
			out = append(out, m.Name)
		}
	}
	return out
}

// moduleActions are the words add module prints for upgrade's actions.
var moduleActions = map[generator.Action]string{
	generator.New:     "create",
	generator.Take:    "change",
	generator.Merged:  "merge",
	generator.Removed: "delete",
	generator.Keep:    "keep",
}

func runAddModule(e *env, names []string, f addModuleFlags, paymentsGiven bool) error {
	a, err := generator.AddModule(f.dir, names, generator.AddModuleOptions{Payments: f.payments, DryRun: f.dryRun})
	var me generator.ManifestError
	var ue *generator.UpgradeError
	if errors.As(err, &me) || errors.As(err, &ue) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	what := "module " + strings.Join(a.Modules, ", ")
	if len(a.Modules) > 1 {
		what = "modules " + strings.Join(a.Modules, ", ")
	}
	for _, r := range a.Required {
		fmt.Fprintln(e.stdout, r)
	}
	if a.Payments != "" && !paymentsGiven {
		fmt.Fprintf(e.stdout, "billing's payment provider: %s (the default; --payments chooses)\n", a.Payments)
	}
	if f.dryRun {
		fmt.Fprintf(e.stdout, "saasgen add module would add %s (dry run, nothing written)%s:\n", what, inProject(f.dir))
	} else {
		if err := a.Write(); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "added %s%s:\n", what, inProject(f.dir))
	}
	for _, uf := range a.Files {
		note := ""
		if uf.Note != "" {
			note = " (" + uf.Note + ")"
		}
		fmt.Fprintf(e.stdout, "  %-6s  %s%s\n", moduleActions[uf.Action], uf.Path, note)
	}
	if len(a.Migrations) > 0 {
		var paths []string
		for _, m := range a.Migrations {
			paths = append(paths, m.Path())
		}
		fmt.Fprintf(e.stdout, "\nMigrations, numbered after your last and recorded in %s: %s.\n", generator.ManifestName, strings.Join(paths, ", "))
	}
	if a.TidyGoMod {
		fmt.Fprintf(e.stdout, "go.mod was merged with yours: run %s.\n", inDir(f.dir, "go mod tidy"))
	}
	for _, n := range a.Notes {
		fmt.Fprintln(e.stdout, n)
	}
	if !f.dryRun {
		fmt.Fprintf(e.stdout, "Next: apply the migrations (%s), set the new settings (.env.example lists them), and run go test ./...\n", inDir(f.dir, "go run ./cmd/"+a.Project+" migrate up"))
	}
	return nil
}
