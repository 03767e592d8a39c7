package main

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/demo"
)

func runDemo(ctx context.Context, args []string, e env) error {
	fs := flags("demo", e)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	data := fs.String("data", "guichet-demo", "data directory of the demo (created with demo data if absent)")
	seed := fs.Int64("seed", 1, "random seed: the same seed and --until give the same data")
	tickets := fs.Int("tickets", 2000, "number of requests to generate (2,000 is one year of the cell)")
	until := fs.String("until", "", "last day of the year of data, YYYY-MM-DD (default: today)")
	noServe := fs.Bool("no-serve", false, "create the data and exit")
	if err := parse(fs, args); err != nil {
		return err
	}
	end := time.Now()
	if *until != "" {
		paris, _ := time.LoadLocation("Europe/Paris")
		d, err := time.ParseInLocation(time.DateOnly, *until, paris)
		if err != nil {
			return fmt.Errorf("%w: --until %q: date attendue au format AAAA-MM-JJ", errUsage, *until)
		}
		end = d.Add(17 * time.Hour) // the end of the cell's day
	}
	cfg, err := loadConfig(e, addr, data)
	if err != nil {
		return err
	}
	a, logins, generated, err := app.OpenDemo(ctx, cfg, app.DemoOptions{Seed: *seed, Tickets: *tickets, Until: end, Progress: e.stderr})
	if err != nil {
		return err
	}
	defer a.Close()
	if generated {
		fmt.Fprintf(e.stdout, "Données de démonstration créées dans %s (graine %d, %d demandes).\n", cfg.DataDir, *seed, *tickets)
	} else {
		fmt.Fprintf(e.stdout, "Données de démonstration existantes : %s (supprimez ce dossier pour les recréer).\n", cfg.DataDir)
	}
	printLogins(e, logins)
	if *noServe {
		return nil
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("écoute sur %s impossible : %w", cfg.Addr, err)
	}
	fmt.Fprintf(e.stdout, "\nGuichet (démo) : %s\n", cfg.BaseURL)
	return a.Serve(ctx, ln)
}

func printLogins(e env, logins []demo.Login) {
	if len(logins) == 0 {
		return
	}
	fmt.Fprintln(e.stdout, "\nComptes de démonstration (adresse / mot de passe / rôle) :")
	for _, l := range logins {
		fmt.Fprintf(e.stdout, "  %-40s %-24s %s\n", l.Email, l.Password, l.Role)
	}
}
