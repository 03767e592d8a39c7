package main

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/core"
)

// openApp opens the configured store for a one-shot command.
func openApp(ctx context.Context, e env, data string) (*app.App, error) {
	cfg, err := loadConfig(e, nil, &data)
	if err != nil {
		return nil, err
	}
	// One-shot commands keep standard error for what the operator must read.
	return app.Open(ctx, cfg, app.NewLogger(e.stderr, max(cfg.LogLevel, slog.LevelWarn)))
}

func runUser(ctx context.Context, args []string, e env) error {
	switch {
	case len(args) > 0 && args[0] == "add":
		return runUserAdd(ctx, args[1:], e)
	case len(args) > 0 && args[0] == "sso-unlink":
		return runUserSSOUnlink(ctx, args[1:], e)
	}
	return fmt.Errorf("%w: guichet user add --email EMAIL --role ROLE [--name NAME] [--team TEAM] [--password-stdin]"+
		" | guichet user sso-unlink --email EMAIL", errUsage)
}

// runUserSSOUnlink forgets the identity provider's subject an account is
// linked to, so that its next single sign-on links it again by its verified
// e-mail: for a person whose subject changed at the provider, who is refused
// as "linked to another identity" (docs/operations.md).
func runUserSSOUnlink(ctx context.Context, args []string, e env) error {
	fs := flags("user sso-unlink", e)
	email := fs.String("email", "", "e-mail address of the account")
	data := fs.String("data", "", "data directory of the embedded store (GUICHET_DATA_DIR)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" {
		return fmt.Errorf("%w: --email is required", errUsage)
	}
	a, err := openApp(ctx, e, *data)
	if err != nil {
		return err
	}
	defer a.Close()
	issuer, subject, err := a.Core().UnlinkSSO(ctx, access.System(), *email)
	if err != nil {
		return err
	}
	if subject == "" {
		fmt.Fprintf(e.stdout, "%s n'était lié à aucune identité : rien à faire\n", *email)
		return nil
	}
	fmt.Fprintf(e.stdout, "%s délié de l'identité %s (%s) : la prochaine connexion unique le liera de nouveau\n",
		*email, subject, issuer)
	return nil
}

func runUserAdd(ctx context.Context, args []string, e env) error {
	fs := flags("user add", e)
	email := fs.String("email", "", "e-mail address (the login)")
	role := fs.String("role", "", "admin, supervisor, agent, specialist or viewer")
	name := fs.String("name", "", "display name")
	team := fs.String("team", "", "the service of a specialist (travaux, fournitures_services, …)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	data := fs.String("data", "", "data directory of the embedded store (GUICHET_DATA_DIR)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" || *role == "" {
		return fmt.Errorf("%w: --email and --role are required", errUsage)
	}
	var password string
	if *pwStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("no password on standard input")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	a, err := openApp(ctx, e, *data)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Core().AddUser(ctx, access.System(), core.NewUser{Email: *email, Name: *name, Role: *role, TeamID: *team, Password: password})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "compte créé : %s (%s)\n", u.Email, u.Role)
	return nil
}

func runToken(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("%w: guichet token create --user EMAIL", errUsage)
	}
	fs := flags("token create", e)
	user := fs.String("user", "", "e-mail of the account the token acts as")
	data := fs.String("data", "", "data directory of the embedded store (GUICHET_DATA_DIR)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *user == "" {
		return fmt.Errorf("%w: --user is required", errUsage)
	}
	a, err := openApp(ctx, e, *data)
	if err != nil {
		return err
	}
	defer a.Close()
	token, err := a.Core().CreateToken(ctx, access.System(), *user)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, token) // only the token: scripts capture it
	return nil
}
