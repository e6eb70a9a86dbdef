package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/saasgen/saasgen/blueprints"
)

// `saasgen add module` is upgrade's three-way rule with another spec
// instead of another version. The base is what this saasgen writes for
// saasgen.yaml as it is (the project is this version's: loadSpec holds it
// to that), theirs what it writes for the spec with the module, ours the
// disk. Only the files whose base and theirs differ are touched: a file
// the team changed is merged as upgrade merges it (go.mod and go.sum as
// module files), and a conflict stops the addition with nothing written.
// The module's migrations are placed after the project's last one by
// PlaceMigrations and recorded in saasgen.yaml.

// AddModuleOptions are the choices of `saasgen add module`.
type AddModuleOptions struct {
	// Payments is the provider of billing when billing is added; "" takes
	// the one `saasgen new` takes.
	Payments string
	// DryRun plans without writing; an uncommitted change is then no
	// reason to stop, as for upgrade.
	DryRun bool
}

// ModuleAddition is what `saasgen add module` would do to a project,
// worked out in memory: nothing is on disk until Write.
type ModuleAddition struct {
	// Upgrade holds the files that change (Take: as saasgen writes
	// them; Merged: with the team's edits kept; New; Removed), the
	// placed migrations and whether go.mod was merged. Its Write writes
	// them.
	Upgrade
	// Modules are the modules added, the named ones and those they
	// need, in catalogue order.
	Modules []string
	// Required says, for each module added because another needs it,
	// why ("added module jobs: billing needs it").
	Required []string
	// Payments is billing's provider when billing is added, else "".
	Payments string
	// Notes name what the team still has to do in its own files: each
	// plans.yaml plan left without a limit an added module reads (a plan
	// the team wrote, or a plans.yaml whose lines the merge left alone).
	Notes []string
}

// ModuleProblems are every problem with what add module was asked.
type ModuleProblems struct{ Problems }

func (p ModuleProblems) Error() string {
	if len(p.Problems) == 1 {
		return p.Problems[0]
	}
	return fmt.Sprintf("add module has %d problems:\n  - %s", len(p.Problems), strings.Join(p.Problems, "\n  - "))
}

// Unwrap lets errors.As find the Problems: a usage error.
func (p ModuleProblems) Unwrap() error { return p.Problems }

// ModuleConflictError says the module's changes meet the team's own in
// the same lines of some files: nothing was written.
type ModuleConflictError struct {
	Modules []string
	Files   []UpgradeFile
}

func (e *ModuleConflictError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "adding %s would undo your changes to %d %s:\n", strings.Join(e.Modules, ", "), len(e.Files), plural(len(e.Files), "file", "files"))
	for _, f := range e.Files {
		fmt.Fprintf(&b, "  - %s (%s)\n", f.Path, f.Note)
	}
	b.WriteString("saasgen add module never writes conflict markers into a project: put those files back as saasgen wrote them (git stash, or the patch saasgen check prints for a file that is saasgen's), run saasgen add module again, then bring your changes back; nothing was written")
	return b.String()
}

// AddModule plans adding modules to the project in dir. Wrong input (a
// module unknown, unavailable or already there, a provider without
// billing) is ModuleProblems, every one at once; a missing or invalid
// saasgen.yaml is a ManifestError; a project in git with uncommitted
// changes, unless opt.DryRun, is an *UpgradeError, as for upgrade (both
// merge into the team's files, and the way back is git); lines the team
// changed that the module changes too are a *ModuleConflictError.
func AddModule(dir string, names []string, opt AddModuleOptions) (*ModuleAddition, error) {
	spec, err := loadSpec(dir)
	if err != nil {
		return nil, err
	}
	next, a, probs := moduleSpec(spec, names, opt)
	if len(probs) > 0 {
		return nil, ModuleProblems{probs}
	}
	if !opt.DryRun {
		if err := refuseUncommitted(dir, "adding the module"); err != nil {
			return nil, err
		}
	}
	have, err := migrationNames(dir)
	if err != nil {
		return nil, err
	}
	next, a.Migrations, err = PlaceMigrations(next, have)
	if err != nil {
		return nil, err
	}
	// Most files render alike with and without the module: they are
	// formatted once.
	fc := formatted{}
	base, err := generate(spec, fc)
	if err != nil {
		return nil, err
	}
	theirs, err := generate(next, fc)
	if err != nil {
		return nil, err
	}
	a.Dir, a.Project, a.From, a.To = dir, spec.Name, Version, Version
	if err := a.classify(base, theirs); err != nil {
		return nil, err
	}
	plansYAML, err := a.final(dir, "plans.yaml")
	if err != nil {
		return nil, err
	}
	a.Notes = planLimitNotes(a.Modules, plansYAML)
	return a, nil
}

// final is file q as the addition leaves it: what it writes, else the
// disk's (nil when there is none).
func (a *ModuleAddition) final(dir, q string) ([]byte, error) {
	for _, f := range a.Files {
		if f.Path == q && (f.data != nil || f.remove) {
			return f.data, nil
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(q)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return data, err
}

// planLimitNotes names, for each limit the modules read, the plans of
// plansYAML that do not set it, and what they get without it.
func planLimitNotes(modules []string, plansYAML []byte) []string {
	var names []string
	have := map[string][]string{} // plan name -> its keys, as lines
	cur := ""
	for line := range strings.SplitSeq(string(plansYAML), "\n") {
		t := strings.TrimSpace(line)
		if name, ok := strings.CutPrefix(t, "- name:"); ok {
			cur = strings.Trim(strings.TrimSpace(name), `"'`)
			names = append(names, cur)
			continue
		}
		if cur != "" {
			if k, _, ok := strings.Cut(t, ":"); ok {
				have[cur] = append(have[cur], k)
			}
		}
	}
	var out []string
	for _, name := range modules {
		m, _ := blueprints.Lookup(name)
		for _, l := range m.PlanLimits {
			var missing []string
			for _, p := range names {
				if !slices.Contains(have[p], l.Key) {
					missing = append(missing, p)
				}
			}
			if len(names) == 0 || len(missing) > 0 {
				where := "every plan"
				if len(names) > 0 {
					where = plural(len(missing), "plan", "plans") + " " + strings.Join(missing, ", ")
				}
				out = append(out, fmt.Sprintf("plans.yaml: %s has no limits.%s (%s); add it under %s's limits.", where, l.Key, l.Means, plural(len(missing), "the plan", "each plan")))
			}
		}
	}
	return out
}

// moduleSpec is spec with the named modules and what they need, and
// every problem with the request.
func moduleSpec(spec Spec, names []string, opt AddModuleOptions) (Spec, *ModuleAddition, Problems) {
	var probs Problems
	if len(names) == 0 {
		probs = append(probs, "no module named; name one of: "+strings.Join(addable(spec), ", "))
	}
	next := spec
	next.Modules = slices.Clone(spec.Modules)
	for _, name := range names {
		m, ok := blueprints.Lookup(name)
		switch {
		case !ok:
			probs = append(probs, fmt.Sprintf("unknown module %q; modules you can add: %s", name, strings.Join(addable(spec), ", ")))
		case !m.Available:
			probs = append(probs, fmt.Sprintf("module %q is not available in saasgen %s yet (%s is planned); modules you can add: %s", name, Version, m.Planned, strings.Join(addable(spec), ", ")))
		case spec.Has(name):
			probs = append(probs, fmt.Sprintf("module %s is in the project already (%s lists it); to see that it is intact, run saasgen check", name, ManifestName))
		case !slices.Contains(next.Modules, name):
			next.Modules = append(next.Modules, name)
		}
	}
	a := &ModuleAddition{Required: next.Normalize()}
	for _, m := range next.Modules {
		if !spec.Has(m) {
			a.Modules = append(a.Modules, m)
		}
	}
	adding := slices.Contains(a.Modules, "billing")
	switch p := opt.Payments; {
	case p != "" && !slices.Contains(blueprints.ProviderNames(), p):
		probs = append(probs, fmt.Sprintf("unknown payment provider %q for --payments; use one of: %s", p, strings.Join(shippedProviders(), ", ")))
	case p != "" && spec.Has("billing"):
		probs = append(probs, fmt.Sprintf("--payments %s: the project has billing already, with --payments %s, and add module does not change a provider; drop --payments", p, spec.Payments))
	case p != "" && !adding:
		probs = append(probs, fmt.Sprintf("--payments %s is billing's provider, and billing is not being added: saasgen add module billing --payments %s, or drop --payments", p, p))
	case adding:
		next.Payments = p
		if p == "" {
			next.Payments = "stripe"
		}
		a.Payments = next.Payments
	}
	if len(probs) > 0 {
		return next, nil, probs
	}
	// What else the module asks of the project: a resource with a name
	// the module takes, a provider that has not shipped.
	if err := next.Validate(); err != nil {
		if p, ok := err.(Problems); ok {
			return next, nil, p
		}
		return next, nil, Problems{err.Error()}
	}
	return next, a, nil
}

// addable lists the modules that spec does not have and this saasgen can
// add.
func addable(spec Spec) []string {
	var out []string
	for _, name := range blueprints.AvailableNames() {
		if !spec.Has(name) {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		return []string{"none (the project has every module)"}
	}
	return out
}

// classify decides each file that the module changes, by upgrade's rule:
// base is the project's plan without the module, theirs with it.
func (a *ModuleAddition) classify(base, theirs *Plan) error {
	p := &planner{u: &a.Upgrade, disk: map[string]diskFile{}, base: map[string]baseFile{}, sum: map[string]string{}}
	for _, f := range base.Files {
		p.base[f.Path] = baseFile{data: f.Data, known: true}
	}
	placed := map[string]PlacedMigration{}
	for _, m := range a.Migrations {
		placed[m.Path()] = m
	}
	seen := map[string]bool{}
	var conflicts []UpgradeFile
	decide := func(q string, t *File) error {
		b, inBase := p.base[q]
		if t != nil && inBase && bytes.Equal(b.data, t.Data) {
			return nil // the module does not change it
		}
		ours, err := p.read(q)
		if err != nil {
			return err
		}
		if t == nil && !ours.exists {
			return nil
		}
		if inBase && !ours.exists && IsUserOwned(q) {
			// A file of the team's that they deleted: they do not want it.
			p.add(UpgradeFile{Path: q, Action: Keep, Note: "you deleted it: it stays deleted, without the module's part"})
			return nil
		}
		f, _ := p.decide(q, b, inBase, ours, t)
		switch {
		case f.Action == Conflict:
			switch {
			case !inBase:
				f.Note = "a file of yours where the module writes one: move yours away"
			case t == nil:
				f.Note = "the module replaces it, and you changed it"
			case !ours.exists:
				f.Note = "you deleted it, and the module changes it: restore it"
			default:
				f.Note = "you and the module changed the same lines: " + f.Note
			}
			conflicts = append(conflicts, f)
		case f.Action == Keep && isMigration(q):
			// A migration is history; one the module would change is
			// a project that check reports already.
		case f.Action == New && placed[q].Name != "":
			m := placed[q]
			f.Note = fmt.Sprintf("%s's migration %s, numbered after your last migration; %05d in a project made with it", m.Module, m.Name, m.Version)
		}
		p.add(f)
		return nil
	}
	for i := range theirs.Files {
		t := &theirs.Files[i]
		seen[t.Path] = true
		if err := decide(t.Path, t); err != nil {
			return err
		}
	}
	for _, f := range base.Files {
		if !seen[f.Path] {
			if err := decide(f.Path, nil); err != nil {
				return err
			}
		}
	}
	if p.err != nil {
		return p.err
	}
	if len(conflicts) > 0 {
		slices.SortFunc(conflicts, func(x, y UpgradeFile) int { return strings.Compare(x.Path, y.Path) })
		return &ModuleConflictError{Modules: a.Modules, Files: conflicts}
	}
	slices.SortFunc(a.Files, func(x, y UpgradeFile) int { return strings.Compare(x.Path, y.Path) })
	return nil
}
