package generator

import (
	"bufio"
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

// go.mod and go.sum are merged as module files, not as text, in two
// places: Generate merges the selected modules' go.mod and go.sum
// fragments into base's, and saasgen upgrade merges the new version's
// go.mod and go.sum into the project's (a command that adds a module to an
// existing project merges the fragments into the project's the same way).

// MergeGoMod merges the go.mod files theirs into ours. ours is the start,
// so its module line, its own requirements, replaces, excludes, comments
// and layout stay. Every requirement of theirs is there, at the highest
// version any side names, and direct if any side needs it directly; a new
// one goes into the direct or indirect block the go command would put it
// in (never into a block the user commented), and blocks stay sorted. The
// go and toolchain lines are the highest; a replace of theirs is added
// unless ours replaces the same module. Nothing is removed: a requirement
// theirs dropped stays until `go mod tidy` drops it.
func MergeGoMod(ours []byte, theirs ...[]byte) ([]byte, error) {
	o, err := modfile.Parse("go.mod", ours, nil)
	if err != nil {
		return nil, &goModSyntaxError{err}
	}
	var reqs []*modfile.Require
	at := map[string]*modfile.Require{}
	add := func(r *modfile.Require, keepSyntax bool) {
		cur := at[r.Mod.Path]
		if cur == nil {
			c := *r
			if !keepSyntax {
				c.Syntax = nil // a new line, without theirs' comments
			}
			at[r.Mod.Path] = &c
			reqs = append(reqs, &c)
			return
		}
		if semver.Compare(r.Mod.Version, cur.Mod.Version) > 0 {
			cur.Mod.Version = r.Mod.Version
		}
		cur.Indirect = cur.Indirect && r.Indirect
	}
	for _, r := range o.Require {
		add(r, true)
	}
	for i, data := range theirs {
		t, err := modfile.Parse(fmt.Sprintf("go.mod to merge in (%d)", i+1), data, nil)
		if err != nil {
			return nil, err
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
		for _, r := range t.Require {
			add(r, false)
		}
		for _, r := range t.Replace {
			if !slices.ContainsFunc(o.Replace, func(x *modfile.Replace) bool { return x.Old == r.Old }) {
				if err := o.AddReplace(r.Old.Path, r.Old.Version, r.New.Path, r.New.Version); err != nil {
					return nil, err
				}
			}
		}
	}
	o.SetRequireSeparateIndirect(reqs)
	o.Cleanup()
	return o.Format()
}

// goModSyntaxError is MergeGoMod's error when ours does not parse: the
// caller knows whose file it is and says how to fix it.
type goModSyntaxError struct{ err error }

func (e *goModSyntaxError) Error() string { return "go.mod does not parse: " + e.err.Error() }
func (e *goModSyntaxError) Unwrap() error { return e.err }

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

// MergeGoSum is the union of go.sum files, in the order the go command
// writes one: by module path, then version. A line for a version no
// longer required does no harm, and `go mod tidy` drops it. Lines of a
// user's go.sum that are not "path version hash" are kept, at the end.
func MergeGoSum(ours []byte, theirs ...[]byte) []byte {
	hashes := map[module.Version][]string{}
	var mods []module.Version
	var other []string
	for _, data := range append([][]byte{ours}, theirs...) {
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
			m := module.Version{Path: f[0], Version: f[1]} // Version may end in /go.mod
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

// A module or provider folder's _slots/go.mod.fragment lists the
// requirements its code adds to the project (require lines only, //
// indirect where go mod tidy puts it), and its _slots/go.sum.fragment
// their checksums. (A file named go.mod would make its folder a module of
// its own, which go:embed leaves out.)
const (
	goModFragment = "go.mod.fragment"
	goSumFragment = "go.sum.fragment"
)

// goFragments reads the go.mod and go.sum fragments of the template
// folders dirs, in order; a folder may have neither. A fragment that is
// not what the names above say is an internal error.
func goFragments(dirs []string) (mods, sums [][]byte, err error) {
	for _, dir := range dirs {
		for _, frag := range []struct {
			name  string
			out   *[][]byte
			check func([]byte) error
		}{{goModFragment, &mods, checkGoModFragment}, {goSumFragment, &sums, checkGoSumFragment}} {
			p := path.Join(dir, slotsDir, frag.name)
			data, err := fs.ReadFile(templateFS, p)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			} else if err != nil {
				return nil, nil, err
			}
			if err := frag.check(data); err != nil {
				return nil, nil, fmt.Errorf("%s: %w (internal error)", p, err)
			}
			*frag.out = append(*frag.out, data)
		}
	}
	return mods, sums, nil
}

// checkGoModFragment: require lines only.
func checkGoModFragment(data []byte) error {
	f, err := modfile.Parse(goModFragment, data, nil)
	if err != nil {
		return err
	}
	if f.Module != nil || f.Go != nil || f.Toolchain != nil || len(f.Replace) > 0 || len(f.Exclude) > 0 || len(f.Retract) > 0 || len(f.Tool) > 0 || len(f.Godebug) > 0 {
		return errors.New("a go.mod fragment holds require lines only")
	}
	return nil
}

// checkGoSumFragment: every line is "path version hash".
func checkGoSumFragment(data []byte) error {
	for _, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) != "" && len(strings.Fields(l)) != 3 {
			return fmt.Errorf("go.sum line %q does not read \"path version hash\"", l)
		}
	}
	return nil
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
		return fmt.Errorf("merge the go.mod fragments into base's go.mod: %w (internal error)", err)
	}
	sum.Data = MergeGoSum(sum.Data, sums...)
	files["go.mod"], files["go.sum"] = mod, sum
	return nil
}
