package generator

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A released project nobody changed upgrades to exactly what this version
// generates for its saasgen.yaml, with no conflict; check is clean; and a
// second upgrade has nothing to do.
func TestUpgradePristineReleases(t *testing.T) {
	for _, fx := range fixtures(t) {
		t.Run(fx, func(t *testing.T) {
			dir := copyFixture(t, fx)
			base := gitInit(t, dir, "saasgen new")
			u := mustPlan(t, dir, UpgradeOptions{Base: base})
			for _, f := range u.Files {
				// Removed: a file this version no longer writes
				// (internal/jobs/tasks.go, whose tasks moved to the
				// modules that own them).
				if f.Action != Take && f.Action != New && f.Action != Removed {
					t.Errorf("%s: %s (%s), want take, new or removed: nobody changed it", f.Path, f.Action, f.Note)
				}
			}
			if err := u.Write(); err != nil {
				t.Fatal(err)
			}
			spec, version, err := readSpec(dir)
			if err != nil || version != Version {
				t.Fatalf("after the upgrade saasgen.yaml records %q (%v), want %s", version, err, Version)
			}
			pl, err := Generate(spec)
			if err != nil {
				t.Fatal(err)
			}
			got := projectFiles(t, dir)
			for _, f := range pl.Files {
				if got[f.Path] != string(f.Data) {
					t.Errorf("%s is not what saasgen %s generates", f.Path, Version)
				}
				delete(got, f.Path)
			}
			for p := range got {
				t.Errorf("%s is left over from the older version", p)
			}
			if d := mustCheck(t, dir); !d.Clean() {
				t.Fatalf("check after the upgrade:\n%s%v", d.Diff(), d.Paths(MigrationDrift))
			}
			commitAll(t, dir, "upgrade")
			if again := mustPlan(t, dir, UpgradeOptions{}); !again.UpToDate() || len(again.Files) > 0 {
				t.Fatalf("a second upgrade: from %s, %d files", again.From, len(again.Files))
			}
		})
	}
}

// teamProject is the 0.1.0 stripe project as a team has it in git before
// upgrading: saasgen new, then saasgen 0.1.0's add resource, then a commit
// that edits user-owned files, one that edits an owned file, and one that
// adds a package of their own. Which lines they edit is chosen from what
// this version changes since 0.1.0, so the test holds for any template
// change: one user-owned file gets an edit away from saasgen's changes
// (merged), another an edit of a line saasgen changes (conflict), and an
// owned file one too (conflict).
type teamProject struct {
	dir string
	// base is the commit of the last saasgen command.
	base string
	// merged and conflicts are the files the upgrade must merge cleanly
	// and find in conflict; teamLine is the line added to merged.
	merged, conflicts []string
	teamLine          string
	// ownConflict is the owned file in conflict.
	ownConflict string
}

const handWritten = "internal/inventory/inventory.go"

func newTeamProject(t *testing.T) *teamProject {
	t.Helper()
	tp := &teamProject{dir: copyFixture(t, "0.1.0/stripe"), teamLine: "Team note: the shop's API, run by the inventory team.\n"}
	dir := tp.dir
	gitInit(t, dir, "saasgen new demo (saasgen 0.1.0)")
	patch, err := filepath.Abs(filepath.Join(fixtureRoot, "0.1.0", "stripe-add-products.patch"))
	if err != nil {
		t.Fatal(err)
	}
	git(t, dir, "apply", patch)
	tp.base = commitAll(t, dir, "saasgen add resource products (saasgen 0.1.0)")

	theirs := newVersionOf(t, dir)
	disk := projectFiles(t, dir)
	var userOwned, owned []string
	for _, f := range theirs.Files {
		if was, ok := disk[f.Path]; ok && was != string(f.Data) && inSum(f.Path) && !isMigration(f.Path) && f.Path != "go.mod" && f.Path != "go.sum" {
			if IsUserOwned(f.Path) {
				userOwned = append(userOwned, f.Path)
			} else {
				owned = append(owned, f.Path)
			}
		}
	}
	if len(userOwned) < 2 || len(owned) < 1 {
		t.Fatalf("this test needs two user-owned files and one owned file that saasgen %s changes since 0.1.0; it changes %v and %v", Version, userOwned, owned)
	}
	slices.Sort(userOwned)
	slices.Sort(owned)
	theirsOf := func(p string) string { f, _ := theirs.Lookup(p); return string(f.Data) }
	conflictEdit := func(p string) {
		i := changedLine(disk[p], theirsOf(p))
		edited := editLine(disk[p], i, func(l string) string {
			if path.Ext(p) == ".yml" {
				return strings.TrimSuffix(l, "\n") + " # the team's\n"
			}
			return strings.TrimSuffix(l, "\n") + " (the team's)\n"
		})
		writeString(t, dir, p, edited)
		tp.conflicts = append(tp.conflicts, p)
	}
	// A user-owned file edited where saasgen changes it, another away
	// from saasgen's changes.
	conflictEdit(userOwned[0])
	quiet := userOwned[len(userOwned)-1]
	i := quietLine(disk[quiet], theirsOf(quiet))
	if i < 0 {
		t.Fatalf("%s has no line far from saasgen %s's changes", quiet, Version)
	}
	writeString(t, dir, quiet, editLine(disk[quiet], i, func(l string) string { return l + tp.teamLine }))
	tp.merged = append(tp.merged, quiet)
	commitAll(t, dir, "team: notes in "+quiet+", a change to "+userOwned[0])

	tp.ownConflict = owned[0]
	conflictEdit(owned[0])
	commitAll(t, dir, "team: edit "+owned[0])

	writeString(t, dir, handWritten, "// Package inventory is the team's own code, beside saasgen's.\npackage inventory\n\n// InStock reports whether n items can be shipped.\nfunc InStock(n int) bool { return n > 0 }\n")
	writeString(t, dir, "internal/inventory/inventory_test.go", "package inventory\n\nimport \"testing\"\n\nfunc TestInStock(t *testing.T) {\n\tif !InStock(1) || InStock(0) {\n\t\tt.Fatal(\"InStock is wrong\")\n\t}\n}\n")
	commitAll(t, dir, "team: the inventory package")
	slices.Sort(tp.conflicts)
	return tp
}

// The team's project upgrades: non-overlapping edits merge, overlapping
// ones conflict in those files only, with markers in the work tree and
// the three versions in git's index; their own package is not touched;
// --dry-run writes nothing.
func TestUpgradeTeamProject(t *testing.T) {
	tp := newTeamProject(t)
	before := projectFiles(t, tp.dir)
	dry := mustPlan(t, tp.dir, UpgradeOptions{Base: tp.base, DryRun: true})
	if got := projectFiles(t, tp.dir); !mapsEqual(got, before) {
		t.Fatal("--dry-run changed the project")
	}
	u := mustPlan(t, tp.dir, UpgradeOptions{Base: tp.base})
	if !slices.Equal(dry.Conflicts(), u.Conflicts()) {
		t.Errorf("--dry-run reports conflicts %v, the upgrade %v", dry.Conflicts(), u.Conflicts())
	}
	if got := u.Conflicts(); !slices.Equal(got, tp.conflicts) {
		t.Errorf("conflicts %v, want %v", got, tp.conflicts)
	}
	got := actions(u)
	for _, p := range tp.merged {
		if got[p] != Merged {
			t.Errorf("%s: %s, want merged", p, got[p])
		}
	}
	if got[ManifestName] != Take || got[SumName] != New {
		t.Errorf("saasgen.yaml %s, saasgen.sum %s; want take and new", got[ManifestName], got[SumName])
	}
	for p, a := range got {
		if strings.HasPrefix(p, "internal/inventory/") {
			t.Errorf("the team's own %s: %s", p, a)
		}
	}
	if err := u.Write(); err != nil {
		t.Fatal(err)
	}
	after := projectFiles(t, tp.dir)
	for _, p := range []string{handWritten, "internal/inventory/inventory_test.go"} {
		if after[p] != before[p] {
			t.Errorf("the upgrade changed the team's %s", p)
		}
	}
	for _, p := range tp.merged {
		if !strings.Contains(after[p], tp.teamLine) || strings.Contains(after[p], markerOurs) {
			t.Errorf("%s lost the team's line, or holds markers", p)
		}
	}
	for _, p := range tp.conflicts {
		if !strings.Contains(after[p], markerOurs+" yours\n") || !strings.Contains(after[p], markerTheirs+" saasgen "+Version+"\n") {
			t.Errorf("%s has no conflict markers:\n%s", p, after[p])
		}
	}
	// git sees a merge in progress in those files: stages 1, 2 and 3.
	var unmerged []string
	for _, l := range strings.Split(git(t, tp.dir, "ls-files", "-u"), "\n") {
		f := strings.Fields(l)
		if len(f) == 4 {
			unmerged = append(unmerged, f[3]+":"+f[2])
		}
	}
	var want []string
	for _, p := range tp.conflicts {
		want = append(want, p+":1", p+":2", p+":3")
	}
	if !slices.Equal(unmerged, want) {
		t.Errorf("git's unmerged entries %v, want %v", unmerged, want)
	}
	if theirs := git(t, tp.dir, "show", ":3:"+tp.ownConflict); !strings.Contains(theirs, Version) && theirs == git(t, tp.dir, "show", ":2:"+tp.ownConflict) {
		t.Errorf("stage 3 of %s is not saasgen's", tp.ownConflict)
	}
	// check reports the owned conflict, and nothing else.
	d := mustCheck(t, tp.dir)
	if drifted := d.Paths(Changed); !slices.Equal(drifted, []string{tp.ownConflict}) || len(d.Files) != 1 {
		t.Errorf("check after the upgrade: %v; want only %s", d.Files, tp.ownConflict)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// resolve settles every conflict as a team would by script: saasgen's
// version of owned files (git checkout --theirs), the team's side of the
// markers in user-owned ones; then git add.
func (tp *teamProject) resolve(t *testing.T) {
	t.Helper()
	for _, p := range tp.conflicts {
		if IsUserOwned(p) {
			data, err := os.ReadFile(filepath.Join(tp.dir, p))
			if err != nil {
				t.Fatal(err)
			}
			writeString(t, tp.dir, p, takeSide(string(data), true))
		} else {
			git(t, tp.dir, "checkout", "--theirs", "--", p)
		}
		git(t, tp.dir, "add", "--", p)
	}
}

// takeSide resolves conflict markers to one side: yours, or saasgen's.
func takeSide(data string, yours bool) string {
	var b strings.Builder
	side := 0 // 0 outside, 1 yours, 2 theirs
	for _, l := range strings.SplitAfter(data, "\n") {
		switch {
		case strings.HasPrefix(l, markerOurs+" "):
			side = 1
		case l == markerSep+"\n" && side == 1:
			side = 2
		case strings.HasPrefix(l, markerTheirs+" ") && side == 2:
			side = 0
		case side == 0, side == 1 && yours, side == 2 && !yours:
			b.WriteString(l)
		}
	}
	return b.String()
}

// Bases come from saasgen.sum: unchanged files from the disk, with no git
// at all; an edited one from the project's git objects; one edited before
// it was ever committed has none, and the upgrade stops and names it,
// unless --two-way. A newer version's templates are simulated: a changed
// README and Makefile, an owned file changed, one gone, one added.
func TestUpgradeFromSaasgenSum(t *testing.T) {
	spec := DefaultSpec("shop")
	spec.ModulePath = "example.com/shop"
	spec.Modules = []string{"tenants", "auth"}
	spec.Plans = []string{"free"}
	spec.TrialDays = 0
	spec.Resources = []ResourceSpec{{Name: "orders", Fields: []string{"number:string:unique", "total:money"}}}
	older := func(t *testing.T) string {
		dir := filepath.Join(t.TempDir(), "shop")
		writeSpec(t, spec, dir)
		// The project as saasgen "0.1.9" wrote it: the same files.
		m := filepath.Join(dir, ManifestName)
		data, _ := os.ReadFile(m)
		writeString(t, dir, ManifestName, strings.Replace(string(data), "saasgen: "+Version+"\n", "saasgen: 0.1.9\n", 1))
		return dir
	}
	newer := func(t *testing.T) {
		newerTemplates(t, map[string]string{
			"base/README.md.tmpl":                      editTemplate(t, "base/README.md.tmpl", "## ", "A line of the newer saasgen.\n\n## "),
			"base/Makefile.tmpl":                       editTemplate(t, "base/Makefile.tmpl", "\n.DEFAULT_GOAL", "\n# A line of the newer saasgen.\n.DEFAULT_GOAL"),
			"base/internal/platform/httpx/new.go.tmpl": "{{- /* . is generator.Project */ -}}\npackage httpx\n\n// Newer is new in the newer saasgen.\nconst Newer = true\n",
			"base/internal/app/run.go.tmpl":            editTemplate(t, "base/internal/app/run.go.tmpl", "package app\n", "package app\n\n// The newer saasgen's comment.\n"),
			"base/go.mod.tmpl":                         editTemplate(t, "base/go.mod.tmpl", "\tgoogle.golang.org/protobuf v1.36.12 // indirect\n)", "\tgoogle.golang.org/protobuf v1.36.12 // indirect\n)\n\nrequire example.com/newer v1.0.0\n"),
			"base/go.sum.tmpl":                         editTemplate(t, "base/go.sum.tmpl", "modernc.org/sqlite v1.62.0/go.mod", "example.com/newer v1.0.0 h1:newer=\nmodernc.org/sqlite v1.62.0/go.mod"),
		}, "base/.dockerignore.tmpl")
	}

	t.Run("no git, nothing edited", func(t *testing.T) {
		dir := older(t)
		newer(t)
		u := mustPlan(t, dir, UpgradeOptions{})
		want := map[string]Action{"README.md": Take, "Makefile": Take, "internal/app/run.go": Take, "go.mod": Take, "go.sum": Take,
			"internal/platform/httpx/new.go": New, ".dockerignore": Removed, ManifestName: Take, SumName: Take}
		if got := actions(u); !mapsEqualA(got, want) || u.BaseFrom != SumName {
			t.Fatalf("actions %v from %s, want %v from saasgen.sum", got, u.BaseFrom, want)
		}
		if err := u.Write(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, ".dockerignore")); !errors.Is(err, os.ErrNotExist) {
			t.Error(".dockerignore is still there")
		}
		if d := mustCheck(t, dir); !d.Clean() {
			t.Fatalf("check: %v\n%s", d.Files, d.Diff())
		}
	})

	t.Run("no git, edited", func(t *testing.T) {
		dir := older(t)
		writeString(t, dir, "Makefile", "# ours\n"+projectFiles(t, dir)["Makefile"])
		writeString(t, dir, ".dockerignore", projectFiles(t, dir)[".dockerignore"]+"tmp/\n")
		newer(t)
		_, err := PlanUpgrade(dir, UpgradeOptions{})
		var ue *UpgradeError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "no merge base for 2 files that you changed: .dockerignore, Makefile") || !strings.Contains(err.Error(), "is not in a git repository") {
			t.Fatalf("got %v", err)
		}
		u := mustPlan(t, dir, UpgradeOptions{TwoWay: true})
		if got := actions(u); got["Makefile"] != Conflict || got[".dockerignore"] != Conflict || got["README.md"] != Take {
			t.Fatalf("--two-way: %v", got)
		}
	})

	t.Run("git, edited after the commit", func(t *testing.T) {
		dir := older(t)
		gitInit(t, dir, "saasgen new")
		writeString(t, dir, "Makefile", "# ours\n"+projectFiles(t, dir)["Makefile"])
		writeString(t, dir, ".dockerignore", projectFiles(t, dir)[".dockerignore"]+"tmp/\n")
		writeString(t, dir, "internal/platform/httpx/new.go", "package httpx\n\n// Ours is the team's.\nconst Ours = 1\n")
		writeString(t, dir, "internal/app/run.go", strings.Replace(projectFiles(t, dir)["internal/app/run.go"], "package app\n", "package app\n\n// The team's comment.\n", 1))
		writeString(t, dir, "go.mod", projectFiles(t, dir)["go.mod"]+"\nrequire example.com/teams v0.3.0\n")
		writeString(t, dir, "go.sum", "example.com/teams v0.3.0 h1:teams=\n"+projectFiles(t, dir)["go.sum"])
		commitAll(t, dir, "team")
		newer(t)
		u := mustPlan(t, dir, UpgradeOptions{})
		want := map[string]Action{"README.md": Take, "Makefile": Merged, "internal/app/run.go": Conflict, "go.mod": Merged, "go.sum": Merged,
			"internal/platform/httpx/new.go": Conflict, ".dockerignore": Conflict, ManifestName: Take, SumName: Take}
		if got := actions(u); !mapsEqualA(got, want) {
			t.Fatalf("actions %v, want %v", got, want)
		}
		if !u.TidyGoMod {
			t.Error("go.mod was merged, and the upgrade does not say to run go mod tidy")
		}
		if err := u.Write(); err != nil {
			t.Fatal(err)
		}
		files := projectFiles(t, dir)
		for _, want := range []string{"\texample.com/newer v1.0.0\n", "\texample.com/teams v0.3.0\n"} {
			if !strings.Contains(files["go.mod"], want) {
				t.Errorf("the merged go.mod has no %q:\n%s", want, files["go.mod"])
			}
		}
		if !strings.Contains(files["go.sum"], "example.com/newer v1.0.0 h1:newer=\n") || !strings.HasPrefix(files["go.sum"], "example.com/newer") {
			t.Errorf("the merged go.sum is not the sorted union")
		}
		status := git(t, dir, "status", "--porcelain")
		for _, want := range []string{"UU internal/app/run.go", "AA internal/platform/httpx/new.go", "UD .dockerignore"} {
			if !strings.Contains(status, want) {
				t.Errorf("git status has no %q:\n%s", want, status)
			}
		}
	})
}

// A go.mod that does not parse stops the upgrade before anything is
// written.
func TestUpgradeBrokenGoMod(t *testing.T) {
	dir := copyFixture(t, "0.1.0/resources")
	base := gitInit(t, dir, "saasgen 0.1.0")
	writeString(t, dir, "go.mod", "module example.com/crm\nrequire (\n")
	commitAll(t, dir, "broken")
	newerTemplates(t, map[string]string{"base/go.mod.tmpl": editTemplate(t, "base/go.mod.tmpl", "\n)\n", "\n)\n\nrequire example.com/newer v1.0.0\n")})
	_, err := PlanUpgrade(dir, UpgradeOptions{Base: base})
	var ue *UpgradeError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "your go.mod does not parse") {
		t.Fatalf("got %v", err)
	}
}

func mapsEqualA(a, b map[string]Action) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// What stops an upgrade before it starts: exit 2, nothing written.
func TestUpgradeRefusals(t *testing.T) {
	refused := func(t *testing.T, dir string, opt UpgradeOptions, want string) {
		t.Helper()
		before := projectFiles(t, dir)
		_, err := PlanUpgrade(dir, opt)
		var ue *UpgradeError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want an UpgradeError saying %q", err, want)
		}
		if !mapsEqual(projectFiles(t, dir), before) {
			t.Error("a refused upgrade changed the project")
		}
	}
	dir := copyFixture(t, "0.1.0/stripe")
	refused(t, dir, UpgradeOptions{}, "which kept no record of the files it wrote (saasgen.sum came with saasgen 0.2.0)")
	refused(t, dir, UpgradeOptions{Base: "HEAD"}, "is not in a git repository")
	gitInit(t, dir, "saasgen new")
	refused(t, dir, UpgradeOptions{}, "the newest commit that changed saasgen.yaml is ")
	refused(t, dir, UpgradeOptions{Base: "nosuchref"}, "--base nosuchref names no commit")
	writeString(t, dir, "README.md", "# demo\n")
	refused(t, dir, UpgradeOptions{Base: "HEAD"}, "has uncommitted changes (README.md)")
	git(t, dir, "checkout", "--", "README.md")
	// A base whose saasgen.yaml is not the project's.
	git(t, dir, "apply", filepath.Join(mustAbs(t, fixtureRoot), "0.1.0", "stripe-add-products.patch"))
	commitAll(t, dir, "add products")
	refused(t, dir, UpgradeOptions{Base: "HEAD~1"}, "--base HEAD~1 holds a saasgen.yaml that records other answers or resources than the project's")
	// A newer saasgen wrote it.
	data := projectFiles(t, dir)[ManifestName]
	writeString(t, dir, ManifestName, strings.Replace(data, "saasgen: 0.1.0", "saasgen: 9.0.0", 1))
	refused(t, dir, UpgradeOptions{DryRun: true}, "was written by saasgen 9.0.0, newer than this saasgen")
}

func mustAbs(t testing.TB, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// A new version's new migrations are placed after the project's last one
// and recorded; the released ones stay as they are, and check is clean.
// This version brings real ones (newMigrations lists them from the
// templates), which a 0.1.0 project gets after its resources' 01003, in
// template order. A simulated newer version adds tenants'
// 00013_tenant_notes on top: all are placed, in template order, so it
// comes first. (TestEndToEndUpgradeMigration runs this
// against a database with rows.)
func TestUpgradePlacesNewMigration(t *testing.T) {
	upgrade := func(t *testing.T) {
		t.Helper()
		dir := copyFixture(t, "0.1.0/resources")
		wantPlaced, wantRecord := newMigrations(t, dir, 1004)
		base := gitInit(t, dir, "saasgen 0.1.0")
		u := mustPlan(t, dir, UpgradeOptions{Base: base})
		var got []string
		for _, m := range u.Migrations {
			got = append(got, m.Path())
		}
		if !slices.Equal(got, wantPlaced) {
			t.Fatalf("placed %v, want %v, after the resources' 01003", got, wantPlaced)
		}
		a := actions(u)
		for _, m := range u.Migrations {
			if a[m.Path()] != New || a["db/migrations/"+m.File(m.Version)] != "" {
				t.Fatalf("%s: actions %v", m.Name, a)
			}
		}
		if err := u.Write(); err != nil {
			t.Fatal(err)
		}
		if m := projectFiles(t, dir)[ManifestName]; !strings.Contains(m, "\nmigrations:\n"+wantRecord) {
			t.Fatalf("saasgen.yaml does not record the placements:\n%s", m)
		}
		if d := mustCheck(t, dir); !d.Clean() {
			t.Fatalf("check: %v\n%s", d.Files, d.Diff())
		}
	}
	t.Run("this version", func(t *testing.T) {
		upgrade(t)
	})
	t.Run("a newer version", func(t *testing.T) {
		newerTemplates(t, map[string]string{"tenants/db/migrations/00013_tenant_notes.sql.tmpl": tenantNotesMigration})
		if placed, _ := newMigrations(t, copyFixture(t, "0.1.0/resources"), 1004); placed[0] != "db/migrations/01004_tenant_notes.sql" {
			t.Fatalf("tenant_notes (template 00013) is not the first to place: %v", placed)
		}
		upgrade(t)
	})
}

// tenantNotesMigration is a newer version's migration, for the tests.
const tenantNotesMigration = `{{- /* . is generator.Project */ -}}
-- +goose Up
ALTER TABLE tenants ADD COLUMN notes text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE tenants DROP COLUMN notes;
`

// A project in a subdirectory of a larger repository: --base, git's
// objects and the index stages all use the project's path in it.
func TestUpgradeInSubdirectory(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "services", "crm")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(fixtureRoot, "0.1.0", "resources"))); err != nil {
		t.Fatal(err)
	}
	writeString(t, root, "README.md", "# monorepo\n")
	base := gitInit(t, root, "saasgen 0.1.0 in services/crm")
	openapi := projectFiles(t, dir)["internal/app/openapi.json"]
	writeString(t, dir, "internal/app/openapi.json", strings.Replace(openapi, `"version": "0.1.0"`, `"version": "7.0.0"`, 1))
	commitAll(t, root, "team")
	u := mustPlan(t, dir, UpgradeOptions{Base: base})
	if got := u.Conflicts(); !slices.Equal(got, []string{"internal/app/openapi.json"}) {
		t.Fatalf("conflicts %v", got)
	}
	if err := u.Write(); err != nil {
		t.Fatal(err)
	}
	if got := git(t, root, "diff", "--name-only", "--diff-filter=U"); got != "services/crm/internal/app/openapi.json" {
		t.Fatalf("unmerged in the repository: %q", got)
	}
	git(t, dir, "checkout", "--theirs", "--", "internal/app/openapi.json")
	git(t, dir, "add", "-A", ".")
	commitAll(t, root, "upgrade")
	if d := mustCheck(t, dir); !d.Clean() {
		t.Fatalf("check: %v", d.Files)
	}
	if data := projectFiles(t, root)["README.md"]; data != "# monorepo\n" {
		t.Errorf("the repository's own README changed: %q", data)
	}
}
