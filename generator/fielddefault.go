package generator

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A field's default, written :default(VALUE) after its type: the value a
// row gets when it gives none. It is what lets a NOT NULL field be added
// to a table that has rows (`saasgen add field`), and it makes the field
// optional in a create. The VALUE is checked against the type here, so a
// migration never fails on it.

var defaultRE = regexp.MustCompile(`^default\((.*)\)$`)

// Time defaults that are not constants: the moment or day of the insert.
const (
	defaultNow   = "now"
	defaultToday = "today"
)

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// defaultExample is a default of the field's type for messages, or "" when
// the type has none that suits every row.
func (f Field) defaultExample() string {
	switch f.Type {
	case "string", "text":
		return "default(none)"
	case "int", "int64", "money":
		return "default(0)"
	case "bool":
		return "default(false)"
	case "enum":
		return "default(" + f.Enum[0] + ")"
	case "date":
		return "default(today)"
	case "time":
		return "default(now)"
	}
	return ""
}

// setDefault checks v as a default of f (whose type and modifiers are
// parsed) and stores its canonical form; it returns the problem, or "".
func (f *Field) setDefault(raw, v string) string {
	bad := func(format string, args ...any) string {
		return fmt.Sprintf("--field %q: ", raw) + fmt.Sprintf(format, args...)
	}
	if f.HasDefault {
		return bad("default is given twice")
	}
	switch f.Type {
	case "":
		return "" // the type's own problem is reported
	case "ref":
		return bad("a ref cannot have a default: ids differ in every tenant; make it nullable (%s:ref(%s)?)", f.Name, f.Ref)
	}
	canon := v
	switch f.Type {
	case "string", "text":
		limit := stringMaxLen
		if f.Type == "text" {
			limit = textMaxLen
		}
		switch {
		case !utf8.ValidString(v) || strings.ContainsFunc(v, unicode.IsControl):
			return bad("the default holds a control character or invalid UTF-8; write plain text")
		case strings.ContainsAny(v, "(),"):
			return bad("a default may not hold ( ) or , (they end the modifier or the --field); choose plain text")
		case strings.Contains(v, "--"):
			// goose reads a word starting with -- as a comment when it looks
			// for the semicolon that ends a statement.
			return bad("a default may not hold -- (migrations read it as a comment); choose plain text")
		case utf8.RuneCountInString(v) > limit:
			return bad("the default is longer than %s's %d characters", f.Type, limit)
		}
	case "enum":
		if !slices.Contains(f.Enum, v) {
			return bad("default %q is not one of the enum's values (%s)", v, strings.Join(f.Enum, ", "))
		}
	case "int", "int64", "money":
		bits := 64
		if f.Type == "int" {
			bits = 32
		}
		n, err := strconv.ParseInt(v, 10, bits)
		if err != nil {
			return bad("default %q is not a whole number that %s holds (%d-bit); write digits, for example default(0)", v, f.Type, bits)
		}
		canon = strconv.FormatInt(n, 10)
	case "bool":
		if v != "true" && v != "false" {
			return bad("default %q is not a bool; write default(true) or default(false)", v)
		}
	case "date":
		if v != defaultToday {
			d, err := time.Parse(time.DateOnly, v)
			if err != nil || d.Year() < 1 || d.Year() > 9999 {
				return bad("default %q is not a date; write YYYY-MM-DD (for example default(2026-01-31)) or default(today)", v)
			}
			canon = d.Format(time.DateOnly)
		}
	case "time":
		if v != defaultNow {
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil || t.Year() < 1 || t.Year() > 9999 || t.UTC().Year() < 1 || t.UTC().Year() > 9999 {
				return bad("default %q is not a time; write RFC 3339 (for example default(2026-01-31T09:00:00Z)) or default(now)", v)
			}
			canon = t.Format(time.RFC3339Nano)
		}
	case "uuid":
		if !uuidRE.MatchString(v) {
			return bad("default %q is not a UUID; write one like default(00000000-0000-0000-0000-000000000000)", v)
		}
		canon = strings.ToLower(v)
	}
	f.Default, f.HasDefault = canon, true
	return ""
}

// DefaultSQL is the default as an SQL expression, or "".
func (f Field) DefaultSQL() string {
	switch {
	case !f.HasDefault:
		return ""
	case f.Type == "time" && f.Default == defaultNow:
		return "now()"
	case f.Type == "date" && f.Default == defaultToday:
		return "current_date"
	}
	switch f.Type {
	case "int", "int64", "money", "bool":
		return f.Default
	}
	return "'" + strings.ReplaceAll(f.Default, "'", "''") + "'"
}

// DefaultConst reports whether the default is a constant, which the
// OpenAPI document and the tests can name (now and today are not).
func (f Field) DefaultConst() bool {
	return f.HasDefault && !(f.Type == "time" && f.Default == defaultNow) && !(f.Type == "date" && f.Default == defaultToday)
}

// DefaultJSON is a constant default as a JSON value.
func (f Field) DefaultJSON() string {
	switch f.Type {
	case "int", "int64", "money", "bool":
		return f.Default
	}
	b, _ := json.Marshal(f.Default)
	return string(b)
}

// DefaultGo is Go source of a constant default as the generated tests
// compare it (numbers as json.Number, so int64 keeps every digit).
func (f Field) DefaultGo() string {
	switch f.Type {
	case "int", "int64", "money":
		return fmt.Sprintf("json.Number(%q)", f.Default)
	case "bool":
		return f.Default
	}
	return strconv.Quote(f.Default)
}

// defaultProblems are the rules a default breaks with the field's other
// modifiers, whichever command adds it.
func (f Field) defaultProblems(raw string) []string {
	if !f.HasDefault {
		return nil
	}
	var probs []string
	if f.Nullable {
		probs = append(probs, fmt.Sprintf("--field %q: a nullable field starts as null, so a default would make null mean two things; drop the ? or the default", raw))
	}
	if f.Unique {
		probs = append(probs, fmt.Sprintf("--field %q: a unique field cannot have a default: every row given no value would get the same one, and the second would be refused; drop the default (or, to add it to a table with rows, make it nullable: %s)", raw, Field{Name: f.Name, Type: f.Type, Enum: f.Enum, Nullable: true, Unique: true}.Spec()))
	}
	return probs
}

// splitField splits a --field value at the colons that are not inside
// parentheses, so enum(...), ref(...) and default(...) keep theirs (a time
// default has colons).
func splitField(raw string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ':':
			if depth == 0 {
				parts = append(parts, raw[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, raw[start:])
}
