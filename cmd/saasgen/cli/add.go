package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/saasgen/saasgen/generator"
)

func newAddCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "add",
		Short: "Add to a project made by saasgen new",
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usage("unknown thing to add %q; saasgen add knows: resource, field, module", args[0])
			}
			return usage("say what to add: saasgen add resource NAME --field name:type ..., saasgen add field RESOURCE --field name:type ..., or saasgen add module NAME")
		},
		RunE: func(c *cobra.Command, args []string) error { return nil },
	}
	c.AddCommand(newAddResourceCmd(e), newAddFieldCmd(e), newAddModuleCmd(e))
	return c
}

type addFlags struct {
	dir    string
	fields []string
	dryRun bool
}

func newAddResourceCmd(e *env) *cobra.Command {
	var f addFlags
	c := &cobra.Command{
		Use:   "resource NAME --field name:type[:modifier...] [--field ...] [--dir DIR] [--dry-run]",
		Short: "Add a tenant-scoped resource: table, queries, API, permissions, tests",
		Long: `Add a tenant-scoped resource to the project: a goose migration (row-level
security, composite keys, per-tenant unique constraints and indexes), sqlc
queries in their own package, a service with handlers at /v1/PLURAL, the
permissions PLURAL:read|create|update|delete (viewers read; members also
create and update; admins delete), an optional per-plan count limit
(plans.yaml limits.resources.PLURAL), OpenAPI entries and tests.

NAME may be singular or plural, in any case (invoice, Invoices, LineItem);
saasgen records the plural snake_case form in saasgen.yaml.

Field types: string, text, int, int64, bool, time, date, uuid, money
(integer cents), enum(a|b|c), ref(other_resource). After the type: ? makes
the field nullable. Modifiers: unique (per tenant), index, default(VALUE)
(what a row gets when a create leaves the field out: a number, true or
false, an enum value, YYYY-MM-DD or today, an RFC 3339 time or now, a
UUID, or plain text). Give --field once per field, or several fields
separated by commas. To change a resource later: saasgen add field.

The project is --dir, or else the nearest directory at or above the working
directory that holds saasgen.yaml, as git finds .git.

Existing files change only at their "saasgen:NAME" marker lines; files that
are yours (README.md, plans.yaml, ...) are never touched. Exit status: 0
done, 2 a problem with the name or fields (nothing written), 1 anything
else (nothing written).`,
		Example: `  saasgen add resource customers --field name:string --field email:string:unique
  saasgen add resource invoice --field number:string:unique --field amount:money \
    --field 'status:enum(draft|sent|paid)' --field 'customer:ref(customers)' --field due_at:date?
  saasgen add resource categories --field title:string,parent:'ref(categories)?' --dry-run`,
		Args: func(c *cobra.Command, args []string) error {
			switch len(args) {
			case 0:
				return usage("give the resource's name, for example: saasgen add resource invoices --field number:string")
			case 1:
				return nil
			}
			return usage("add resource takes one name, got %d (%s); put each field after --field", len(args), strings.Join(args, " "))
		},
		RunE: func(c *cobra.Command, args []string) error {
			dir, err := projectDir(c, f.dir)
			if err != nil {
				return err
			}
			f.dir = dir
			return runAddResource(e, args[0], f)
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.dir, "dir", "", "project directory, the one holding saasgen.yaml (default: the nearest at or above the working directory)")
	// A string slice also splits one flag's value at commas; enum values
	// are separated by |, so no field contains a comma.
	fl.StringSliceVar(&f.fields, "field", nil, "a field, name:type[?][:unique|:index|:default(VALUE)]; repeat the flag or separate fields with commas")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print what would be created and changed, and write nothing")
	return c
}

func runAddResource(e *env, name string, f addFlags) error {
	a, err := generator.AddResource(f.dir, name, f.fields)
	var me generator.ManifestError
	if errors.As(err, &me) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	r := a.Resource
	if f.dryRun {
		fmt.Fprintf(e.stdout, "saasgen add resource %s would (dry run, nothing written)%s:\n", r.Plural, inProject(f.dir))
	} else {
		if err := a.Write(f.dir); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "added resource %s%s:\n", r.Plural, inProject(f.dir))
	}
	for _, c := range a.Created {
		fmt.Fprintf(e.stdout, "  create %s\n", c.Path)
	}
	for _, c := range a.Changed {
		what := "records the resource"
		if len(c.Markers) > 0 {
			what = "at saasgen:" + strings.Join(c.Markers, ", saasgen:")
		}
		fmt.Fprintf(e.stdout, "  change %s (%s)\n", c.Path, what)
	}
	var perms []string
	for _, p := range r.Permissions() {
		perms = append(perms, p.Name+" ("+p.Role+")")
	}
	fmt.Fprintf(e.stdout, "\nPermissions: %s.\n", strings.Join(perms, ", "))
	fmt.Fprintf(e.stdout, "To cap %s per plan, add `resources: {%s: N}` under a plan's limits in plans.yaml (yours: saasgen never edits it); without it there is no limit.\n", r.PluralWords(), r.Plural)
	if !f.dryRun {
		fmt.Fprintf(e.stdout, "Next: apply the migration (%s) and run go test ./...\n", inDir(f.dir, "go run ./cmd/"+a.Project+" migrate up"))
	}
	return nil
}

// inProject says where the project is when it is not the working
// directory: the paths listed are relative to it.
func inProject(dir string) string {
	if filepath.Clean(dir) == "." {
		return ""
	}
	return " in " + dir
}

// inDir is the shell command cmd run in the project in dir: prefixed with
// a cd when the project is not the working directory.
func inDir(dir, cmd string) string {
	if filepath.Clean(dir) == "." {
		return cmd
	}
	return "cd " + shellQuote(dir) + " && " + cmd
}
