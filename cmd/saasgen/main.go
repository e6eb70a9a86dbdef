// Command saasgen scaffolds multi-tenant SaaS backends in Go.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/saasgen/saasgen/cmd/saasgen/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
