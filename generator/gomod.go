package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// A module or provider folder's _slots/go.mod.fragment lists the
// requirements its code adds to the project (require lines only, //
// indirect where go mod tidy puts it), and its _slots/go.sum.fragment
// their checksums. (A file named go.mod would make its folder a module of
// its own, which go:embed leaves out.) Generate merges
// them into base's go.mod and go.sum with MergeGoMod and MergeGoSum; a
// command that adds a module to an existing project merges the same
// fragments into the project's files the same way.

// MergeGoMod adds every requirement of the fragments to the go.mod in
// data. A module required on both sides keeps the higher version and is
// direct if either side needs it directly; requirements the fragments do
// not name are kept. Direct and indirect requirements stay in separate
// blocks, sorted, as go mod tidy writes them.
func MergeGoMod(data []byte, fragments ...[]byte) ([]byte, error) {
	f, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		return nil, err
	}
	reqs := map[string]*modfile.Require{}
	var order []string
	add := func(r *modfile.Require) {
		prev, ok := reqs[r.Mod.Path]
		if !ok {
			reqs[r.Mod.Path] = &modfile.Require{Mod: r.Mod, Indirect: r.Indirect}
			order = append(order, r.Mod.Path)
			return
		}
		if semver.Compare(r.Mod.Version, prev.Mod.Version) > 0 {
			prev.Mod.Version = r.Mod.Version
		}
		prev.Indirect = prev.Indirect && r.Indirect
	}
	for _, r := range f.Require {
		add(r)
	}
	for i, frag := range fragments {
		ff, err := modfile.Parse(fmt.Sprintf("go.mod fragment %d", i+1), frag, nil)
		if err != nil {
			return nil, err
		}
		if ff.Module != nil || ff.Go != nil || len(ff.Replace) > 0 || len(ff.Exclude) > 0 || len(ff.Retract) > 0 {
			return nil, errors.New("a go.mod fragment holds require lines only (internal error)")
		}
		for _, r := range ff.Require {
			add(r)
		}
	}
	slices.Sort(order)
	var all []*modfile.Require
	for _, p := range order {
		all = append(all, reqs[p])
	}
	f.SetRequireSeparateIndirect(all)
	f.Cleanup()
	return modfile.Format(f.Syntax), nil
}

// MergeGoSum is the union of the lines of data and the fragments, in the
// order the go command writes go.sum: by module path, then version.
func MergeGoSum(data []byte, fragments ...[]byte) ([]byte, error) {
	type line struct {
		mod  module.Version // Version may end in /go.mod
		hash string
	}
	seen := map[line]bool{}
	var lines []line
	for _, src := range append([][]byte{data}, fragments...) {
		for _, l := range strings.Split(string(src), "\n") {
			if strings.TrimSpace(l) == "" {
				continue
			}
			fields := strings.Fields(l)
			if len(fields) != 3 {
				return nil, fmt.Errorf("go.sum line %q does not read \"path version hash\" (internal error)", l)
			}
			ln := line{module.Version{Path: fields[0], Version: fields[1]}, fields[2]}
			if !seen[ln] {
				seen[ln] = true
				lines = append(lines, ln)
			}
		}
	}
	mods := make([]module.Version, 0, len(lines))
	hashes := map[module.Version][]string{}
	for _, l := range lines {
		if hashes[l.mod] == nil {
			mods = append(mods, l.mod)
		}
		hashes[l.mod] = append(hashes[l.mod], l.hash)
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
	return b.Bytes(), nil
}

// The file names of the go.mod and go.sum fragments in a _slots folder.
const (
	goModFragment = "go.mod.fragment"
	goSumFragment = "go.sum.fragment"
)

// goFragments reads the go.mod and go.sum fragments of the template
// folders dirs, in order; a folder may have neither.
func goFragments(dirs []string) (mods, sums [][]byte, err error) {
	for _, dir := range dirs {
		for _, frag := range []struct {
			name string
			out  *[][]byte
		}{{goModFragment, &mods}, {goSumFragment, &sums}} {
			data, err := fs.ReadFile(templateFS, path.Join(dir, slotsDir, frag.name))
			if errors.Is(err, fs.ErrNotExist) {
				continue
			} else if err != nil {
				return nil, nil, err
			}
			*frag.out = append(*frag.out, data)
		}
	}
	return mods, sums, nil
}

// composeGoModule merges the selected modules' and provider's go.mod and
// go.sum fragments into the rendered base go.mod and go.sum.
func composeGoModule(proj Project, files map[string]File) error {
	mods, sums, err := goFragments(proj.folders())
	if err != nil {
		return err
	}
	mod, okMod := files["go.mod"]
	sum, okSum := files["go.sum"]
	if !okMod || !okSum {
		return errors.New("base renders no go.mod or go.sum (internal error)")
	}
	if mod.Data, err = MergeGoMod(mod.Data, mods...); err != nil {
		return fmt.Errorf("go.mod: %w", err)
	}
	if sum.Data, err = MergeGoSum(sum.Data, sums...); err != nil {
		return fmt.Errorf("go.sum: %w", err)
	}
	files["go.mod"], files["go.sum"] = mod, sum
	return nil
}
