package generator

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// mergeGoMod merges go.mod as a module file, not as text. The project's
// file is the start, so its module line, its own requirements, replaces,
// excludes, comments and layout stay; every requirement of theirs is
// there, at the higher of the two versions (a requirement stays direct if
// either side needs it directly); the go and toolchain lines are the
// higher of the two. Nothing is removed: a requirement the new version
// dropped stays until `go mod tidy` drops it, which the report says to
// run.
func mergeGoMod(ours, theirs []byte) ([]byte, error) {
	o, err := modfile.Parse("go.mod", ours, nil)
	if err != nil {
		return nil, fmt.Errorf("your go.mod does not parse (%w); fix it, then run saasgen upgrade again", err)
	}
	t, err := modfile.Parse("go.mod", theirs, nil)
	if err != nil {
		return nil, fmt.Errorf("go.mod of saasgen %s: %w (internal error)", Version, err)
	}
	if t.Go != nil && (o.Go == nil || goVersionLess(o.Go.Version, t.Go.Version)) {
		if err := o.AddGoStmt(t.Go.Version); err != nil {
			return nil, err
		}
	}
	if t.Toolchain != nil && o.Toolchain != nil && goVersionLess(strings.TrimPrefix(o.Toolchain.Name, "go"), strings.TrimPrefix(t.Toolchain.Name, "go")) {
		if err := o.AddToolchainStmt(t.Toolchain.Name); err != nil {
			return nil, err
		}
	}
	var reqs []*modfile.Require
	at := map[string]*modfile.Require{}
	for _, r := range o.Require {
		if at[r.Mod.Path] == nil {
			c := *r
			at[r.Mod.Path] = &c
			reqs = append(reqs, &c)
		}
	}
	for _, r := range t.Require {
		cur := at[r.Mod.Path]
		if cur == nil {
			c := *r
			c.Syntax = nil
			at[r.Mod.Path] = &c
			reqs = append(reqs, &c)
			continue
		}
		if semver.Compare(r.Mod.Version, cur.Mod.Version) > 0 {
			cur.Mod.Version = r.Mod.Version
		}
		cur.Indirect = cur.Indirect && r.Indirect
	}
	o.SetRequireSeparateIndirect(reqs)
	for _, r := range t.Replace {
		if !slices.ContainsFunc(o.Replace, func(x *modfile.Replace) bool { return x.Old == r.Old }) {
			if err := o.AddReplace(r.Old.Path, r.Old.Version, r.New.Path, r.New.Version); err != nil {
				return nil, err
			}
		}
	}
	o.Cleanup()
	return o.Format()
}

// goVersionLess compares go directive versions: 1.26 < 1.26.1 < 1.27; a
// pre-release (1.27rc1) counts as its release.
func goVersionLess(a, b string) bool {
	norm := func(v string) string {
		if i := strings.IndexFunc(v, func(r rune) bool { return r != '.' && (r < '0' || r > '9') }); i >= 0 {
			v = v[:i]
		}
		return "v" + v
	}
	return semver.Compare(norm(a), norm(b)) < 0
}

// mergeGoSum is the union of two go.sum files, in the order the go
// command writes one. A line for a version no longer required does no
// harm, and `go mod tidy` drops it.
func mergeGoSum(ours, theirs []byte) []byte {
	hashes := map[module.Version][]string{}
	var mods []module.Version
	var other []string // lines that are not path version hash: kept at the end
	for _, data := range [][]byte{ours, theirs} {
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 0, 4096), 1<<20)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) != 3 {
				if line := sc.Text(); strings.TrimSpace(line) != "" && !slices.Contains(other, line) {
					other = append(other, line)
				}
				continue
			}
			m := module.Version{Path: f[0], Version: f[1]}
			if _, ok := hashes[m]; !ok {
				mods = append(mods, m)
			}
			if !slices.Contains(hashes[m], f[2]) {
				hashes[m] = append(hashes[m], f[2])
			}
		}
	}
	module.Sort(mods)
	var b bytes.Buffer
	for _, m := range mods {
		hs := hashes[m]
		slices.Sort(hs)
		for _, h := range hs {
			fmt.Fprintf(&b, "%s %s %s\n", m.Path, m.Version, h)
		}
	}
	for _, l := range other {
		b.WriteString(l + "\n")
	}
	return b.Bytes()
}
