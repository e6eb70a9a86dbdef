package generator

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// go.mod merges as a module file: the user's requirements and comments
// stay, the higher version of each wins, new ones arrive, and the go line
// is the higher. A new requirement goes where the go command would put
// it: not into a block with comments of the user's.
func TestMergeGoModUpgrade(t *testing.T) {
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
	got, err := mergeGoMod([]byte(ours), []byte(theirs))
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
	if _, err := mergeGoMod([]byte("module x\nrequire (\n"), []byte(theirs)); err == nil || !strings.Contains(err.Error(), "your go.mod does not parse") {
		t.Errorf("a broken go.mod: %v", err)
	}
}

// go.sum merges as the union, in the go command's order: a real go.sum
// split at random into two overlapping halves merges back to itself.
func TestMergeGoSumUpgrade(t *testing.T) {
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
	if got := mergeGoSum([]byte(a.String()), []byte(b.String())); string(got) != string(sum) {
		t.Errorf("merged go.sum differs from the original:\n%s", unifiedDiff("go.sum", sum, got))
	}
}
