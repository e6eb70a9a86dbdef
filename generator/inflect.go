package generator

import (
	"strings"
	"unicode"
)

// Inflection of resource names. Only the last word of a snake_case name is
// inflected (line_item -> line_items). The rules cover regular English
// nouns; irregulars and uncountables are listed. A name the rules get wrong
// can be given in its plural form, which is what saasgen records.

var irregularPlurals = map[string]string{
	"person": "people", "child": "children", "man": "men", "woman": "women",
	"mouse": "mice", "goose": "geese", "tooth": "teeth", "foot": "feet",
	"ox": "oxen", "leaf": "leaves", "knife": "knives", "life": "lives",
	"wife": "wives", "half": "halves", "shelf": "shelves", "wolf": "wolves",
	"movie": "movies", "analysis": "analyses", "crisis": "crises",
	"thesis": "theses", "axis": "axes", "diagnosis": "diagnoses", "synopsis": "synopses",
	"hypothesis": "hypotheses", "oasis": "oases", "emphasis": "emphases", "criterion": "criteria", "datum": "data",
	"index": "indices", "matrix": "matrices", "vertex": "vertices",
	"quiz": "quizzes", "excuse": "excuses", "cookie": "cookies", "zombie": "zombies",
}

var uncountable = map[string]bool{
	"equipment": true, "information": true, "series": true, "species": true,
	"news": true, "sheep": true, "fish": true, "deer": true, "metadata": true,
	"feedback": true, "software": true, "hardware": true, "staff": true,
}

// singularS are singular words ending in s that the rules would strip
// (alias -> alia); their plurals add es.
var singularS = map[string]bool{
	"alias": true, "canvas": true, "atlas": true, "bias": true, "gas": true, "lens": true, "pancreas": true,
	"iris": true, "tennis": true, "pelvis": true, "trellis": true, "ibis": true, "mantis": true,
	"cannabis": true, "metropolis": true, "epidermis": true, "marquis": true, "chaos": true, "cosmos": true,
	"ethos": true, "kudos": true, "pathos": true, "canvass": true, "plus": true, "minus": true,
}

// singularU are words ending in u whose plurals (menus) the rules would
// take for singular words in -us (status).
var singularU = map[string]bool{
	"menu": true, "guru": true, "haiku": true, "emu": true, "tofu": true, "gnu": true, "tutu": true,
	"bayou": true, "sudoku": true, "snafu": true, "kudzu": true, "zebu": true, "impromptu": true,
	"tiramisu": true, "bureau": true, "plateau": true, "chateau": true, "luau": true, "tabu": true,
}

var irregularSingulars = func() map[string]string {
	m := map[string]string{}
	for s, p := range irregularPlurals {
		m[p] = s
	}
	return m
}()

func isVowel(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }

// pluralWord returns the plural of one lowercase singular word.
func pluralWord(w string) string {
	if p, ok := irregularPlurals[w]; ok {
		return p
	}
	if uncountable[w] || irregularSingulars[w] != "" {
		return w
	}
	n := len(w)
	switch {
	case n > 1 && w[n-1] == 'y' && !isVowel(w[n-2]):
		return w[:n-1] + "ies"
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"),
		strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	}
	return w + "s"
}

// singularWord returns the singular of one lowercase word, which may
// already be singular.
func singularWord(w string) string {
	if s, ok := irregularSingulars[w]; ok {
		return s
	}
	if uncountable[w] || irregularPlurals[w] != "" {
		return w
	}
	n := len(w)
	if singularS[w] {
		return w // alias, canvas, lens
	}
	if strings.HasSuffix(w, "es") && singularS[w[:n-2]] {
		return w[:n-2] // aliases, lenses
	}
	switch {
	case strings.HasSuffix(w, "us") && singularU[w[:n-1]]:
		return w[:n-1] // menus, gurus
	case strings.HasSuffix(w, "is") && !strings.HasSuffix(w, "sis") && !strings.HasSuffix(w, "itis"):
		return w[:n-1] // apis, taxis, wikis (axis, iris are in singularS)
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w // address, status, analysis: already singular
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"),
		strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return w[:n-2]
	case strings.HasSuffix(w, "uses") && n > 4 && !isVowel(w[n-5]):
		return w[:n-2] // statuses, buses; but houses, causes -> house, cause
	case strings.HasSuffix(w, "s") && n > 1:
		return w[:n-1]
	}
	return w
}

// toSnake turns CamelCase, camelCase, kebab-case or snake_case into
// snake_case.
func toSnake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '-' || r == ' ':
			b.WriteByte('_')
		case unicode.IsUpper(r):
			if i > 0 && rs[i-1] != '_' && rs[i-1] != '-' && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// inflectLast applies f to the last word of a snake_case name.
func inflectLast(snake string, f func(string) string) string {
	i := strings.LastIndexByte(snake, '_')
	return snake[:i+1] + f(snake[i+1:])
}

// Singular and Plural inflect a snake_case name.
func Singular(snake string) string { return inflectLast(snake, singularWord) }
func Plural(snake string) string   { return inflectLast(snake, pluralWord) }

// commonInitialisms are written in capitals in Go identifiers: only "id",
// as sqlc does by default, so names match the code sqlc generates.
var commonInitialisms = map[string]string{"id": "ID"}

// Pascal turns snake_case into PascalCase, with Go's initialisms.
func Pascal(snake string) string {
	var b strings.Builder
	for _, w := range strings.Split(snake, "_") {
		if w == "" {
			continue
		}
		if up, ok := commonInitialisms[w]; ok {
			b.WriteString(up)
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// Camel turns snake_case into camelCase.
func Camel(snake string) string {
	p := Pascal(snake)
	if p == "" {
		return p
	}
	// A leading initialism is lowered whole: ID -> id, URLPath -> urlPath.
	first := strings.SplitN(snake, "_", 2)[0]
	if up, ok := commonInitialisms[first]; ok && strings.HasPrefix(p, up) {
		return first + p[len(up):]
	}
	return strings.ToLower(p[:1]) + p[1:]
}
