package cli

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/huh"
	"github.com/spf13/cobra"

	"github.com/saasgen/saasgen/blueprints"
	"github.com/saasgen/saasgen/generator"
)

// askSpec runs the huh form for every answer not given as a flag. Flags that
// were given stay as they are and are not asked again.
func askSpec(e *env, s *generator.Spec, c *cobra.Command) error {
	changed := c.Flags().Changed
	modulePath := s.ModulePath
	if modulePath == "" {
		modulePath = s.Name
	}
	var optional []huh.Option[string]
	for _, m := range blueprints.Modules {
		if m.Available && !m.Core {
			optional = append(optional, huh.NewOption(m.Name+": "+m.Summary, m.Name).Selected(slices.Contains(s.Modules, m.Name)))
		}
	}
	var core []string
	for _, m := range blueprints.Modules {
		if m.Core && m.Available {
			core = append(core, m.Name)
		}
	}
	chosen := slices.DeleteFunc(slices.Clone(s.Modules), func(n string) bool { return slices.Contains(core, n) })
	plans := strings.Join(s.Plans, ",")
	trial := strconv.Itoa(s.TrialDays)
	payments := s.Payments
	if payments == "" {
		payments = "stripe"
	}
	confirmed := true
	hasBilling := func() bool { return slices.Contains(chosen, "billing") }

	form := huh.NewForm(
		huh.NewGroup(
			huh.NewInput().Title("Go module path").Value(&modulePath).
				Validate(func(v string) error {
					t := *s
					t.ModulePath = v
					return firstProblem(t.Validate(), "module path")
				}),
		).WithHide(changed("module-path")),
		huh.NewGroup(
			huh.NewMultiSelect[string]().Title("Modules").
				Description("Always on: "+strings.Join(core, ", ")).
				Options(optional...).Value(&chosen),
		).WithHide(changed("modules") || len(optional) == 0),
		huh.NewGroup(
			huh.NewInput().Title("Plan tiers, cheapest first").Value(&plans).
				Validate(func(v string) error {
					t := *s
					t.Plans = splitList(v)
					return firstProblem(t.Validate(), "plan")
				}),
		).WithHide(changed("plans")),
		huh.NewGroup(
			huh.NewInput().Title("Trial days for the second plan (0 for none)").Value(&trial).
				Validate(func(v string) error {
					n, err := strconv.Atoi(v)
					if err != nil || n < 0 || n > 365 {
						return errors.New("enter a whole number from 0 to 365")
					}
					return nil
				}),
		).WithHide(changed("trial-days")),
		huh.NewGroup(
			huh.NewSelect[string]().Title("Payment provider").
				Options(providerOptions()...).Value(&payments),
		).WithHideFunc(func() bool { return changed("payments") || !hasBilling() }),
	).WithInput(e.stdin).WithOutput(e.stdout)
	if err := form.Run(); err != nil {
		return formError(err)
	}
	// The summary is a form of its own so that it shows the final answers.
	summary := fmt.Sprintf("module path  %s\nmodules      %s\nplans        %s\ntrial        %s days",
		modulePath, strings.Join(append(slices.Clone(core), chosen...), ", "), plans, trial)
	if hasBilling() {
		summary += "\npayments     " + payments
	}
	confirm := huh.NewForm(huh.NewGroup(
		huh.NewConfirm().Title("Create " + s.Name + "?").Description(summary).
			Affirmative("Create").Negative("Cancel").Value(&confirmed),
	)).WithInput(e.stdin).WithOutput(e.stdout)
	if err := confirm.Run(); err != nil {
		return formError(err)
	}
	if !confirmed {
		return usage("cancelled; nothing was written")
	}
	s.ModulePath = modulePath
	s.Modules = append(core, chosen...)
	s.Plans = splitList(plans)
	s.TrialDays, _ = strconv.Atoi(trial)
	if hasBilling() {
		s.Payments = payments
	}
	return nil
}

func formError(err error) error {
	// huh reads Ctrl-C as a key (the terminal is in raw mode, so no
	// SIGINT arrives) and returns ErrUserAborted.
	if errors.Is(err, huh.ErrUserAborted) {
		return errInterrupted
	}
	return fmt.Errorf("the form failed: %w; pass --yes and flags to run without it", err)
}

// firstProblem returns the spec problem that mentions topic, so a form field
// shows only its own error.
func firstProblem(err error, topic string) error {
	var probs generator.Problems
	if !errors.As(err, &probs) {
		return nil
	}
	for _, p := range probs {
		if strings.Contains(p, topic) {
			return errors.New(p)
		}
	}
	return nil
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// providerOptions offers each payment provider with its summary, as the
// module choice does.
func providerOptions() []huh.Option[string] {
	out := make([]huh.Option[string], len(blueprints.Providers))
	for i, p := range blueprints.Providers {
		out[i] = huh.NewOption(p.Name+": "+p.Summary, p.Name)
	}
	return out
}
