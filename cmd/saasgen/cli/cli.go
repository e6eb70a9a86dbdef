// Package cli holds saasgen's commands. Run is the whole program, so tests
// drive every command without a terminal or a process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/saasgen/saasgen/generator"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // anything that is not the user's input
	exitUsage = 2 // bad input or usage
	// exitInterrupted is what a shell reports for a command ended by
	// Ctrl-C (128 + SIGINT), so scripts and make see an interruption.
	exitInterrupted = 130
)

// errInterrupted says the user pressed Ctrl-C in a form.
var errInterrupted = errors.New("interrupted; nothing was written")

// usageError marks an error the user caused by what they typed.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usage(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// env is what commands may touch of the outside world.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// Run executes saasgen with args (without the program name) and returns the
// process exit code.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	var silent silentExit
	if err != nil && !errors.As(err, &silent) {
		fmt.Fprintln(stderr, "saasgen: "+strings.TrimSpace(err.Error()))
	}
	return exitCode(err)
}

// exitCode maps what a command returned to the process exit code.
func exitCode(err error) int {
	var silent silentExit
	var ue usageError
	var probs generator.Problems
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &silent):
		return silent.code
	case errors.Is(err, errInterrupted):
		return exitInterrupted
	case errors.As(err, &ue), errors.As(err, &probs), isCobraUsage(err):
		return exitUsage
	}
	return exitError
}

// isCobraUsage recognises cobra's own argument errors, which it returns as
// plain errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, s := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "invalid argument", "flag needs an argument", "bad flag syntax"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "saasgen",
		Short: "Scaffold a multi-tenant SaaS backend in Go",
		Long: `saasgen writes a complete multi-tenant Go backend: PostgreSQL row-level
security for tenant isolation, migrations, sqlc queries, an HTTP API with
problem+json errors, metrics, Docker and CI, and tests that prove isolation
against a real PostgreSQL and Redis.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usage("%v (see %s --help)", err, c.CommandPath())
	})
	root.AddCommand(newNewCmd(e), newAddCmd(e), newCheckCmd(e), newUpgradeCmd(e), newVersionCmd(e))
	// --version prints what the version command does.
	root.Version = generator.Version
	root.SetVersionTemplate(versionText())
	addCompletionArgCheck(root)
	return root
}

// addCompletionArgCheck makes `saasgen completion SHELL` with an unknown
// shell a usage error. Cobra's default completion command is not runnable
// itself, so it would print its help on stdout and exit 0: a script doing
// `eval "$(saasgen completion tcsh)"` would then evaluate the help text.
func addCompletionArgCheck(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		var shells []string
		for _, sub := range c.Commands() {
			shells = append(shells, sub.Name())
		}
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return c.Help()
			}
			return usage("unknown shell %q; use one of: %s", args[0], strings.Join(shells, ", "))
		}
	}
}

// projectDir is the project a command inside one works on: --dir DIR as
// given, else the nearest directory at or above the working directory that
// holds saasgen.yaml, as git finds its repository.
func projectDir(c *cobra.Command, dir string) (string, error) {
	if c.Flags().Changed("dir") {
		return dir, nil
	}
	root, err := generator.FindRoot(".")
	if err != nil {
		return "", usageError{err}
	}
	return root, nil
}

// isTerminal reports whether r and w are both terminals, so a form can run.
func isTerminal(r io.Reader, w io.Writer) bool {
	rf, ok := r.(*os.File)
	if !ok {
		return false
	}
	wf, ok := w.(*os.File)
	if !ok {
		return false
	}
	return fileIsTerminal(rf) && fileIsTerminal(wf)
}
