package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/app"
)

// pbxUsage lists the telephony subcommands (docs/telephony.md).
const pbxUsage = `guichet pbx add --name NAME [--allow CIDR,…]
       guichet pbx revoke --name NAME
       guichet pbx extension --user EMAIL --extension 201 [--queues marches,travaux]
       guichet pbx block --number NUMBER [--reason TEXT]
       guichet pbx unblock --number NUMBER`

// runPBX manages the switchboards: their tokens, the agents' extensions and
// queues, the blocked numbers.
func runPBX(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: %s", errUsage, pbxUsage)
	}
	fs := flags("pbx "+args[0], e)
	name := fs.String("name", "", "the switchboard's name")
	allow := fs.String("allow", "", "networks it may post from, comma-separated (empty: any)")
	user := fs.String("user", "", "the agent's e-mail")
	ext := fs.String("extension", "", "the agent's extension")
	queues := fs.String("queues", "", "queues whose calls pop up on the agent's screen, comma-separated")
	number := fs.String("number", "", "a phone number, in any written form")
	reason := fs.String("reason", "", "why the number is blocked")
	data := fs.String("data", "", "data directory of the embedded store (GUICHET_DATA_DIR)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	run, ok := map[string]func(*app.App) error{
		"add": func(a *app.App) error {
			token, err := a.Core().AddPBX(ctx, access.System(), *name, *allow)
			if err == nil {
				fmt.Fprintln(e.stdout, token) // only the token: scripts capture it
			}
			return err
		},
		"revoke": func(a *app.App) error {
			err := a.Core().RevokePBX(ctx, access.System(), *name)
			if err == nil {
				fmt.Fprintf(e.stdout, "jeton du standard %s révoqué\n", *name)
			}
			return err
		},
		"extension": func(a *app.App) error {
			err := a.Core().SetExtension(ctx, access.System(), *user, *ext, strings.Split(*queues, ","))
			if err == nil {
				fmt.Fprintf(e.stdout, "poste %s : %s\n", *ext, *user)
			}
			return err
		},
		"block": func(a *app.App) error {
			n, err := a.Core().BlockNumber(ctx, access.System(), *number, *reason)
			if err == nil {
				fmt.Fprintf(e.stdout, "numéro bloqué : %s\n", n)
			}
			return err
		},
		"unblock": func(a *app.App) error {
			err := a.Core().UnblockNumber(ctx, access.System(), *number)
			if err == nil {
				fmt.Fprintln(e.stdout, "numéro débloqué")
			}
			return err
		},
	}[args[0]]
	if !ok {
		return fmt.Errorf("%w: %s", errUsage, pbxUsage)
	}
	a, err := openApp(ctx, e, *data)
	if err != nil {
		return err
	}
	defer a.Close()
	return run(a)
}
