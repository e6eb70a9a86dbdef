package generator

import (
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkGenerate renders the default project in memory: templates,
// formatting and the in-process sqlc run.
func BenchmarkGenerate(b *testing.B) {
	s := DefaultSpec("demo")
	s.Normalize()
	for b.Loop() {
		if _, err := Generate(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerateAndWrite adds writing the tree to disk, which is what
// `saasgen new` does.
func BenchmarkGenerateAndWrite(b *testing.B) {
	s := DefaultSpec("demo")
	s.Normalize()
	root := b.TempDir()
	i := 0
	for b.Loop() {
		pl, err := Generate(s)
		if err != nil {
			b.Fatal(err)
		}
		i++
		if err := Write(pl, filepath.Join(root, strconv.Itoa(i))); err != nil {
			b.Fatal(err)
		}
	}
}
