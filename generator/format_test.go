package generator

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/tools/imports"
)

// TestFormatGoIsGoimports: formatGo (gofmt's one parse and print) gives
// exactly what goimports gives for every Go file every preset renders,
// resources included. A template whose imports goimports would regroup
// (a third-party import among the standard library's, two import
// declarations) fails here rather than changing a project's output.
func TestFormatGoIsGoimports(t *testing.T) {
	for _, p := range presets {
		t.Run(p.name, func(t *testing.T) {
			s := p.spec()
			s.Normalize()
			files, err := render(s)
			if err != nil {
				t.Fatal(err)
			}
			for path, f := range files {
				if !strings.HasSuffix(path, ".go") {
					continue
				}
				got, err := formatGo(path, f.Data)
				if err != nil {
					t.Fatal(err)
				}
				want, err := imports.Process(path, f.Data, &imports.Options{Comments: true, TabIndent: true, TabWidth: 8, FormatOnly: true})
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s: gofmt and goimports format it differently; group its imports as goimports does", path)
				}
			}
		})
	}
}
