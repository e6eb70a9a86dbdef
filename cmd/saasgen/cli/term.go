package cli

import (
	"os"

	"golang.org/x/term"
)

func fileIsTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
