// Command guichet runs Guichet, the help desk of a public-procurement contact cell:
// the server, the demo, the migrations, accounts and tokens, and the load tool.
//
//	guichet serve                     run the server (GUICHET_* variables, see the README)
//	guichet demo [--seed N] [--tickets N] [--addr A] [--data DIR]
//	guichet migrate [--status]
//	guichet user add --email EMAIL --role ROLE [--name NAME] [--team TEAM] [--password-stdin]
//	guichet user sso-unlink --email EMAIL
//	guichet token create --user EMAIL
//	guichet pbx add --name NAME [--allow CIDR,…]   (and revoke, extension, block, unblock: docs/telephony.md)
//	guichet import sirene|buyers|boamp|decp [--departements 69,38] [--restart] FILE…
//	guichet bench [--url URL --token T] [--clients 8] [--duration 10s] [--scenario mixed]
//	guichet report weekly [--week 2026-W47 | --from DAY --to DAY] --format pdf|html|csv [--out FILE]
//	guichet backup --out DIR [--force]
//	guichet retention [--dry-run] [--years N]
//	guichet version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}))
}

// env is what a command reads and writes, so that tests can run commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// command is one subcommand.
type command struct {
	name, usage string
	run         func(ctx context.Context, args []string, e env) error
}

func commands() []command {
	return []command{
		{"serve", "run the server", runServe},
		{"demo", "create demo data (if absent) and serve it", runDemo},
		{"migrate", "apply the database migrations", runMigrate},
		{"user", "manage accounts: user add --email EMAIL --role ROLE; user sso-unlink --email EMAIL", runUser},
		{"token", "API tokens: token create --user EMAIL", runToken},
		{"pbx", "telephony: pbx add --name NAME [--allow CIDR,…] | revoke | extension | block | unblock", runPBX},
		{"import", "import catalog data: import sirene|buyers|boamp|decp FILE…", runImport},
		{"bench", "load-test the HTTP API", runBench},
		{"report", "the weekly report: report weekly --week 2026-W47 --format pdf|html|csv [--out FILE]", runReport},
		{"backup", "online copy of the SQLite database and attachments: backup --out DIR [--force]", runBackup},
		{"retention", "anonymise requests closed years ago: retention [--dry-run] [--years N]", runRetention},
		{"version", "print the version", func(_ context.Context, _ []string, e env) error {
			fmt.Fprintln(e.stdout, "guichet", version)
			return nil
		}},
	}
}

// run dispatches to a subcommand and returns the exit code.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		return 2
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], e)
		switch {
		case errors.Is(err, flag.ErrHelp):
			return 2
		case errors.Is(err, errUsage):
			fmt.Fprintln(e.stderr, "guichet "+c.name+":", err)
			return 2
		case err != nil:
			fmt.Fprintln(e.stderr, "guichet "+c.name+":", err)
			return 1
		}
		return 0
	}
	fmt.Fprintf(e.stderr, "guichet: commande inconnue %q\n", args[0])
	usage(e.stderr)
	return 2
}

var errUsage = errors.New("usage")

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: guichet COMMAND [flags]")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.usage)
	}
}

// flags returns a flag set that reports errors instead of exiting.
func flags(name string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet("guichet "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parse parses the flags; a bad flag is a usage error (exit code 2).
func parse(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return err
}
