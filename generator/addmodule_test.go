package generator

import (
	"errors"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/saasgen/saasgen/blueprints"
)

// minimalSpec is the minimal preset's spec, normalized.
func minimalSpec(t testing.TB) Spec {
	t.Helper()
	for _, p := range presets {
		if p.name == "minimal" {
			s := p.spec()
			s.Normalize()
			return s
		}
	}
	t.Fatal("no minimal preset")
	return Spec{}
}

// writeMinimal writes the minimal preset into a fresh directory.
func writeMinimal(t testing.TB) string {
	t.Helper()
	pl, err := Generate(minimalSpec(t))
	return writePlan(t, pl, err)
}

func mustAddModule(t testing.TB, dir string, opt AddModuleOptions, names ...string) *ModuleAddition {
	t.Helper()
	a, err := AddModule(dir, names, opt)
	if err != nil {
		t.Fatalf("add module %v: %v", names, err)
	}
	return a
}

func moduleActions(a *ModuleAddition) map[string]Action { return actions(&a.Upgrade) }

// Adding modules one after another to a minimal project with a resource
// and a hand-written migration gives what Generate gives for the spec
// with them (check is clean after each), the migrations numbered after
// the project's last one and recorded in saasgen.yaml, and billing brings
// jobs with a note.
func TestAddModuleThenCheckClean(t *testing.T) {
	dir := writeMinimal(t)
	a, err := AddResource(dir, "notes", []string{"title:string"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Write(dir); err != nil {
		t.Fatal(err)
	}
	put(t, dir, "db/migrations/01002_team_index.sql", "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 1;\n")

	spec, err := loadSpec(dir)
	if err != nil {
		t.Fatal(err)
	}
	with := spec
	with.Modules = append(slices.Clone(spec.Modules), "ratelimit")
	with.Normalize()
	before, after := planFiles(t, spec), planFiles(t, with)
	ma := mustAddModule(t, dir, AddModuleOptions{}, "ratelimit")
	got := moduleActions(ma)
	for p := range after {
		if _, ok := before[p]; !ok && got[p] != New {
			t.Errorf("ratelimit writes %s: %q, want new", p, got[p])
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok && got[p] != Removed {
			t.Errorf("ratelimit no longer has %s: %q, want removed", p, got[p])
		}
	}
	if err := ma.Write(); err != nil {
		t.Fatal(err)
	}
	if d := mustCheck(t, dir); !d.Clean() {
		t.Fatalf("check after add module ratelimit: %v\n%s", d.Files, d.Diff())
	}

	ma = mustAddModule(t, dir, AddModuleOptions{Payments: "stripe"}, "billing")
	if !slices.Equal(ma.Modules, []string{"billing", "jobs"}) || len(ma.Required) != 1 || !strings.Contains(ma.Required[0], "jobs: billing needs it") || ma.Payments != "stripe" {
		t.Errorf("billing: modules %v, required %q, payments %q", ma.Modules, ma.Required, ma.Payments)
	}
	var placed []string
	for _, m := range ma.Migrations {
		placed = append(placed, m.Path())
	}
	if want := []string{"db/migrations/01003_billing.sql", "db/migrations/01004_billing_version.sql", "db/migrations/01005_billing_operator.sql", "db/migrations/01006_jobs.sql"}; !slices.Equal(placed, want) {
		t.Fatalf("placed %v, want %v", placed, want)
	}
	if err := ma.Write(); err != nil {
		t.Fatal(err)
	}
	if d := mustCheck(t, dir); !d.Clean() {
		t.Fatalf("check after add module billing: %v\n%s", d.Files, d.Diff())
	}
	if spec, err = loadSpec(dir); err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"billing": 1003, "billing_version": 1004, "billing_operator": 1005, "jobs": 1006}; !maps.Equal(spec.Migrations, want) || !spec.Has("billing") || !spec.Has("jobs") || !spec.Has("ratelimit") || spec.Payments != "stripe" {
		t.Errorf("saasgen.yaml: modules %v, payments %s, migrations %v", spec.Modules, spec.Payments, spec.Migrations)
	}
	// A resource added afterwards comes after the placed migrations.
	if a, err = AddResource(dir, "tags", []string{"label:string"}); err != nil || a.Resource.LastVersion() != 1007 {
		t.Fatalf("add resource after add module: migration %d (%v), want 1007", a.Resource.LastVersion(), err)
	}
}

// The team's edits survive billing (with jobs): a line of their own in
// plans.yaml and README (merged), a requirement of their own in go.mod (merged as a module
// file, with go mod tidy to run), and a hand edit of a saasgen file that
// the module does not change (not touched).
func TestAddModuleMergesTeamEdits(t *testing.T) {
	dir := writeMinimal(t)
	spec := minimalSpec(t)
	with := spec
	with.Modules = append(slices.Clone(spec.Modules), "billing")
	with.Payments = "none"
	with.Normalize()
	before, after := planFiles(t, spec), planFiles(t, with)
	files := projectFiles(t, dir)
	edits := map[string]string{}
	for _, p := range []string{"plans.yaml", "README.md"} {
		i := quietLine(before[p], after[p])
		if i < 0 {
			t.Fatalf("%s: no line that billing leaves in place", p)
		}
		edits[p] = editLine(files[p], i, func(l string) string { return l + "# the team's line\n" })
	}
	edits["go.mod"] = strings.Replace(files["go.mod"], "require (", "require (\n\texample.com/teamlib v1.2.3", 1)
	edits["internal/tenants/tenants.go"] = files["internal/tenants/tenants.go"] + "\n// the team's note\n"
	for p, data := range edits {
		writeString(t, dir, p, data)
	}
	// A file of the team's that billing changes, deleted: it stays so.
	gone := ""
	for _, p := range slices.Sorted(maps.Keys(after)) {
		if b, ok := before[p]; ok && b != after[p] && IsUserOwned(p) && edits[p] == "" && p != "go.sum" {
			gone = p
			break
		}
	}
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(gone))); err != nil {
		t.Fatalf("no user-owned file that billing changes to delete (%q): %v", gone, err)
	}

	a := mustAddModule(t, dir, AddModuleOptions{Payments: "none"}, "billing")
	got := moduleActions(a)
	for p, want := range map[string]Action{"plans.yaml": Merged, "README.md": Merged, "go.mod": Merged, "internal/app/server.go": Take, "db/migrations/01004_jobs.sql": New} {
		if got[p] != want {
			t.Errorf("%s: %q, want %q", p, got[p], want)
		}
	}
	if got[gone] != Keep {
		t.Errorf("%s, deleted by the team: %q, want keep", gone, got[gone])
	}
	if _, ok := got["internal/tenants/tenants.go"]; ok || !a.TidyGoMod {
		t.Errorf("tenants.go reported (%v) or go.mod not to tidy (%v)", got, a.TidyGoMod)
	}
	if err := a.Write(); err != nil {
		t.Fatal(err)
	}
	now := projectFiles(t, dir)
	if _, ok := now[gone]; ok {
		t.Errorf("%s, deleted by the team, is back", gone)
	}
	for _, p := range []string{"plans.yaml", "README.md"} {
		if !strings.Contains(now[p], "# the team's line\n") || now[p] == edits[p] {
			t.Errorf("%s: the team's line lost, or billing's part missing", p)
		}
	}
	if !strings.Contains(now["go.mod"], "example.com/teamlib v1.2.3") || !strings.Contains(now["go.mod"], "github.com/hibiken/asynq") {
		t.Errorf("go.mod lost the team's requirement or lacks asynq:\n%s", now["go.mod"])
	}
	if now["internal/tenants/tenants.go"] != edits["internal/tenants/tenants.go"] {
		t.Error("tenants.go: the team's hand edit was overwritten")
	}
	d := mustCheck(t, dir)
	if got := strings.Join(d.Paths(Changed), " "); got != "internal/tenants/tenants.go" {
		t.Errorf("check after the addition reports %q changed, want the team's hand edit only", got)
	}
}

// planFiles is Generate's output for spec, by path.
func planFiles(t testing.TB, spec Spec) map[string]string {
	t.Helper()
	pl, err := Generate(spec)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range pl.Files {
		out[f.Path] = string(f.Data)
	}
	return out
}

// A team edit on a line that the module changes, a file of the team's
// where the module writes one, and an edited file the module deletes:
// each is named, and nothing is written.
func TestAddModuleConflictWritesNothing(t *testing.T) {
	dir := writeMinimal(t)
	spec := minimalSpec(t)
	with := spec
	with.Modules = append(slices.Clone(spec.Modules), "billing", "ratelimit")
	with.Normalize()
	before, after := planFiles(t, spec), planFiles(t, with)
	i := changedLine(before["plans.yaml"], after["plans.yaml"])
	if i < 0 {
		t.Fatal("billing does not change plans.yaml")
	}
	files := projectFiles(t, dir)
	writeString(t, dir, "plans.yaml", editLine(files["plans.yaml"], i, func(string) string { return "# the team's own words\n" }))
	want := []string{"plans.yaml"}
	// The team's own Go file where the modules write one.
	for _, p := range slices.Sorted(maps.Keys(after)) {
		if _, ok := before[p]; !ok && strings.HasPrefix(p, "internal/") && strings.HasSuffix(p, ".go") {
			writeString(t, dir, p, "package "+path.Base(path.Dir(p))+"\n\n// The team's own.\n")
			want = append(want, p)
			break
		}
	}
	// A file the modules no longer write, that the team edited.
	for _, p := range slices.Sorted(maps.Keys(before)) {
		if _, ok := after[p]; !ok && strings.HasSuffix(p, ".go") {
			writeString(t, dir, p, files[p]+"\n// tuned by the team\n")
			want = append(want, p)
			break
		}
	}
	slices.Sort(want)
	if len(want) < 2 {
		t.Fatalf("billing and ratelimit write no new Go file: %v", want)
	}
	snap := tree(t, dir)

	_, err := AddModule(dir, []string{"billing", "ratelimit"}, AddModuleOptions{Payments: "none"})
	var ce *ModuleConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("err %v, want a ModuleConflictError", err)
	}
	var paths []string
	for _, f := range ce.Files {
		paths = append(paths, f.Path)
	}
	if !slices.Equal(paths, want) {
		t.Errorf("conflicts %v, want %v", paths, want)
	}
	for _, s := range []string{"nothing was written", want[0] + " (", "(a file of yours where the module writes one: move yours away)", "(the module replaces it, and you changed it)", "plans.yaml (you and the module changed the same lines: 1 conflicting change)"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("the message lacks %q:\n%v", s, err)
		}
	}
	sameTree(t, dir, snap)
}

// Every problem with what was asked is listed at once, and nothing is
// written.
func TestAddModuleProblems(t *testing.T) {
	dir := writeMinimal(t)
	snap := tree(t, dir)
	for _, c := range []struct {
		names []string
		opt   AddModuleOptions
		want  []string
	}{
		{nil, AddModuleOptions{}, []string{"no module named; name one of: billing, jobs, ratelimit"}},
		{[]string{"foo", "auth", "ratelimit"}, AddModuleOptions{Payments: "paypal"}, []string{
			`unknown module "foo"; modules you can add: billing, jobs, ratelimit`,
			"module auth is in the project already",
			`unknown payment provider "paypal" for --payments; use one of: stripe, paddle, lemonsqueezy, none`}},
		{[]string{"ratelimit"}, AddModuleOptions{Payments: "stripe"}, []string{"--payments stripe is billing's provider, and billing is not being added"}},
	} {
		_, err := AddModule(dir, c.names, c.opt)
		var probs Problems
		if !errors.As(err, &probs) || len(probs) != len(c.want) {
			t.Errorf("add module %v %+v: %v, want %d problems", c.names, c.opt, err, len(c.want))
			continue
		}
		for i, w := range c.want {
			if !strings.Contains(probs[i], w) {
				t.Errorf("add module %v: problem %d is %q, want it to say %q", c.names, i, probs[i], w)
			}
		}
	}
	sameTree(t, dir, snap)
}

// Every optional module can be added alone to the minimal preset: check
// is clean after, and the migrations placed are the ones its folder (and
// those of the modules it needs) holds. A new module needs nothing more
// for add module than its blueprint row and its folder.
func TestAddEveryModule(t *testing.T) {
	base := writeMinimal(t)
	spec := minimalSpec(t)
	for _, m := range blueprints.Modules {
		if m.Core || !m.Available || spec.Has(m.Name) {
			continue
		}
		t.Run(m.Name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "minimal")
			if err := os.CopyFS(dir, os.DirFS(base)); err != nil {
				t.Fatal(err)
			}
			a := mustAddModule(t, dir, AddModuleOptions{}, m.Name)
			with := spec
			with.Modules = append(slices.Clone(spec.Modules), m.Name)
			with.Normalize()
			if !slices.Contains(a.Modules, m.Name) || len(a.Modules) != len(with.Modules)-len(spec.Modules) {
				t.Errorf("added %v, want %s and what it needs", a.Modules, m.Name)
			}
			had, err := TemplateMigrations(spec)
			if err != nil {
				t.Fatal(err)
			}
			all, err := TemplateMigrations(with)
			if err != nil {
				t.Fatal(err)
			}
			var placed, want []string
			for _, pm := range a.Migrations {
				placed = append(placed, pm.Name)
			}
			for _, tm := range all {
				if !slices.Contains(had, tm) {
					want = append(want, tm.Name)
				}
			}
			if !slices.Equal(placed, want) {
				t.Errorf("placed %v, want %v", placed, want)
			}
			if err := a.Write(); err != nil {
				t.Fatal(err)
			}
			if d := mustCheck(t, dir); !d.Clean() {
				t.Fatalf("check after add module %s: %v\n%s", m.Name, d.Files, d.Diff())
			}
		})
	}
}

// TestPlanLimitNotes: add module names each plan of plans.yaml left
// without a limit the added module reads (one the team wrote, which the
// merge cannot know), and says nothing when every plan has it.
func TestPlanLimitNotes(t *testing.T) {
	yaml := []byte("plans:\n  - name: free\n    limits:\n      seats: 3\n      audit_retention_days: 30\n  - name: team\n    limits:\n      seats: 50\n")
	notes := planLimitNotes([]string{"jobs", "audit"}, yaml)
	if len(notes) != 1 || !strings.Contains(notes[0], "plan team has no limits.audit_retention_days") || !strings.Contains(notes[0], "kept for ever") {
		t.Fatalf("notes: %q; want one naming plan team and what it gets", notes)
	}
	if notes := planLimitNotes([]string{"audit"}, []byte("plans:\n  - name: free\n    limits:\n      audit_retention_days: -1\n")); len(notes) != 0 {
		t.Errorf("every plan has the key, yet: %q", notes)
	}
	if notes := planLimitNotes([]string{"audit"}, nil); len(notes) != 1 || !strings.Contains(notes[0], "every plan") {
		t.Errorf("no plans.yaml: %q", notes)
	}
}
