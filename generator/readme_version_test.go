package generator

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// versionMentions are the places in saasgen's own docs that name the
// current release: each must say Version, the one source of it. `go test
// ./generator -run TestDocsNameThisVersion -update` rewrites them after a
// bump.
var versionMentions = map[string]*regexp.Regexp{
	"README.md":       regexp.MustCompile(`saasgen/cmd/saasgen@v([0-9]+\.[0-9]+\.[0-9]+)`),
	"CONTRIBUTING.md": regexp.MustCompile(`\(v([0-9]+\.[0-9]+\.[0-9]+) now\)`),
}

func TestDocsNameThisVersion(t *testing.T) {
	for name, re := range versionMentions {
		path := filepath.Join("..", name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		ms := re.FindAllSubmatchIndex(data, -1)
		if len(ms) == 0 {
			t.Errorf("%s no longer names the release (%s): update versionMentions", name, re)
			continue
		}
		var stale []string
		for i := len(ms) - 1; i >= 0; i-- {
			from, to := ms[i][2], ms[i][3]
			if v := string(data[from:to]); v != Version {
				stale = append(stale, v)
				data = append(data[:from:from], append([]byte(Version), data[to:]...)...)
			}
		}
		switch {
		case len(stale) == 0:
		case *update:
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		default:
			t.Errorf("%s names version %v, but this is saasgen %s (generator.Version): run go test ./generator -run TestDocsNameThisVersion -update", name, stale, Version)
		}
	}
}
