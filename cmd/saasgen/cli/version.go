package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
	"golang.org/x/mod/module"

	"github.com/saasgen/saasgen/generator"
)

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the saasgen version and the commit it was built from",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			fmt.Fprint(e.stdout, versionText())
			return nil
		},
	}
}

// versionText is what `saasgen version` and `saasgen --version` print.
func versionText() string {
	info, ok := debug.ReadBuildInfo()
	return fmt.Sprintf("saasgen %s\ncommit %s\n", generator.Version, buildCommit(info, ok))
}

// buildCommit says which commit the binary was built from, from what the go
// command recorded: the VCS revision when it was built in a git checkout
// (make build, go build), the module version when it was installed with
// go install ...@VERSION, and "unknown" when neither was recorded.
func buildCommit(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "unknown (this binary carries no build information)"
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" {
		if modified == "true" {
			return rev + " with uncommitted changes"
		}
		return rev
	}
	switch v := info.Main.Version; {
	case v == "" || v == "(devel)":
		return "unknown (built without version control information: build in a git clone with make build, or install with go install github.com/saasgen/saasgen/cmd/saasgen@VERSION)"
	case module.IsPseudoVersion(v):
		if r, err := module.PseudoVersionRev(v); err == nil {
			return r + " (module version " + v + ")"
		}
	}
	return "tagged " + info.Main.Version
}
