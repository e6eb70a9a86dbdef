package generator

import (
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// TestMergeGoModFragments: a fragment's requirements join the blocks go
// mod tidy would put them in; the higher version wins, direct wins over indirect,
// and what the fragments do not name stays (a user's own requirements).
func TestMergeGoModFragments(t *testing.T) {
	base := `module example.com/app

go 1.26.0

require (
	example.com/b v1.2.0
	example.com/mine v0.3.0
)

require (
	example.com/x v1.0.0 // indirect
	example.com/y v1.5.0 // indirect
)
`
	frag1 := "require example.com/a v1.0.0\n\nrequire example.com/z v0.1.0 // indirect\n"
	frag2 := `require (
	example.com/b v1.1.0
	example.com/x v1.0.0
)

require example.com/y v1.6.0 // indirect
`
	got, err := MergeGoMod([]byte(base), []byte(frag1), []byte(frag2))
	if err != nil {
		t.Fatal(err)
	}
	want := `module example.com/app

go 1.26.0

require (
	example.com/a v1.0.0
	example.com/b v1.2.0
	example.com/mine v0.3.0
	example.com/x v1.0.0
)

require (
	example.com/y v1.6.0 // indirect
	example.com/z v0.1.0 // indirect
)
`
	if string(got) != want {
		t.Errorf("merged go.mod:\n%s\nwant:\n%s", got, want)
	}
	// Merging again changes nothing: add module and upgrade may merge
	// into a go.mod that has the fragment already.
	again, err := MergeGoMod(got, []byte(frag1), []byte(frag2))
	if err != nil || string(again) != want {
		t.Errorf("a second merge gave:\n%s\n%v", again, err)
	}
}

// TestMergeGoSumFragment: the union, without repeats, in the go command's
// order (path, then version by semver, the /go.mod line after the
// module's). A line of the user's that is not "path version hash" stays,
// at the end.
func TestMergeGoSumFragment(t *testing.T) {
	base := "example.com/a v1.10.0 h1:A10=\nexample.com/a v1.10.0/go.mod h1:A10m=\nexample.com/c v1.0.0/go.mod h1:C=\n"
	frag := "example.com/a v1.9.0/go.mod h1:A9m=\nexample.com/a v1.9.0 h1:A9=\nexample.com/b v0.1.0 h1:B=\nexample.com/c v1.0.0/go.mod h1:C=\n"
	got := MergeGoSum([]byte(base), []byte(frag))
	want := `example.com/a v1.9.0 h1:A9=
example.com/a v1.9.0/go.mod h1:A9m=
example.com/a v1.10.0 h1:A10=
example.com/a v1.10.0/go.mod h1:A10m=
example.com/b v0.1.0 h1:B=
example.com/c v1.0.0/go.mod h1:C=
`
	if string(got) != want {
		t.Errorf("merged go.sum:\n%s\nwant:\n%s", got, want)
	}
	if got := MergeGoSum([]byte("<<< a line of the user's\n"+base), []byte(frag)); string(got) != want+"<<< a line of the user's\n" {
		t.Errorf("merged go.sum with a line of the user's:\n%s", got)
	}
}

// go.mod merges as a module file: the user's requirements and comments
// stay, the higher version of each wins, new ones arrive, and the go line
// is the higher. A new requirement goes where the go command would put
// it: not into a block with comments of the user's.
func TestMergeGoMod(t *testing.T) {
	ours := `module example.com/shop

go 1.25.0

require (
	github.com/jackc/pgx/v5 v5.9.2
	github.com/redis/go-redis/v9 v9.20.0 // pinned for our cache
	github.com/acme/extra v1.2.0
)

require golang.org/x/text v0.30.0 // indirect

replace github.com/acme/extra => ../extra
`
	theirs := `module example.com/shop

go 1.26.0

require (
	github.com/jackc/pgx/v5 v5.10.0
	github.com/redis/go-redis/v9 v9.7.0
	github.com/stripe/stripe-go/v82 v82.1.0
)

require (
	golang.org/x/text v0.43.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
)
`
	got, err := MergeGoMod([]byte(ours), []byte(theirs))
	if err != nil {
		t.Fatal(err)
	}
	want := `module example.com/shop

go 1.26.0

require (
	github.com/acme/extra v1.2.0
	github.com/jackc/pgx/v5 v5.10.0
	github.com/redis/go-redis/v9 v9.20.0 // pinned for our cache
)

require github.com/stripe/stripe-go/v82 v82.1.0

require (
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)

replace github.com/acme/extra => ../extra
`
	if string(got) != want {
		t.Errorf("merged go.mod:\n%s\nwant:\n%s", got, want)
	}
	// A go.mod of ours that does not parse is an error the caller can
	// tell (and word for whoever owns the file).
	var se *goModSyntaxError
	if _, err := MergeGoMod([]byte("module x\nrequire (\n"), []byte(theirs)); !errors.As(err, &se) || !strings.Contains(err.Error(), "go.mod does not parse") {
		t.Errorf("a broken go.mod: %v", err)
	}
}

// go.sum merges as the union, in the go command's order: a real go.sum
// split at random into two overlapping halves merges back to itself.
func TestMergeGoSum(t *testing.T) {
	sum, err := os.ReadFile("../testdata/golden/stripe/go.sum")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(string(sum), "\n"), "\n")
	r := rand.New(rand.NewPCG(3, 4))
	var a, b strings.Builder
	for _, i := range r.Perm(len(lines)) {
		l := strings.TrimSuffix(lines[i], "\n") + "\n"
		switch r.IntN(3) {
		case 0:
			a.WriteString(l)
		case 1:
			b.WriteString(l)
		default:
			a.WriteString(l)
			b.WriteString(l)
		}
	}
	if got := MergeGoSum([]byte(a.String()), []byte(b.String())); string(got) != string(sum) {
		t.Errorf("merged go.sum differs from the original:\n%s", unifiedDiff("go.sum", sum, got))
	}
}

// A fragment holds only what its name says: require lines in
// go.mod.fragment, "path version hash" lines in go.sum.fragment.
// TestSlots checks every fragment of the template tree with them.
func TestGoFragmentChecks(t *testing.T) {
	for _, bad := range []string{"module example.com/other\n", "go 1.26\n", "require example.com/a v1.0.0\nreplace example.com/a => ../a\n", "require (\n"} {
		if err := checkGoModFragment([]byte(bad)); err == nil {
			t.Errorf("go.mod fragment %q was accepted", bad)
		}
	}
	if err := checkGoModFragment([]byte("require example.com/a v1.0.0\n\nrequire example.com/b v1.0.0 // indirect\n")); err != nil {
		t.Errorf("a good go.mod fragment: %v", err)
	}
	if err := checkGoSumFragment([]byte("example.com/a v1.0.0\n")); err == nil {
		t.Error("a go.sum line without a hash was accepted")
	}
	if err := checkGoSumFragment([]byte("example.com/a v1.0.0 h1:A=\nexample.com/a v1.0.0/go.mod h1:B=\n")); err != nil {
		t.Errorf("a good go.sum fragment: %v", err)
	}
}
