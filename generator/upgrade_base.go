package generator

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// Where an upgrade's merge bases come from, in order:
//
//   - --base REF: every file saasgen wrote, as the commit REF holds it.
//     REF must hold the project's saasgen.yaml with the same answers (the
//     tree saasgen wrote for the current spec), else the upgrade stops.
//   - saasgen.sum (written by new, add and upgrade since 0.2.0): the blob
//     id of each file saasgen wrote. Its content is the file on disk when
//     that still has the id, the new version's when the new version did
//     not change the file, and otherwise the blob of that id in the
//     project's git objects (git cat-file). A file edited before it was
//     ever committed has no base then: the upgrade stops and names it.
//   - neither: the upgrade stops, unless --two-way says to merge every
//     file as two files without a common ancestor.
//
// Nothing is guessed: without a base, the user chooses.

// findBases works out where the bases come from, before the new version
// is rendered: what the older version wrote under db/migrations is needed
// to place the new version's migrations.
func (p *planner) findBases(spec Spec) error {
	p.base = map[string]baseFile{}
	g := p.u.git
	if p.opt.Base != "" {
		return p.fromCommit(spec)
	}
	ids, ok, err := readSum(p.u.Dir)
	if err != nil {
		return refuse("%v; nothing was written", err)
	}
	switch {
	case ok:
		p.sum = ids
		for q := range ids {
			p.base[q] = baseFile{}
		}
		p.u.BaseFrom = SumName
	case p.opt.TwoWay:
		p.u.BaseFrom = "none (--two-way: every difference is a conflict)"
	default:
		var how string
		if g != nil {
			how = "pass --base with the commit that holds the project as saasgen " + p.u.From + " last wrote it, before any hand edit: usually the commit of your last saasgen command"
			if last := g.lastManifestCommit(); last != "" {
				how += " (the newest commit that changed " + ManifestName + " is " + last + ")"
			}
		} else {
			how = p.u.Dir + " is not in a git repository, so there is no history to take it from: commit the project as saasgen " + p.u.From + " wrote it (for example a fresh saasgen " + p.u.From + " new with the same answers) and pass --base with that commit"
		}
		return refuse("%s was written by saasgen %s, which kept no record of the files it wrote (%s came with saasgen 0.2.0), so there is no merge base to tell your changes from saasgen's.\n  - %s;\n  - or pass --two-way: every difference between your files and saasgen %s's becomes a conflict for you to resolve.\nNothing was written.",
			ManifestName, p.u.From, SumName, how, Version)
	}
	return nil
}

// fromCommit reads the files of --base's commit under the project.
func (p *planner) fromCommit(spec Spec) error {
	g, ref := p.u.git, p.opt.Base
	hint := ""
	if last := g.lastManifestCommit(); last != "" {
		hint = " (the newest commit that changed " + ManifestName + " is " + last + ")"
	}
	commit, err := g.commit(ref)
	if err != nil {
		return refuse("--base %s names no commit of the repository of %s; pass the commit that holds the project as saasgen %s last wrote it%s; nothing was written", ref, p.u.Dir, p.u.From, hint)
	}
	data, ok, err := g.manifestAt(commit)
	if err != nil {
		return err
	}
	if !ok {
		return refuse("--base %s has no %s at %s, so it does not hold this project as saasgen wrote it; pass the commit of your last saasgen command%s; nothing was written", ref, ManifestName, path.Join(g.prefix, ManifestName), hint)
	}
	if why := sameAnswers(data, spec, p.u.From); why != "" {
		return refuse("--base %s holds a %s that %s, so it is not the project as saasgen wrote it for the current %s; pass the commit of your last saasgen command%s; nothing was written", ref, ManifestName, why, ManifestName, hint)
	}
	paths, err := g.files(commit)
	if err != nil {
		return err
	}
	var names []string
	for _, q := range paths {
		if !skippedPath(q) {
			names = append(names, commit+":"+g.repoPath(q))
		}
	}
	blobs, err := g.blobs(names)
	if err != nil {
		return err
	}
	p.atCommit = map[string][]byte{}
	for _, q := range paths {
		if data, ok := blobs[commit+":"+g.repoPath(q)]; ok {
			p.atCommit[q] = data
			if path.Dir(q) == "db/migrations" {
				p.base[q] = baseFile{data: data, known: true}
			}
		}
	}
	p.u.BaseFrom = fmt.Sprintf("commit %s (--base %s)", commit[:min(12, len(commit))], ref)
	return nil
}

// skippedPath reports whether a path lies where saasgen never writes
// (check's walk skips the same directories).
func skippedPath(q string) bool {
	dirs := strings.Split(q, "/")
	for _, d := range dirs[:len(dirs)-1] {
		if skipDir(d) {
			return true
		}
	}
	return false
}

// sameAnswers says how the saasgen.yaml data differs from spec and
// version, or "" when it records the same project.
func sameAnswers(data []byte, spec Spec, version string) string {
	var m Manifest
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return "does not parse (" + err.Error() + ")"
	}
	if m.Saasgen != version {
		return fmt.Sprintf("records saasgen %s, not %s", m.Saasgen, version)
	}
	s := m.Spec
	s.Normalize()
	a, errA := marshalManifest(s)
	b, errB := marshalManifest(spec)
	if errA != nil || errB != nil || !bytes.Equal(a, b) {
		return "records other answers or resources than the project's"
	}
	return ""
}

// settleBases fills in the bases once the new version is rendered: from
// the commit, the files the older version wrote; from saasgen.sum, the
// content of each recorded id.
func (p *planner) settleBases(theirs *Plan) error {
	if p.atCommit != nil {
		sqlcOut := sqlcOutDirs(theirs)
		for q, data := range p.atCommit {
			_, planned := theirs.Lookup(q)
			head, _ := scanHead(bytes.NewReader(data))
			if planned || hasSaasgenHeader(head) || (hasSQLCHeader(head) && underAny(q, sqlcOut)) {
				p.base[q] = baseFile{data: data, known: true}
			}
		}
		return nil
	}
	if p.sum == nil {
		return nil
	}
	var lookup []string
	for q, id := range p.sum {
		ours, err := p.read(q)
		if err != nil {
			return err
		}
		t, planned := theirs.Lookup(q)
		switch {
		case ours.exists && blobID(ours.data) == id:
			p.base[q] = baseFile{data: ours.data, known: true}
		case planned && blobID(t.Data) == id:
			p.base[q] = baseFile{data: t.Data, known: true}
		case planned && ours.exists && bytes.Equal(ours.data, t.Data):
			// Nothing to merge, whatever the base was.
		default:
			lookup = append(lookup, id)
		}
	}
	if len(lookup) == 0 || p.u.git == nil {
		return nil
	}
	blobs, err := p.u.git.blobs(lookup)
	if err != nil {
		return err
	}
	for q, id := range p.sum {
		if data, ok := blobs[id]; ok && !p.base[q].known {
			p.base[q] = baseFile{data: data, known: true}
		}
	}
	return nil
}

// noBaseFix says what to do about files saasgen.sum records whose
// recorded content cannot be found.
func (p *planner) noBaseFix() string {
	where := "and the project's git objects do not hold the recorded version (edited before it was first committed?)"
	if p.u.git == nil {
		where = "and " + p.u.Dir + " is not in a git repository, where the recorded version could be found"
	}
	return fmt.Sprintf("They differ from what %s records, %s. Pass --base with a commit that holds the project as saasgen %s wrote it, or --two-way to make every difference in these files a conflict for you to resolve; nothing was written.", SumName, where, p.u.From)
}
