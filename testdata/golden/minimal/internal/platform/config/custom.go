package config

// This file is yours: saasgen wrote it once and never rewrites it, and
// `saasgen check` ignores it. Your own packages' environment lives here:
// a field in Custom, its variable in customSchema (Load validates it with
// saasgen's and reports every problem at once, by name), and its reading
// in loadCustom. Add the variable to .env.example too.

// Custom is your part of the environment: Config.Custom.
type Custom struct{}

// customSchema lists your variables; Schema ends with them.
var customSchema = []Var{}

// loadCustom reads your variables. get applies customSchema's defaults
// for env and reports a missing required variable; bad reports anything
// else wrong with one, by name.
func loadCustom(env string, get func(string) string, bad func(name, format string, args ...any)) Custom {
	return Custom{}
}
