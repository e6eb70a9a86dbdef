package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The three-way rule, file by file: PlanUpgrade's planner decides what
// happens to each file once the new version is rendered and the bases are
// found.

// diskFile is a file of the project as it is on disk.
type diskFile struct {
	data   []byte
	exists bool
}

// planner holds what PlanUpgrade works with.
type planner struct {
	u    *Upgrade
	opt  UpgradeOptions
	disk map[string]diskFile
	// base holds what the older version wrote, by path; a file it wrote
	// whose content cannot be found has known false.
	base map[string]baseFile
	// sum is saasgen.sum's record, or nil (bases come from a commit, or
	// there are none).
	sum map[string]string
	// atCommit holds the files of --base's commit until settleBases picks
	// the ones the older version wrote.
	atCommit map[string][]byte
	// err is a problem found while deciding (a go.mod that does not parse).
	err error
}

// baseFile is what the older version wrote at a path.
type baseFile struct {
	data  []byte
	known bool
}

// read returns the project's file p, from disk the first time.
func (p *planner) read(rel string) (diskFile, error) {
	if f, ok := p.disk[rel]; ok {
		return f, nil
	}
	data, err := os.ReadFile(filepath.Join(p.u.Dir, filepath.FromSlash(rel)))
	f := diskFile{data: data, exists: err == nil}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return f, err
	}
	p.disk[rel] = f
	return f, nil
}

// classify decides every file: the new version's files, and the older
// one's that it no longer writes.
func (p *planner) classify(theirs *Plan) error {
	placed := map[string]PlacedMigration{}
	for _, m := range p.u.Migrations {
		placed[m.Path()] = m
	}
	var noBase []string
	seen := map[string]bool{}
	for _, t := range theirs.Files {
		seen[t.Path] = true
		ours, err := p.read(t.Path)
		if err != nil {
			return err
		}
		b, inBase := p.base[t.Path]
		f, missing := p.decide(t.Path, b, inBase, ours, &t)
		if m, ok := placed[t.Path]; ok && f.Action == New {
			f.Note = fmt.Sprintf("migration %s of saasgen %s, numbered after your last migration", m.Name, Version)
		}
		if missing {
			noBase = append(noBase, t.Path)
		}
		p.add(f)
	}
	for _, q := range slices.Sorted(maps.Keys(p.base)) {
		if seen[q] {
			continue
		}
		ours, err := p.read(q)
		if err != nil {
			return err
		}
		if !ours.exists {
			continue
		}
		f, missing := p.decide(q, p.base[q], true, ours, nil)
		if missing {
			noBase = append(noBase, q)
		}
		p.add(f)
	}
	if p.err != nil {
		return p.err
	}
	if len(noBase) > 0 {
		slices.Sort(noBase)
		return refuse("no merge base for %d %s that you changed: %s\n%s", len(noBase), plural(len(noBase), "file", "files"), listSome(noBase), p.noBaseFix())
	}
	slices.SortFunc(p.u.Files, func(a, b UpgradeFile) int { return strings.Compare(a.Path, b.Path) })
	return nil
}

func (p *planner) add(f UpgradeFile) {
	if f.Action == "" {
		p.u.Unchanged++
		return
	}
	p.u.Files = append(p.u.Files, f)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// decide is the three-way rule for one file. t is the new version's file
// (nil: it writes none); b is what the older one wrote when inBase (not
// known: it wrote the file, but its content cannot be found). An empty
// Action means nothing to do; noBase, that the file needs a base that is
// missing.
func (p *planner) decide(q string, b baseFile, inBase bool, ours diskFile, t *File) (f UpgradeFile, noBase bool) {
	f.Path = q
	switch {
	case q == ManifestName || q == SumName:
		// saasgen's own records: always this version's.
		switch {
		case !ours.exists:
			f.Action, f.data = New, t.Data
		case !bytes.Equal(ours.data, t.Data):
			f.Action, f.data = Take, t.Data
		}
		return f, false
	case isMigration(q):
		return p.decideMigration(f, inBase, ours, t), false
	case (q == "go.mod" || q == "go.sum") && t != nil && ours.exists:
		return p.moduleFile(f, b, ours.data, t.Data), false
	}
	switch {
	case t != nil && ours.exists && bytes.Equal(ours.data, t.Data):
		return f, false
	case t == nil && !ours.exists:
		return f, false
	case !inBase && t != nil && !ours.exists:
		f.Action, f.data = New, t.Data
		return f, false
	case !inBase && t != nil:
		note := fmt.Sprintf("you have a file where saasgen %s now writes one", Version)
		if p.sum == nil && p.atCommit == nil {
			note = "no merge base (--two-way): every difference is a conflict"
		}
		return p.conflict(f, nil, ours.data, t.Data, note), false
	case inBase && !b.known && !p.opt.TwoWay:
		return f, true
	}
	// The older version wrote the file: a three-way decision.
	var base []byte
	if b.known {
		base = b.data
	}
	switch {
	case t == nil && b.known && bytes.Equal(ours.data, base):
		f.Action, f.remove = Removed, true
	case t == nil:
		f.Action, f.stages = Conflict, &stages{base: base, ours: ours.data}
		f.Note = fmt.Sprintf("saasgen %s no longer writes it, and you changed it: delete it, or keep it as yours", Version)
	case !ours.exists && b.known && bytes.Equal(t.Data, base):
		f.Action, f.Note = Keep, "you deleted it, and the new version did not change it"
	case !ours.exists:
		f.Action, f.data, f.stages = Conflict, t.Data, &stages{base: base, theirs: t.Data}
		f.Note = fmt.Sprintf("you deleted it, and saasgen %s changed it: it is back as saasgen writes it; delete it again, or keep it", Version)
	case b.known && bytes.Equal(ours.data, base):
		f.Action, f.data = Take, t.Data
	case b.known && bytes.Equal(t.Data, base):
		f.Action = Keep
		if !IsUserOwned(q) {
			f.Note = ownedEdit
		}
	default:
		return p.conflict(f, base, ours.data, t.Data, ""), false
	}
	return f, false
}

// conflict merges base, ours and theirs: Merged when it merges cleanly,
// else Conflict with the markers in the file and the stages for git.
func (p *planner) conflict(f UpgradeFile, base, ours, theirs []byte, note string) UpgradeFile {
	m := merge3(base, ours, theirs, "yours", "saasgen "+Version)
	f.data = m.Data
	if m.Conflicts == 0 {
		f.Action = Merged
		if !IsUserOwned(f.Path) {
			f.Note = ownedEdit
		}
		return f
	}
	f.Action, f.Note = Conflict, note
	f.stages = &stages{base: base, ours: ours, theirs: theirs}
	if f.Note == "" {
		f.Note = fmt.Sprintf("%d conflicting %s", m.Conflicts, plural(m.Conflicts, "change", "changes"))
	}
	return f
}

// ownedEdit is the note on a saasgen-owned file that keeps a hand edit.
const ownedEdit = "your edit stays, in a file that is saasgen's: saasgen check reports it"

// moduleFile decides go.mod or go.sum: by the three-way rule when the base
// is known, else merged as module files (which needs no base). It never
// conflicts.
func (p *planner) moduleFile(f UpgradeFile, b baseFile, ours, theirs []byte) UpgradeFile {
	switch {
	case bytes.Equal(ours, theirs):
		return f
	case b.known && bytes.Equal(ours, b.data):
		f.Action, f.data = Take, theirs
		return f
	case b.known && bytes.Equal(theirs, b.data):
		f.Action = Keep
		return f
	}
	var data []byte
	if f.Path == "go.sum" {
		data = MergeGoSum(ours, theirs)
	} else {
		var err error
		if data, err = MergeGoMod(ours, theirs); err != nil {
			msg := fmt.Sprintf("go.mod of saasgen %s: %v (internal error)", Version, err)
			if se := (*goModSyntaxError)(nil); errors.As(err, &se) {
				msg = fmt.Sprintf("your go.mod does not parse (%v); fix it, then run saasgen upgrade again", se.err)
			}
			p.err = errors.Join(p.err, &UpgradeError{msg + "; nothing was written"})
			return f
		}
		p.u.TidyGoMod = true
	}
	if bytes.Equal(data, ours) {
		f.Action = Keep
		return f
	}
	f.Action, f.data = Merged, data
	return f
}

// decideMigration: migrations are history. One on disk is never
// rewritten or deleted, whatever either version says; a new one is
// written.
func (p *planner) decideMigration(f UpgradeFile, inBase bool, ours diskFile, t *File) UpgradeFile {
	switch {
	case t != nil && !ours.exists && !inBase:
		f.Action, f.data = New, t.Data
	case t != nil && !ours.exists:
		f.Action, f.Note = Keep, "you deleted this migration; saasgen check reports it missing"
	case t == nil && ours.exists:
		f.Action, f.Note = Keep, fmt.Sprintf("saasgen %s no longer writes this migration; a migration is history, so it stays", Version)
	case t != nil && !bytes.Equal(ours.data, t.Data):
		f.Action, f.Note = Keep, fmt.Sprintf("differs from what saasgen %s writes; a migration is history, so upgrade never rewrites one (saasgen check reports it as migration drift)", Version)
	}
	return f
}
