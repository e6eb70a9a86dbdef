package generator

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestMerge3(t *testing.T) {
	const conflictAB = "<<<<<<< yours\nA\n=======\nB\n>>>>>>> new\n"
	for _, c := range []struct {
		name, base, ours, theirs, want string
		conflicts                      int
	}{
		{"nobody changed", "a\nb\n", "a\nb\n", "a\nb\n", "a\nb\n", 0},
		{"only theirs", "a\nb\nc\n", "a\nb\nc\n", "a\nB\nc\n", "a\nB\nc\n", 0},
		{"only ours", "a\nb\nc\n", "a\nb\nX\nc\n", "a\nb\nc\n", "a\nb\nX\nc\n", 0},
		{"apart", "1\n2\n3\n4\n5\n", "1\nONE\n2\n3\n4\n5\n", "1\n2\n3\n4\nFOUR\n5\n", "1\nONE\n2\n3\n4\nFOUR\n5\n", 0},
		{"the same change", "a\nb\nc\n", "a\nX\nc\n", "a\nX\nc\n", "a\nX\nc\n", 0},
		{"a deletion and an edit apart", "1\n2\n3\n4\n5\n", "1\n3\n4\n5\n", "1\n2\n3\n4\n5!\n", "1\n3\n4\n5!\n", 0},
		{"the same line", "a\nb\nc\n", "a\nA\nc\n", "a\nB\nc\n", "a\n" + conflictAB + "c\n", 1},
		{"adjacent lines conflict", "a\nb\nc\nd\n", "a\nA\nc\nd\n", "a\nb\nC\nd\n", "a\n<<<<<<< yours\nA\nc\n=======\nb\nC\n>>>>>>> new\nd\n", 1},
		{"both append", "a\n", "a\nA\n", "a\nB\n", "a\n" + conflictAB, 1},
		{"edit against delete", "a\nb\nc\n", "a\nA\nc\n", "a\nc\n", "a\n<<<<<<< yours\nA\n=======\n>>>>>>> new\nc\n", 1},
		{"narrowed to what differs", "x\n", "s\nA\nt\n", "s\nB\nt\n", "s\n" + conflictAB + "t\n", 1},
		{"two conflicts in one chunk", "x\n", "p\nA\nq\nA\nr\n", "p\nB\nq\nB\nr\n", "p\n" + conflictAB + "q\n" + conflictAB + "r\n", 2},
		{"a last line without newline", "a\nb", "a\nA", "a\nB", "a\n" + conflictAB, 1},
		{"a newline added at the end", "a\nb", "a\nb\n", "X\na\nb", "X\na\nb\n", 0},
		{"two-way: every difference", "", "same\nA\nsame too\n", "same\nB\nsame too\n", "same\n" + conflictAB + "same too\n", 1},
		{"two-way: equal files", "", "a\n", "a\n", "a\n", 0},
		{"empty ours", "a\n", "", "a\nb\n", "<<<<<<< yours\n=======\na\nb\n>>>>>>> new\n", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			var base []byte
			if c.base != "" {
				base = []byte(c.base)
			}
			got := merge3(base, []byte(c.ours), []byte(c.theirs), "yours", "new")
			if string(got.Data) != c.want || got.Conflicts != c.conflicts {
				t.Errorf("got %d conflicts:\n%s\nwant %d:\n%s", got.Conflicts, got.Data, c.conflicts, c.want)
			}
		})
	}
}

// Edits of distinct lines, with an untouched line between any two, always
// merge cleanly into the file that has both; random files and edits.
func TestMerge3Apart(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 300 {
		size := 3 + r.IntN(60)
		base := make([]string, size)
		for i := range base {
			base[i] = fmt.Sprintf("line %d\n", i)
		}
		// Each line is kept, edited by ours, or edited by theirs (an edit
		// replaces, deletes, or inserts before the line); an edited line
		// is never next to the other side's.
		ours, theirs, want := []string{}, []string{}, []string{}
		last := 0 // who edited the line before: 0 nobody, 1 ours, 2 theirs
		for i, l := range base {
			who := r.IntN(3)
			if who != 0 && last != 0 && who != last {
				who = 0
			}
			edit := []string{fmt.Sprintf("edit %d.%d\n", n, i)}
			switch r.IntN(3) {
			case 0: // delete
				edit = nil
			case 1: // insert before
				edit = append(edit, l)
			}
			kept := []string{l}
			switch who {
			case 0:
				ours, theirs, want = append(ours, kept...), append(theirs, kept...), append(want, kept...)
			case 1:
				ours, theirs, want = append(ours, edit...), append(theirs, kept...), append(want, edit...)
			case 2:
				ours, theirs, want = append(ours, kept...), append(theirs, edit...), append(want, edit...)
			}
			last = who
		}
		got := merge3([]byte(strings.Join(base, "")), []byte(strings.Join(ours, "")), []byte(strings.Join(theirs, "")), "yours", "new")
		if got.Conflicts != 0 || string(got.Data) != strings.Join(want, "") {
			t.Fatalf("case %d: %d conflicts:\nbase:\n%s\nours:\n%s\ntheirs:\n%s\ngot:\n%s\nwant:\n%s", n, got.Conflicts,
				strings.Join(base, ""), strings.Join(ours, ""), strings.Join(theirs, ""), got.Data, strings.Join(want, ""))
		}
	}
}
