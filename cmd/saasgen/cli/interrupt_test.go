package cli

import (
	"errors"
	"fmt"
	"testing"

	"github.com/charmbracelet/huh"
)

// Ctrl-C in a form is an interruption, exit 130 as a shell reports SIGINT;
// any other form failure stays exit 1.
func TestFormErrorExitCodes(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{huh.ErrUserAborted, exitInterrupted},
		{fmt.Errorf("run form: %w", huh.ErrUserAborted), exitInterrupted},
		{huh.ErrTimeout, exitError},
		{errors.New("open /dev/tty: no such device"), exitError},
	} {
		if got := exitCode(formError(tc.err)); got != tc.want {
			t.Errorf("exitCode(formError(%v)) = %d, want %d", tc.err, got, tc.want)
		}
	}
	if exitInterrupted != 128+2 {
		t.Errorf("exitInterrupted = %d, want 128+SIGINT", exitInterrupted)
	}
}
