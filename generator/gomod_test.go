package generator

import (
	"strings"
	"testing"
)

// TestMergeGoMod: a fragment's requirements join the blocks go mod tidy
// would put them in; the higher version wins, direct wins over indirect,
// and what the fragments do not name stays (a user's own requirements).
func TestMergeGoMod(t *testing.T) {
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
	if _, err := MergeGoMod([]byte(base), []byte("module example.com/other\n")); err == nil || !strings.Contains(err.Error(), "require lines only") {
		t.Errorf("a fragment with a module line: %v", err)
	}
}

// TestMergeGoSum: the union, without repeats, in the go command's order
// (path, then version by semver, the /go.mod line after the module's).
func TestMergeGoSum(t *testing.T) {
	base := "example.com/a v1.10.0 h1:A10=\nexample.com/a v1.10.0/go.mod h1:A10m=\nexample.com/c v1.0.0/go.mod h1:C=\n"
	frag := "example.com/a v1.9.0/go.mod h1:A9m=\nexample.com/a v1.9.0 h1:A9=\nexample.com/b v0.1.0 h1:B=\nexample.com/c v1.0.0/go.mod h1:C=\n"
	got, err := MergeGoSum([]byte(base), []byte(frag))
	if err != nil {
		t.Fatal(err)
	}
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
	if _, err := MergeGoSum([]byte("example.com/a v1.0.0\n")); err == nil {
		t.Error("a go.sum line without a hash was accepted")
	}
}
