package generator

// Slots are every slot of the generated project's shared files, grouped
// by file. A module or provider fills one with _slots/NAME.tmpl in its
// template folder (see Slot); TestSlots holds this list and the templates
// to each other.
var Slots = []Slot{
	// README.md
	{Name: "readme.layout", File: "README.md", Doc: "lines of the Layout block: a module's packages, one per line"},
	{Name: "readme.tests", File: "README.md", Doc: "bullets of The tests: what a module's tests prove"},

	// internal/app/isolation_test.go
	{Name: "isolation.tables", File: "internal/app/isolation_test.go", Doc: "a dbtest.Table case per tenant table a module's migrations create"},
}
