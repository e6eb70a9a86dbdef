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

// BenchmarkAddField adds a field with a default to customers in a default
// project with ten resources, seven of which refer to customers (so their
// isolation seeds change too): read saasgen.yaml, render before and after,
// sqlc twice, replace the snippets, write. Copying the project for each
// run is not timed.
func BenchmarkAddField(b *testing.B) {
	benchOnCopies(b, writeTen(b, 10), func(dir string) error {
		a, err := AddField(dir, "customers", []string{"tier:enum(free|gold):default(free)", "note:text?"})
		if err != nil {
			return err
		}
		return a.Write(dir)
	})
}

// BenchmarkAddModule adds billing (with Stripe, and jobs with it) to the
// minimal preset, and billing to a project with every other module and
// ten resources: read saasgen.yaml, place the migrations, render the
// project without the module and with it (sqlc included, twice), merge
// go.mod, write. Copying the project for each run is not timed.
func BenchmarkAddModule(b *testing.B) {
	ten := DefaultSpec("demo")
	ten.Modules = []string{"tenants", "auth", "jobs", "ratelimit"}
	ten.Resources = tenResources()
	ten.Normalize()
	for _, c := range []struct {
		name string
		spec Spec
	}{{"minimal", minimalSpec(b)}, {"ten-resources", ten}} {
		b.Run(c.name, func(b *testing.B) {
			pl, err := Generate(c.spec)
			benchOnCopies(b, writePlan(b, pl, err), func(dir string) error {
				a, err := AddModule(dir, []string{"billing"}, AddModuleOptions{Payments: "stripe"})
				if err != nil {
					return err
				}
				return a.Write()
			})
		})
	}
}
