package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/saasgen/saasgen/generator"
)

func newAddFieldCmd(e *env) *cobra.Command {
	var f addFlags
	c := &cobra.Command{
		Use:   "field RESOURCE --field name:type[?][:modifier...] [--field ...] [--dir DIR] [--dry-run]",
		Short: "Add fields to a resource: a new migration, and its code regenerated",
		Long: `Add fields to a resource that saasgen add resource made. The table changes
through a NEW migration (ALTER TABLE ... ADD COLUMN, numbered after the
project's last migration, with its Down): a migration that exists may have
run already, and is never edited. The resource's queries, sqlc package,
service, handlers, OpenAPI entries and tests are regenerated with the
fields, and saasgen.yaml records the change.

Fields use the DSL of add resource (see saasgen add resource --help). The
table may have rows, so a new field must be nullable (?) or have a default,
:default(VALUE), which the rows take (and a create that leaves the field
out). Refused, with the fix: a NOT NULL field without a default; a NOT
NULL ref (ids differ per tenant: add it nullable); a unique NOT NULL field
(one default would repeat in every row: add it nullable); a default on a
nullable, unique or ref field; a field the resource has.

A resource file that differs from what saasgen.yaml generates (a hand
edit) is not overwritten: add field stops and names it. Exit status: 0
done, 2 a problem with the resource or fields (nothing written), 1
anything else (nothing written).`,
		Example: `  saasgen add field invoices --field notes:text?
  saasgen add field invoices --field 'priority:int:default(0)' --field 'state:enum(open|closed):default(open)'
  saasgen add field customers --field 'account_manager:ref(users_profiles)?' --dry-run`,
		Args: func(c *cobra.Command, args []string) error {
			switch len(args) {
			case 0:
				return usage("give the resource to add fields to, for example: saasgen add field invoices --field notes:text?")
			case 1:
				return nil
			}
			return usage("add field takes one resource, got %d (%s); put each field after --field", len(args), strings.Join(args, " "))
		},
		RunE: func(c *cobra.Command, args []string) error {
			dir, err := projectDir(c, f.dir)
			if err != nil {
				return err
			}
			f.dir = dir
			return runAddField(e, args[0], f)
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.dir, "dir", "", "project directory, the one holding saasgen.yaml (default: the nearest at or above the working directory)")
	fl.StringSliceVar(&f.fields, "field", nil, "a field, name:type[?][:unique|:index|:default(VALUE)]; repeat the flag or separate fields with commas")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print what would be created and changed, and write nothing")
	return c
}

func runAddField(e *env, name string, f addFlags) error {
	a, err := generator.AddField(f.dir, name, f.fields)
	var me generator.ManifestError
	if errors.As(err, &me) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	var specs []string
	for _, fd := range a.Fields {
		specs = append(specs, fd.Spec())
	}
	r := a.Resource
	if f.dryRun {
		fmt.Fprintf(e.stdout, "saasgen add field %s would (dry run, nothing written):\n", r.Plural)
	} else {
		if err := a.Write(f.dir); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "added to %s: %s\n", r.Plural, strings.Join(specs, ", "))
	}
	for _, c := range a.Created {
		fmt.Fprintf(e.stdout, "  create %s\n", c.Path)
	}
	for _, c := range a.Changed {
		what := "records the change"
		switch {
		case c.Regenerated:
			what = "regenerated"
		case len(c.Markers) > 0:
			what = "at saasgen:" + strings.Join(c.Markers, ", saasgen:")
		}
		fmt.Fprintf(e.stdout, "  change %s (%s)\n", c.Path, what)
	}
	var notes []string
	for _, fd := range a.Fields {
		if fd.HasDefault {
			notes = append(notes, fmt.Sprintf("The rows of %s get %s = %s, and so does a create that leaves it out.", r.Plural, fd.Column(), fd.DefaultSQL()))
		}
	}
	if !f.dryRun {
		notes = append(notes, fmt.Sprintf("Next: apply the migration (go run ./cmd/%s migrate up) and run go test ./...", a.Project))
	}
	if len(notes) > 0 {
		fmt.Fprintln(e.stdout)
		for _, n := range notes {
			fmt.Fprintln(e.stdout, n)
		}
	}
	return nil
}
