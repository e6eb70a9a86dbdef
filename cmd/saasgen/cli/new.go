package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/saasgen/saasgen/blueprints"
	"github.com/saasgen/saasgen/generator"
)

type newFlags struct {
	modulePath string
	modules    []string
	plans      []string
	trialDays  int
	payments   string
	out        string
	yes        bool
	dryRun     bool
}

func newNewCmd(e *env) *cobra.Command {
	var f newFlags
	c := &cobra.Command{
		Use:   "new NAME",
		Short: "Create a new project in ./NAME",
		Long: `Create a new multi-tenant Go service in ./NAME (or --out DIR).

On a terminal, a form asks for every answer not given as a flag. With --yes,
or without a terminal, no form is shown and defaults fill the rest.`,
		Example: `  saasgen new myapp
  saasgen new myapp --yes --module-path github.com/acme/myapp
  saasgen new myapp --plans free,team --trial-days 0 --dry-run`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usage("new takes exactly one project name, got %d arguments; for example: saasgen new myapp", len(args))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			return runNew(c, e, args[0], f)
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.modulePath, "module-path", "", "Go module path of the project (default: NAME)")
	fl.StringSliceVar(&f.modules, "modules", nil, modulesHelp())
	fl.StringSliceVar(&f.plans, "plans", nil, "plan tiers, cheapest first (default: free,pro,enterprise)")
	fl.IntVar(&f.trialDays, "trial-days", 14, "length of the trial of the second plan; 0 for none")
	fl.StringVar(&f.payments, "payments", "", "payment provider: stripe, paddle, lemonsqueezy or none (default: stripe with billing, else none)")
	fl.StringVar(&f.out, "out", "", "directory to write the project into (default: ./NAME)")
	fl.BoolVarP(&f.yes, "yes", "y", false, "accept defaults for every unanswered question; never show a form")
	fl.BoolVar(&f.dryRun, "dry-run", false, "list the files that would be written, and write nothing")
	return c
}

func runNew(c *cobra.Command, e *env, name string, f newFlags) error {
	spec := generator.DefaultSpec(name)
	spec.ModulePath = f.modulePath
	if c.Flags().Changed("modules") {
		spec.Modules = f.modules
	}
	if c.Flags().Changed("plans") {
		spec.Plans = f.plans
	}
	spec.TrialDays = f.trialDays
	// The default trial is of the second plan; with a single plan there is
	// nothing to try, so only an explicit --trial-days asks for one.
	if !c.Flags().Changed("trial-days") && len(spec.Plans) < 2 {
		spec.TrialDays = 0
	}
	spec.Payments = f.payments
	out := f.out
	if out == "" {
		out = name
	}
	// Every problem with the name and the flags is reported before a form
	// asks anything, and again after it with the answers.
	if err := newProblems(spec, out, f.out != ""); err != nil {
		return err
	}
	interactive := !f.yes && isTerminal(e.stdin, e.stdout)
	if interactive {
		if err := askSpec(e, &spec, c); err != nil {
			return err
		}
	}
	notes := spec.Normalize()
	if err := newProblems(spec, out, f.out != ""); err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintln(e.stdout, "note: "+n)
	}
	plan, err := generator.Generate(spec)
	if err != nil {
		return err
	}
	if f.dryRun {
		fmt.Fprintf(e.stdout, "would write %d files into %s (nothing written):\n", len(plan.Files), out)
		for _, file := range plan.Files {
			owner := "saasgen"
			if !file.Owned {
				owner = "user"
			}
			fmt.Fprintf(e.stdout, "  %-8s %6d  %s\n", owner, len(file.Data), file.Path)
		}
		return nil
	}
	if err := generator.Write(plan, out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "created %s in %s (%d files)\n", spec.Name, out, len(plan.Files))
	if interactive {
		fmt.Fprintf(e.stdout, "the same without questions:\n  %s\n", equivalentCommand(spec, f.out))
	}
	fmt.Fprintf(e.stdout, "next:\n  cd %s\n  make test    # against the PostgreSQL and Redis in TEST_DATABASE_URL / TEST_REDIS_URL\n  make up      # docker compose: postgres, redis, migrate, api\n", filepath.Clean(out))
	return nil
}

// newProblems lists at once every problem with a spec (before or after
// Normalize) and its target directory out. A target derived from a bad
// name is not checked: the name's problem says it all.
func newProblems(spec generator.Spec, out string, outGiven bool) error {
	spec.Modules = slices.Clone(spec.Modules)
	spec.Normalize()
	var p generator.Problems
	if err := spec.Validate(); err != nil {
		if !errors.As(err, &p) {
			return err
		}
	}
	if outGiven || generator.CheckName(spec.Name) == nil {
		if err := generator.CheckTarget(out); err != nil {
			p = append(p, err.Error())
		}
	}
	if len(p) > 0 {
		return p
	}
	return nil
}

// equivalentCommand prints the non-interactive command for the answers
// given, quoted so it can be pasted into a shell.
func equivalentCommand(s generator.Spec, out string) string {
	parts := []string{"saasgen", "new", s.Name, "--yes"}
	if s.ModulePath != s.Name {
		parts = append(parts, "--module-path", s.ModulePath)
	}
	parts = append(parts, "--modules", strings.Join(s.Modules, ","))
	parts = append(parts, "--plans", strings.Join(s.Plans, ","))
	parts = append(parts, "--trial-days", strconv.Itoa(s.TrialDays))
	parts = append(parts, "--payments", s.Payments)
	if out != "" {
		parts = append(parts, "--out", out)
	}
	for i, p := range parts {
		parts[i] = shellQuote(p)
	}
	return strings.Join(parts, " ")
}

// shellQuote returns s as one POSIX shell word: unchanged when it holds only
// characters no shell interprets, else in single quotes.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:,=+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// modulesHelp describes --modules from the catalogue: what is always on,
// what a new project has by default, and what it can opt into.
func modulesHelp() string {
	var core, optIn []string
	for _, m := range blueprints.Modules {
		switch {
		case !m.Available:
		case m.Core:
			core = append(core, m.Name)
		case m.OptIn:
			optIn = append(optIn, m.Name)
		}
	}
	h := "modules to include, comma-separated; " + strings.Join(core, ", ") + " are always on (default: " + strings.Join(blueprints.DefaultNames(), ",") + ")"
	if len(optIn) > 0 {
		h += "; opt-in: " + strings.Join(optIn, ", ")
	}
	return h
}
