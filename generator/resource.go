package generator

import (
	"fmt"
	"go/token"
	"regexp"
	"slices"
	"strings"

	"github.com/saasgen/saasgen/blueprints"
)

// ResourceSpec is one resource as saasgen.yaml records it: the canonical
// plural snake_case name and each field in the canonical form of --field.
type ResourceSpec struct {
	Name string `yaml:"name"`
	// Migration is the version of the resource's migration, chosen by add
	// after every migration in the project then (so hand-written ones
	// interleave); 0 means ResourceMigrationBase plus the position.
	Migration int      `yaml:"migration,omitempty"`
	Fields    []string `yaml:"fields"`
	// Changes are what `saasgen add field` did later, oldest first: each
	// its own migration, so the one above (which may have run) is never
	// edited.
	Changes []ChangeSpec `yaml:"changes,omitempty"`
}

// ChangeSpec is one later migration of a resource, as saasgen.yaml
// records it: its version and the fields it adds, in canonical form.
type ChangeSpec struct {
	Migration int      `yaml:"migration"`
	AddFields []string `yaml:"add_fields"`
}

// FieldTypes are the types a resource field may have.
var FieldTypes = []string{"string", "text", "int", "int64", "bool", "time", "date", "uuid", "money", "enum(a|b|...)", "ref(resource)"}

// Limits on text fields, checked by the service (422) and by the table.
const (
	stringMaxLen = 255
	textMaxLen   = 65535
)

// typeInfo is what each field type is in PostgreSQL and Go, and a valid
// SQL value of it for raw inserts (enum's is its first value).
var typeInfo = map[string]struct{ sql, goType, sqlSample string }{
	"string": {"text", "string", "gen_random_uuid()::text"},
	"text":   {"text", "string", "gen_random_uuid()::text"},
	"enum":   {"text", "string", ""},
	"int":    {"integer", "int32", "1"},
	"int64":  {"bigint", "int64", "1"},
	"money":  {"bigint", "int64", "1"},
	"bool":   {"boolean", "bool", "true"},
	"time":   {"timestamptz", "time.Time", "now()"},
	"date":   {"date", "time.Time", "current_date"},
	"uuid":   {"uuid", "uuid.UUID", "gen_random_uuid()"},
	"ref":    {"uuid", "uuid.UUID", ""},
}

// Field is one column of a resource, with everything templates need.
type Field struct {
	// Name is the field's snake_case name; for a ref, without "_id".
	Name string
	Type string
	Enum []string
	// Ref is the plural name of the referenced resource.
	Ref      string
	Nullable bool
	Unique   bool
	Index    bool
	// Default is the value a row gets when it gives none, in canonical
	// form (HasDefault tells "" from none).
	Default    string
	HasDefault bool
	// Forward marks a ref to the resource itself or to one added after
	// it (a field added later may refer to any table that exists by
	// then). Tests leave such a ref null, so making one row never loops.
	Forward bool
}

// Column is the table column and the JSON member: Name, or Name_id for a
// ref.
func (f Field) Column() string {
	if f.Type == "ref" {
		return f.Name + "_id"
	}
	return f.Name
}

// Pascal is the Go name of the column, as sqlc writes it.
func (f Field) Pascal() string { return Pascal(f.Column()) }

// Camel is the Go name of a local variable holding the field.
func (f Field) Camel() string { return Camel(f.Column()) }

// Filterable fields can be used to filter lists: they are indexed.
func (f Field) Filterable() bool { return f.Unique || f.Index || f.Type == "enum" || f.Type == "ref" }

// Indexed reports whether the field gets its own (tenant_id, column, id)
// index: filters use it, with keyset pagination on id.
func (f Field) Indexed() bool { return !f.Unique && f.Filterable() }

// SQLType is the PostgreSQL column type.
func (f Field) SQLType() string { return typeInfo[f.Type].sql }

// Check is the column's CHECK constraint, or "".
func (f Field) Check() string {
	switch f.Type {
	case "string":
		return fmt.Sprintf("char_length(%s) <= %d", f.Column(), stringMaxLen)
	case "text":
		return fmt.Sprintf("char_length(%s) <= %d", f.Column(), textMaxLen)
	case "enum":
		return fmt.Sprintf("%s IN (%s)", f.Column(), f.enumList("'%s'"))
	}
	return ""
}

// enumList is the enum's values, each written with format, separated by
// commas: SQL literals ('%s') or Go and JSON strings (%q).
func (f Field) enumList(format string) string {
	q := make([]string, len(f.Enum))
	for i, v := range f.Enum {
		q[i] = fmt.Sprintf(format, v)
	}
	return strings.Join(q, ", ")
}

// GoType is the field's Go type in the service, without the pointer a
// nullable field adds (dates are time.Time at midnight UTC).
func (f Field) GoType() string { return typeInfo[f.Type].goType }

// Parser is the httpx.Parse function call that reads the field from JSON
// or a query parameter.
func (f Field) Parser() string {
	switch f.Type {
	case "string":
		return fmt.Sprintf("httpx.ParseString(%d)", stringMaxLen)
	case "text":
		return fmt.Sprintf("httpx.ParseString(%d)", textMaxLen)
	case "enum":
		return "httpx.ParseEnum(" + f.enumList("%q") + ")"
	case "int":
		return "httpx.ParseInt32"
	case "int64", "money":
		return "httpx.ParseInt64"
	case "bool":
		return "httpx.ParseBool"
	case "time":
		return "httpx.ParseTime"
	case "date":
		return "httpx.ParseDate"
	case "uuid", "ref":
		return "httpx.ParseUUID"
	}
	panic("unknown field type " + f.Type)
}

// Sample is a valid JSON value of the field for tests, as Go source of a
// value json.Marshal writes correctly. n varies values that must be unique.
func (f Field) Sample() string {
	switch f.Type {
	case "string", "text":
		return fmt.Sprintf(`fmt.Sprintf("%s %%d", n)`, strings.ReplaceAll(f.Name, "_", " "))
	case "enum":
		return fmt.Sprintf("%q", f.Enum[0])
	case "int", "int64", "money":
		return "n"
	case "bool":
		return "n%2 == 0"
	case "time":
		return `time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(n) * time.Hour).Format(time.RFC3339)`
	case "date":
		return `time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n).Format(time.DateOnly)`
	case "uuid":
		return "uuid.NewString()"
	}
	panic("no sample for " + f.Type)
}

// Invalid is a JSON value of the wrong type for the field, as Go source.
func (f Field) Invalid() string {
	switch f.Type {
	case "string", "text", "enum", "time", "date", "uuid", "ref":
		return "12"
	}
	return `"not a ` + f.Type + `"`
}

// SQLSample is a SQL expression of a valid value, for raw inserts.
func (f Field) SQLSample() string {
	if f.Type == "enum" {
		return "'" + f.Enum[0] + "'"
	}
	return typeInfo[f.Type].sqlSample
}

// OpenAPI is the field's JSON schema, with its default.
func (f Field) OpenAPI() string {
	base := f.OpenAPIBase()
	switch {
	case f.Nullable:
		return `{"oneOf": [` + base + `, {"type": "null"}]}`
	case f.DefaultConst():
		return strings.TrimSuffix(base, "}") + `, "default": ` + f.DefaultJSON() + "}"
	case f.HasDefault:
		return strings.TrimSuffix(base, "}") + `, "description": "the ` + f.Type + ` of the create when left out"}`
	}
	return base
}

// OpenAPIBase is the schema of the field's values, without null.
func (f Field) OpenAPIBase() string {
	var s string
	switch f.Type {
	case "string":
		s = fmt.Sprintf(`"type": "string", "maxLength": %d`, stringMaxLen)
	case "text":
		s = fmt.Sprintf(`"type": "string", "maxLength": %d`, textMaxLen)
	case "enum":
		s = `"type": "string", "enum": [` + f.enumList("%q") + `]`
	case "int":
		s = `"type": "integer", "format": "int32"`
	case "int64":
		s = `"type": "integer", "format": "int64"`
	case "money":
		s = `"type": "integer", "format": "int64", "description": "an amount in cents"`
	case "bool":
		s = `"type": "boolean"`
	case "time":
		s = `"type": "string", "format": "date-time"`
	case "date":
		s = `"type": "string", "format": "date"`
	case "uuid":
		s = `"type": "string", "format": "uuid"`
	case "ref":
		s = fmt.Sprintf(`"type": "string", "format": "uuid", "description": "the id of one of the tenant's %s"`, f.Ref)
	}
	return "{" + s + "}"
}

// Spec is the field in the canonical form of --field.
func (f Field) Spec() string {
	t := f.Type
	switch f.Type {
	case "enum":
		t = "enum(" + strings.Join(f.Enum, "|") + ")"
	case "ref":
		t = "ref(" + f.Ref + ")"
	}
	if f.Nullable {
		t += "?"
	}
	s := f.Name + ":" + t
	if f.Unique {
		s += ":unique"
	}
	if f.Index {
		s += ":index"
	}
	if f.HasDefault {
		s += ":default(" + f.Default + ")"
	}
	return s
}

// Resource is the typed model of one resource, rendered by
// templates/resource once per resource in saasgen.yaml.
type Resource struct {
	// Plural and Singular are snake_case: line_items, line_item. Plural
	// names the table, the URL, the permissions and plans.yaml's limit.
	Plural, Singular string
	// Fields are the model's: the table's first fields, then those each
	// change added, in order.
	Fields []Field
	// Version is the version of the migration that creates the table.
	Version int
	// Changes are the later migrations that add fields, oldest first.
	Changes []FieldChange
}

// FieldChange is one later migration of a resource: `saasgen add field`.
type FieldChange struct {
	Version int
	// Fields are the fields it adds (also at the end of Resource.Fields).
	Fields []Field
}

// Migration is the change's migration file name:
// NNNNN_plural_add_field.sql, after its first field (and_more when it adds
// several).
func (c FieldChange) Migration(r Resource) string {
	name := c.Fields[0].Column()
	if len(c.Fields) > 1 {
		name += "_and_more"
	}
	return fmt.Sprintf("%05d_%s_add_%s.sql", c.Version, r.Plural, name)
}

// TableFields are the fields of the migration that creates the table.
func (r Resource) TableFields() []Field {
	n := len(r.Fields)
	for _, c := range r.Changes {
		n -= len(c.Fields)
	}
	return r.Fields[:n]
}

// Migrations are the resource's migration file names, oldest first.
func (r Resource) Migrations() []string {
	out := []string{r.Migration()}
	for _, c := range r.Changes {
		out = append(out, c.Migration(r))
	}
	return out
}

// LastVersion is the version of the resource's newest migration.
func (r Resource) LastVersion() int {
	if len(r.Changes) > 0 {
		return r.Changes[len(r.Changes)-1].Version
	}
	return r.Version
}

// ResourceMigrationBase is the lowest version of a resource's migration:
// after every module's, with room for modules to come.
const ResourceMigrationBase = 1001

// maxMigration is the highest migration version a resource may have: 14
// digits, as goose create's timestamps (20261126091530) have. A project
// whose migrations are timestamps gets the last one's version plus one.
const maxMigration = 99999999999999

// Package is the Go package (and internal/ directory): the plural without
// underscores.
func (r Resource) Package() string { return strings.ReplaceAll(r.Plural, "_", "") }

// Pascal is the singular in PascalCase (LineItem); PluralPascal, LineItems.
func (r Resource) Pascal() string       { return Pascal(r.Singular) }
func (r Resource) PluralPascal() string { return Pascal(r.Plural) }
func (r Resource) Camel() string        { return Camel(r.Singular) }
func (r Resource) PluralCamel() string  { return Camel(r.Plural) }

// Words is the singular for messages: "line item"; PluralWords, "line items".
func (r Resource) Words() string       { return strings.ReplaceAll(r.Singular, "_", " ") }
func (r Resource) PluralWords() string { return strings.ReplaceAll(r.Plural, "_", " ") }

// Migration is the migration's file name: NNNNN_plural.sql.
func (r Resource) Migration() string {
	return fmt.Sprintf("%05d_%s.sql", r.Version, r.Plural)
}

// Filters are the fields a list can be filtered on.
func (r Resource) Filters() []Field {
	var out []Field
	for _, f := range r.Fields {
		if f.Filterable() {
			out = append(out, f)
		}
	}
	return out
}

// Refs are the fields that reference another resource.
func (r Resource) Refs() []Field {
	var out []Field
	for _, f := range r.Fields {
		if f.Type == "ref" {
			out = append(out, f)
		}
	}
	return out
}

// Required are the fields a create must give: the non-nullable ones
// without a default.
func (r Resource) Required() []Field {
	var out []Field
	for _, f := range r.Fields {
		if !f.Nullable && !f.HasDefault {
			out = append(out, f)
		}
	}
	return out
}

// NotNull are the fields that cannot be null: the required ones and those
// with a default.
func (r Resource) NotNull() []Field {
	var out []Field
	for _, f := range r.Fields {
		if !f.Nullable {
			out = append(out, f)
		}
	}
	return out
}

// Defaulted are the fields with a default.
func (r Resource) Defaulted() []Field {
	var out []Field
	for _, f := range r.Fields {
		if f.HasDefault {
			out = append(out, f)
		}
	}
	return out
}

// Permissions are the resource's catalog entries.
func (r Resource) Permissions() []blueprints.Permission {
	return blueprints.ResourcePermissions(r.Plural)
}

// Events are the resource's event catalog entries.
func (r Resource) Events() []blueprints.Event {
	return blueprints.ResourceEvents(r.Plural)
}

// moduleNames are the names every module of the catalogue takes: its
// name, its tables and its other reserved names.
func moduleNames() []string {
	var out []string
	for _, m := range blueprints.Modules {
		out = append(out, m.Name)
		out = append(out, m.Tables...)
		out = append(out, m.Reserved...)
	}
	return out
}

// systemColumns are columns every resource table has.
var systemColumns = []string{"tenant_id", "id", "created_at", "updated_at"}

// generatedNames are names the generated code uses beside the fields: list
// parameters, and the Go packages a resource's code imports (a field or
// package by that name would shadow them).
var (
	reservedFieldNames = []string{"cursor", "page_size", "items", "next_cursor"}
	// The project's layout (reservedNames), the packages and routes of
	// base and of the code a resource imports, and every module's tables
	// and other names (blueprints.Module.Tables and Reserved), whether the
	// project has the module or not: it may be added later.
	reservedPackages = slices.Concat(reservedNames, []string{
		"app", "config", "context", "dbtest", "errors", "fmt", "health", "http", "httpx", "json",
		"log", "logx", "metrics", "migrations", "pgconn", "pgx", "platform", "redisx", "slices",
		"slog", "strconv", "strings", "testing", "time", "uuid", "healthz", "readyz", "openapi", "events",
	}, moduleNames())
	// Go's predeclared identifiers would be shadowed by a package of that name.
	goPredeclared = []string{
		"any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32", "float64", "int", "int8",
		"int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
		"true", "false", "iota", "nil", "append", "cap", "clear", "close", "complex", "copy", "delete", "imag",
		"len", "make", "max", "min", "new", "panic", "print", "println", "real", "recover",
	}
	// sqlReserved are PostgreSQL's reserved key words (its documentation's
	// appendix C, "reserved" column): not usable as table or column names.
	sqlReserved = strings.Fields(`all analyse analyze and any array as asc asymmetric authorization binary both
		case cast check collate collation column concurrently constraint create cross current_catalog current_date
		current_role current_schema current_time current_timestamp current_user default deferrable desc distinct do
		else end except false fetch for foreign freeze from full grant group having ilike in initially inner intersect
		into is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on
		only or order outer overlaps placing primary references returning right select session_user similar some
		symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when
		where window with`)
)

// nameProblem says why a snake_case name cannot name a resource or field
// (what is "resource" or "field"), or "".
func nameProblem(what, name, example string) string {
	switch {
	case name == "":
		return fmt.Sprintf("the %s name is empty; give one, for example %s", what, example)
	case !identRE.MatchString(name) || strings.Contains(name, "__") || strings.HasSuffix(name, "_"):
		return fmt.Sprintf("%s name %q is not a snake_case identifier: use lowercase letters, digits and single underscores, starting with a letter (for example %s)", what, name, example)
	case len(name) > 40:
		return fmt.Sprintf("%s name %q is longer than 40 characters; PostgreSQL names are derived from it, so choose a shorter one", what, name)
	}
	for _, w := range []string{name, Camel(name)} {
		if token.IsKeyword(w) {
			return fmt.Sprintf("%s name %q is a Go keyword; choose another, for example %q", what, name, name+"_value")
		}
	}
	if slices.Contains(sqlReserved, name) {
		return fmt.Sprintf("%s name %q is an SQL reserved word; choose another, for example %q", what, name, name+"_name")
	}
	return ""
}

// ParseResourceName turns what the user typed (invoice, Invoices,
// LineItem, line-items) into the canonical plural, or says why it cannot
// name a resource.
func ParseResourceName(raw string) (plural string, problem string) {
	snake := toSnake(strings.TrimSpace(raw))
	if p := nameProblem("resource", snake, "saasgen add resource invoices"); p != "" {
		return "", p
	}
	return Plural(Singular(snake)), ""
}

var (
	enumRE = regexp.MustCompile(`^enum\((.*)\)$`)
	refRE  = regexp.MustCompile(`^ref\((.*)\)$`)
)

// parseField parses one --field value (name:type[?][:modifier...]) and
// returns every problem with it.
func parseField(raw string) (Field, []string) {
	var probs []string
	parts := splitField(strings.TrimSpace(raw))
	if len(parts) < 2 || parts[1] == "" {
		return Field{}, []string{fmt.Sprintf("--field %q has no type: write name:type, for example amount:money (types: %s)", raw, strings.Join(FieldTypes, ", "))}
	}
	f := Field{Name: toSnake(parts[0])}
	if p := nameProblem("field", f.Name, "--field title:string"); p != "" {
		probs = append(probs, p)
	}
	t := parts[1]
	if strings.HasSuffix(t, "?") {
		f.Nullable = true
		t = strings.TrimSuffix(t, "?")
	}
	switch {
	case enumRE.MatchString(t):
		f.Type = "enum"
		vals := strings.Split(enumRE.FindStringSubmatch(t)[1], "|")
		for _, v := range vals {
			switch {
			case !identRE.MatchString(v):
				probs = append(probs, fmt.Sprintf("--field %q: enum value %q is not a lowercase identifier; write enum(draft|sent|paid)", raw, v))
			case slices.Contains(f.Enum, v):
				probs = append(probs, fmt.Sprintf("--field %q: enum value %q is listed twice", raw, v))
			default:
				f.Enum = append(f.Enum, v)
			}
		}
	case refRE.MatchString(t):
		f.Type = "ref"
		target := toSnake(refRE.FindStringSubmatch(t)[1])
		if target == "" {
			probs = append(probs, fmt.Sprintf("--field %q: ref() names no resource; write ref(customers)", raw))
		} else {
			f.Ref = Plural(Singular(target))
		}
		f.Name = strings.TrimSuffix(f.Name, "_id")
	case typeInfo[t].sql != "" && t != "enum" && t != "ref":
		f.Type = t
	case t == "decimal":
		probs = append(probs, fmt.Sprintf("--field %q: decimal is not a type; amounts of money are integer cents: use money", raw))
	default:
		probs = append(probs, fmt.Sprintf("--field %q: unknown type %q; use one of %s (add ? for nullable, e.g. date?)", raw, t, strings.Join(FieldTypes, ", ")))
	}
	var defaults []string
	for _, m := range parts[2:] {
		switch {
		case m == "unique":
			if f.Unique {
				probs = append(probs, fmt.Sprintf("--field %q: unique is given twice", raw))
			}
			f.Unique = true
		case m == "index":
			if f.Index {
				probs = append(probs, fmt.Sprintf("--field %q: index is given twice", raw))
			}
			f.Index = true
		case m == "?":
			f.Nullable = true
		case defaultRE.MatchString(m):
			// Checked after the loop, once the other modifiers are known.
			defaults = append(defaults, defaultRE.FindStringSubmatch(m)[1])
		default:
			probs = append(probs, fmt.Sprintf("--field %q: unknown modifier %q; use unique, index, default(VALUE), or ? after the type for nullable", raw, m))
		}
	}
	for _, v := range defaults {
		if p := f.setDefault(raw, v); p != "" {
			probs = append(probs, p)
		}
	}
	probs = append(probs, f.defaultProblems(raw)...)
	if f.Unique && f.Index {
		probs = append(probs, fmt.Sprintf("--field %q: unique already indexes the field; drop :index", raw))
	}
	if f.Type == "bool" && f.Unique {
		probs = append(probs, fmt.Sprintf("--field %q: a unique bool allows two rows per tenant; drop :unique", raw))
	}
	if f.Type == "enum" && f.Unique {
		probs = append(probs, fmt.Sprintf("--field %q: a unique enum allows one row per value and tenant, %d in all; drop :unique", raw, len(f.Enum)))
	}
	if f.Type == "text" && (f.Unique || f.Index) {
		probs = append(probs, fmt.Sprintf("--field %q: text holds up to %d characters, too long for an index (PostgreSQL refuses index entries over about 2700 bytes); use string (up to %d characters) for a field you filter on or keep unique", raw, textMaxLen, stringMaxLen))
	}
	return f, probs
}

// resolveResource builds the model of spec, the resource at position pos;
// earlier are the resources before it in saasgen.yaml (refs may only point
// to those, or to the resource itself when nullable). It returns every
// problem at once.
func resolveResource(spec ResourceSpec, pos int, earlier []Resource) (Resource, []string) {
	var probs []string
	plural, p := ParseResourceName(spec.Name)
	if p != "" {
		return Resource{}, []string{p}
	}
	if p := nameProblem("resource", plural, "saasgen add resource invoices"); p != "" {
		// The plural is longer than what was typed, or inflects to
		// something that is no longer a valid name.
		return Resource{}, []string{fmt.Sprintf("resource %q has the plural %q: %s", spec.Name, plural, p)}
	}
	r := Resource{Plural: plural, Singular: Singular(plural), Version: spec.Migration}
	if r.Version == 0 {
		r.Version = ResourceMigrationBase + pos
	}
	if r.Version < ResourceMigrationBase || r.Version > maxMigration {
		probs = append(probs, fmt.Sprintf("resource %s: migration %d is out of range; resources use %d to %d (restore saasgen.yaml from version control)", plural, r.Version, ResourceMigrationBase, maxMigration))
	}
	// The plural names the table, URL and permissions; the package is the
	// plural without underscores.
	for _, n := range slices.Compact([]string{r.Plural, r.Package()}) {
		switch {
		case slices.Contains(blueprints.Names(), n), slices.Contains(blueprints.Names(), r.Singular), slices.Contains(reservedPackages, n):
			probs = append(probs, fmt.Sprintf("resource name %q is taken by the generated project (a module, table, package or route of that name exists); choose another, for example %q", spec.Name, "app_"+r.Plural))
		case slices.Contains(goPredeclared, n):
			probs = append(probs, fmt.Sprintf("resource name %q is a predeclared Go identifier and would shadow it; choose another, for example %q", spec.Name, r.Singular+"_items"))
		case slices.Contains(sqlReserved, n):
			probs = append(probs, fmt.Sprintf("resource name %q is an SQL reserved word; choose another, for example %q", spec.Name, r.Singular+"_entries"))
		default:
			continue
		}
		break
	}
	if r.PluralPascal() == "Queries" {
		// sqlc's generated package declares type Queries; the table's row
		// type would be Queries too.
		probs = append(probs, fmt.Sprintf("resource name %q makes the row type Queries, which sqlc's generated code declares already; choose another, for example %q", spec.Name, "saved_queries"))
	}
	if r.Singular == r.Plural {
		probs = append(probs, fmt.Sprintf("resource name %q has the same singular and plural, so one %s cannot be told from many in the generated code; choose a countable name, for example %q", spec.Name, r.Singular, r.Singular+"_items"))
	}
	for _, e := range earlier {
		if e.Version == r.Version {
			probs = append(probs, fmt.Sprintf("resources %s and %s both have migration %d in %s (restore it from version control)", e.Plural, r.Plural, r.Version, ManifestName))
		}
		if e.Plural == r.Plural {
			probs = append(probs, fmt.Sprintf("resource %q already exists in %s; choose another name (saasgen add never changes a resource it added)", r.Plural, ManifestName))
		}
	}
	if len(spec.Fields) == 0 {
		probs = append(probs, fmt.Sprintf("resource %q has no fields; give at least one, for example --field title:string", r.Plural))
	}
	probs = append(probs, r.addFields(spec.Fields, fieldSource{earlier: earlier})...)
	return r, probs
}

// fieldSource says what fields are added by: the migration creating the
// table (change is false; refs may name earlier resources), or a later
// one of version that alters a table which may have rows (refs may name
// any resource whose table exists by then).
type fieldSource struct {
	change  bool
	version int
	earlier []Resource
	// all are the project's resources, in order (for a change).
	all []Resource
}

// addFields parses raws and appends the valid ones to r's fields, returning
// every problem: with each field, with its name among r's other fields
// (those r has already included), and with its Go names.
func (r *Resource) addFields(raws []string, src fieldSource) []string {
	var probs []string
	columns := map[string]string{}
	for _, f := range r.Fields {
		columns[f.Column()] = f.Spec()
	}
	existing := len(r.Fields)
	for _, raw := range raws {
		f, fp := parseField(raw)
		probs = append(probs, fp...)
		if len(fp) > 0 {
			continue
		}
		switch {
		case slices.Contains(systemColumns, f.Column()):
			probs = append(probs, fmt.Sprintf("--field %q: %s is a column every resource has already; choose another name", raw, f.Column()))
		case slices.Contains(reservedFieldNames, f.Column()), slices.Contains(goPredeclared, f.Column()) && f.Column() != f.Name:
			probs = append(probs, fmt.Sprintf("--field %q: %s is a name the generated code uses for paging; choose another", raw, f.Column()))
		case f.Type == "ref" && (f.Column() == "tenant_id" || f.Name == ""):
			probs = append(probs, fmt.Sprintf("--field %q: a ref needs a name of its own, for example customer:ref(customers)", raw))
		}
		if prev, ok := columns[f.Column()]; ok {
			if i := slices.IndexFunc(r.Fields, func(e Field) bool { return e.Column() == f.Column() }); i >= 0 && i < existing {
				probs = append(probs, fmt.Sprintf("--field %q: %s already has the field %s (%s); choose another name", raw, r.Plural, f.Column(), prev))
			} else {
				probs = append(probs, fmt.Sprintf("--field %q and --field %q both make the field %s; give each field once", prev, raw, f.Column()))
			}
			continue
		}
		columns[f.Column()] = raw
		if n := len(r.Constraint(f, "unique")); n > 63 {
			probs = append(probs, fmt.Sprintf("--field %q: %s with the resource's name makes a constraint name of %d characters, more than PostgreSQL's 63; shorten the field or resource name", raw, f.Column(), n))
		}
		if src.change {
			probs = append(probs, f.rowProblems(raw, *r)...)
		}
		if f.Type == "ref" {
			p, forward := r.refProblem(raw, f, src)
			if p != "" {
				probs = append(probs, p)
			}
			f.Forward = forward
		}
		r.Fields = append(r.Fields, f)
	}
	return append(probs, r.goNameProblems()...)
}

// refProblem says why ref field f of r cannot name its target, or "";
// forward reports whether the target is r itself or a resource after it.
func (r Resource) refProblem(raw string, f Field, src fieldSource) (problem string, forward bool) {
	if f.Ref == r.Plural {
		if !f.Nullable {
			return fmt.Sprintf("--field %q refers to %s itself, so the first %s could never be created; make it nullable: %s:ref(%s)?", raw, r.Plural, r.Words(), f.Name, f.Ref), true
		}
		return "", true
	}
	candidates := src.earlier
	if src.change {
		candidates = nil
		for _, e := range src.all {
			if e.Version < src.version && e.Plural != r.Plural {
				candidates = append(candidates, e)
			}
		}
	}
	if slices.ContainsFunc(candidates, func(e Resource) bool { return e.Plural == f.Ref }) {
		i := slices.IndexFunc(src.all, func(e Resource) bool { return e.Plural == f.Ref })
		me := slices.IndexFunc(src.all, func(e Resource) bool { return e.Plural == r.Plural })
		return "", src.change && i > me
	}
	have := "there are none yet"
	if len(candidates) > 0 {
		have = "existing resources: " + strings.Join(plurals(candidates), ", ")
	}
	return fmt.Sprintf("--field %q refers to %s, which is not a resource of this project (%s); add it first with saasgen add resource %s", raw, f.Ref, have, f.Ref), false
}

// plurals are the names of rs.
func plurals(rs []Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Plural)
	}
	return out
}

// rowProblems say why f cannot be added to r's table, which may have
// rows: each row needs a value for a NOT NULL column.
func (f Field) rowProblems(raw string, r Resource) []string {
	nullable := f
	nullable.Nullable, nullable.HasDefault, nullable.Default = true, false, ""
	switch {
	case f.Nullable:
		return nil
	case f.Type == "ref":
		return []string{fmt.Sprintf("--field %q: a reference added to %s cannot be required: its rows would each need one of their tenant's %s to point to, and a ref has no default; add it nullable (%s) and fill it in", raw, r.Plural, f.Ref, nullable.Spec())}
	case f.Unique && !f.HasDefault:
		return []string{fmt.Sprintf("--field %q: a unique field added to %s, which may have rows, must be nullable: one default would repeat in every row; add %s and fill it in", raw, r.Plural, nullable.Spec())}
	case f.HasDefault:
		return nil
	case f.defaultExample() == "":
		return []string{fmt.Sprintf("--field %q: %s may have rows, which would have no %s, and a %s has no default that suits every row; make it nullable: %s", raw, r.Plural, f.Column(), f.Type, nullable.Spec())}
	}
	return []string{fmt.Sprintf("--field %q: %s may have rows, which would have no %s; give a default (%s:%s) or make it nullable (%s)", raw, r.Plural, f.Column(), f.Spec(), f.defaultExample(), nullable.Spec())}
}

// goNameProblems checks that r's fields keep distinct Go names: sqlc
// names each column's struct field in PascalCase (i_d and id are both
// ID), and the update query flags each field with set_<field>.
func (r Resource) goNameProblems() []string {
	var probs []string
	goNames := map[string]string{}
	for _, c := range append(slices.Clone(systemColumns), reservedFieldNames...) {
		goNames[Pascal(c)] = c
	}
	for _, f := range r.Fields {
		if other, ok := goNames[f.Pascal()]; ok {
			if other == f.Column() {
				continue // reported by addFields
			}
			probs = append(probs, fmt.Sprintf("field %s has the Go name %s, which %s has too in the generated code; rename it, for example %s", f.Column(), f.Pascal(), other, strings.ReplaceAll(f.Column(), "_", "")+"_value"))
			continue
		}
		goNames[f.Pascal()] = f.Column()
	}
	for _, f := range r.Fields {
		if other, ok := goNames["Set"+f.Pascal()]; ok {
			probs = append(probs, fmt.Sprintf("field %s clashes with the update flag of field %s (Set%s) in the generated code; rename it", other, f.Column(), f.Pascal()))
		}
	}
	return probs
}

// ResourceProblems are every problem with one resource's name and fields.
type ResourceProblems struct {
	Name string
	Problems
}

func (p ResourceProblems) Error() string {
	if len(p.Problems) == 1 {
		return p.Problems[0]
	}
	return fmt.Sprintf("resource %s has %d problems:\n  - %s", p.Name, len(p.Problems), strings.Join(p.Problems, "\n  - "))
}

// Unwrap lets errors.As find the Problems: a usage error.
func (p ResourceProblems) Unwrap() error { return p.Problems }

// Canonical is the spec as saasgen.yaml records it.
func (r Resource) Canonical() ResourceSpec {
	s := ResourceSpec{Name: r.Plural, Migration: r.Version}
	for _, f := range r.TableFields() {
		s.Fields = append(s.Fields, f.Spec())
	}
	for _, c := range r.Changes {
		rc := ChangeSpec{Migration: c.Version}
		for _, f := range c.Fields {
			rc.AddFields = append(rc.AddFields, f.Spec())
		}
		s.Changes = append(s.Changes, rc)
	}
	return s
}

// resolveResources resolves every resource of the spec, in order: first
// each table as created, then the changes, whose refs may name any
// resource whose table exists by then.
func resolveResources(specs []ResourceSpec) ([]Resource, Problems) {
	var out []Resource
	var from []ResourceSpec
	var probs Problems
	for i, s := range specs {
		r, p := resolveResource(s, i, out)
		if len(p) > 0 {
			probs = append(probs, p...)
			continue
		}
		out = append(out, r)
		from = append(from, s)
	}
	versions := map[int]string{}
	for _, r := range out {
		versions[r.Version] = r.Plural
	}
	for i := range out {
		for _, c := range from[i].Changes {
			probs = append(probs, out[i].resolveChange(c, out, versions)...)
		}
	}
	return out, probs
}

// resolveChange applies change c to r (one of all, the project's
// resources), or returns its problems; versions maps each migration
// version taken so far to its owner, for collisions.
func (r *Resource) resolveChange(c ChangeSpec, all []Resource, versions map[int]string) []string {
	var probs []string
	where := fmt.Sprintf("resource %s: the change of migration %d", r.Plural, c.Migration)
	switch {
	case c.Migration <= r.LastVersion() || c.Migration > maxMigration:
		probs = append(probs, fmt.Sprintf("%s must come after the resource's migration %d and before %d (restore %s from version control)", where, r.LastVersion(), maxMigration+1, ManifestName))
	case versions[c.Migration] != "":
		probs = append(probs, fmt.Sprintf("%s has the version of a migration of %s (restore %s from version control)", where, versions[c.Migration], ManifestName))
	}
	versions[c.Migration] = r.Plural
	if len(c.AddFields) == 0 {
		probs = append(probs, where+" adds no fields; give at least one, for example --field note:string?")
	}
	next := *r
	next.Fields = slices.Clone(r.Fields)
	probs = append(probs, next.addFields(c.AddFields, fieldSource{change: true, version: c.Migration, all: all})...)
	if len(probs) > 0 {
		return probs
	}
	next.Changes = append(slices.Clone(r.Changes), FieldChange{Version: c.Migration, Fields: next.Fields[len(r.Fields):]})
	*r = next
	return nil
}

// APIType is the field's type in the API struct: the Go type, with dates
// as httpx.Date, and a pointer when nullable.
func (f Field) APIType() string {
	t := f.GoType()
	if f.Type == "date" {
		t = "httpx.Date"
	}
	if f.Nullable {
		return "*" + t
	}
	return t
}

// ToAPI converts expr, the field as sqlc reads it, to APIType.
func (f Field) ToAPI(expr string) string {
	if f.Type != "date" {
		return expr
	}
	if f.Nullable {
		return "(*httpx.Date)(" + expr + ")"
	}
	return "httpx.Date(" + expr + ")"
}

// Constraint names the field's constraint or index of kind (unique, fkey,
// idx) on the resource's table.
func (r Resource) Constraint(f Field, kind string) string {
	return r.Plural + "_" + f.Column() + "_" + kind
}

// UsesSeq reports whether the test samples of the resource use a sequence
// number: whether some field's Sample mentions n.
func (r Resource) UsesSeq() bool {
	return slices.ContainsFunc(r.Fields, func(f Field) bool { return f.usesSeq() })
}

// usesSeq reports whether the field's Sample uses n: enum, uuid and ref
// samples do not.
func (f Field) usesSeq() bool {
	return !slices.Contains([]string{"enum", "uuid", "ref"}, f.Type)
}

// TestFilter is the filter the generated pagination test tries: the first
// filterable field whose sample is a value (a forward reference's is
// null). Nil when there is none.
func (r Resource) TestFilter() *Field {
	for _, f := range r.Filters() {
		if !(f.Type == "ref" && f.Forward) {
			return &f
		}
	}
	return nil
}

// FirstNullable is the first nullable field, for the PATCH-to-null test,
// or nil.
func (r Resource) FirstNullable() *Field {
	for _, f := range r.Fields {
		if f.Nullable {
			return &f
		}
	}
	return nil
}

// Uses reports whether the generated tests of the resource need the
// standard package pkg: fmt for text samples and filters, time for time
// and date samples.
func (r Resource) Uses(pkg string) bool {
	has := func(types ...string) bool {
		return slices.ContainsFunc(r.Fields, func(f Field) bool { return slices.Contains(types, f.Type) })
	}
	switch pkg {
	case "fmt":
		return has("string", "text") || r.TestFilter() != nil
	case "time":
		return has("time", "date")
	}
	return false
}
