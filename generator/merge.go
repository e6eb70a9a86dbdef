package generator

import (
	"bytes"
	"slices"
	"strings"

	"github.com/cubicdaiya/gonp"
)

// A three-way merge of lines, as diff3 and git merge-file do it: the
// changes from base to ours and from base to theirs are taken together
// where they touch different lines, and where both sides changed the same
// lines differently the result holds both between conflict markers. Line
// diffs are shortest edit scripts (github.com/cubicdaiya/gonp, the
// O(NP) algorithm of Wu, Manber and Myers, which sqlc already brings).
// The merge follows Khanna, Kunal and Pierce, "A Formal Investigation of
// Diff3" (2007): runs of base lines that both sides kept are stable; the
// text between them is taken from the side that changed it, and is a
// conflict when both did. A conflict is then narrowed, as git does, by
// diffing its two sides: lines they share are not part of it.

// Conflict markers: git's, so editors and merge tools find them.
const (
	markerOurs   = "<<<<<<<"
	markerSep    = "======="
	markerTheirs = ">>>>>>>"
)

// merged is the result of a three-way merge.
type merged struct {
	Data []byte
	// Conflicts is how many conflict blocks Data holds.
	Conflicts int
}

// merge3 merges the changes base→ours and base→theirs. A nil base merges
// two files with no common ancestor (two-way): every difference is a
// conflict. Labels name the two sides on the markers.
func merge3(base, ours, theirs []byte, oursLabel, theirsLabel string) merged {
	in := interner{}
	o, a, b := in.lines(base), in.lines(ours), in.lines(theirs)
	ma, mb := matches(o, a), matches(o, b)
	w := mergeWriter{in: in, oursLabel: oursLabel, theirsLabel: theirsLabel}
	lo, la, lb := 0, 0, 0
	for lo < len(o) || la < len(a) || lb < len(b) {
		// A stable run: base lines both sides kept, in place.
		n := 0
		for lo+n < len(o) && ma[lo+n] == la+n && mb[lo+n] == lb+n {
			n++
		}
		if n > 0 {
			w.lines(o[lo : lo+n])
			lo, la, lb = lo+n, la+n, lb+n
			continue
		}
		// The next base line both sides kept ends an unstable chunk.
		j := lo
		for j < len(o) && (ma[j] < 0 || mb[j] < 0) {
			j++
		}
		ea, eb := len(a), len(b)
		if j < len(o) {
			ea, eb = ma[j], mb[j]
		}
		w.chunk(o[lo:j], a[la:ea], b[lb:eb])
		lo, la, lb = j, ea, eb
	}
	return merged{Data: w.buf.Bytes(), Conflicts: w.conflicts}
}

// interner numbers distinct lines, so diffs compare ints.
type interner map[string]int

// lines splits data after each newline (a last line without one is a line
// of its own, unequal to the same text with one) and numbers the lines.
func (in interner) lines(data []byte) []int {
	if len(data) == 0 {
		return nil
	}
	parts := strings.SplitAfter(string(data), "\n")
	if parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	out := make([]int, len(parts))
	for i, p := range parts {
		id, ok := in[p]
		if !ok {
			id = len(in)
			in[p] = id
		}
		out[i] = id
	}
	return out
}

// matches maps each line of x to the line of y that a shortest edit
// script from x to y keeps it as, or -1 when it is deleted.
func matches(x, y []int) []int {
	m := make([]int, len(x))
	for i := range m {
		m[i] = -1
	}
	if len(x) == 0 || len(y) == 0 {
		return m
	}
	d := gonp.New(x, y)
	d.Compose()
	i, j := 0, 0
	for _, e := range d.Ses() {
		switch e.GetType() {
		case gonp.SesCommon:
			m[i] = j
			i++
			j++
		case gonp.SesDelete:
			i++
		case gonp.SesAdd:
			j++
		}
	}
	return m
}

// mergeWriter writes a merge's output.
type mergeWriter struct {
	in                     interner
	text                   []string // line number → text, built on first use
	buf                    bytes.Buffer
	conflicts              int
	oursLabel, theirsLabel string
}

func (w *mergeWriter) line(id int) string {
	if w.text == nil {
		w.text = make([]string, len(w.in))
		for s, i := range w.in {
			w.text[i] = s
		}
	}
	return w.text[id]
}

func (w *mergeWriter) lines(ids []int) {
	for _, id := range ids {
		w.buf.WriteString(w.line(id))
	}
}

// chunk writes the text between two stable runs: the side that changed
// it, or a conflict when both changed it differently.
func (w *mergeWriter) chunk(o, a, b []int) {
	switch {
	case slices.Equal(a, o):
		w.lines(b)
	case slices.Equal(b, o), slices.Equal(a, b):
		w.lines(a)
	default:
		w.conflict(a, b)
	}
}

// conflict writes a against b, narrowed to where they differ: the lines
// the two sides share, in order, are written once, outside any markers.
func (w *mergeWriter) conflict(a, b []int) {
	m := matches(a, b)
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if i < len(a) && m[i] == j {
			w.lines(a[i : i+1])
			i, j = i+1, j+1
			continue
		}
		ei := i
		for ei < len(a) && m[ei] < 0 {
			ei++
		}
		ej := len(b)
		if ei < len(a) {
			ej = m[ei]
		}
		w.block(a[i:ei], b[j:ej])
		i, j = ei, ej
	}
}

// block writes one conflict between git's markers.
func (w *mergeWriter) block(a, b []int) {
	w.conflicts++
	w.buf.WriteString(markerOurs + " " + w.oursLabel + "\n")
	w.side(a)
	w.buf.WriteString(markerSep + "\n")
	w.side(b)
	w.buf.WriteString(markerTheirs + " " + w.theirsLabel + "\n")
}

// side writes one side of a conflict; a last line without a newline gets
// one, so the marker after it stays on a line of its own.
func (w *mergeWriter) side(ids []int) {
	w.lines(ids)
	if n := w.buf.Len(); n > 0 && w.buf.Bytes()[n-1] != '\n' {
		w.buf.WriteByte('\n')
	}
}
