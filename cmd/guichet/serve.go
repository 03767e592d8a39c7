package main

import (
	"context"
	"fmt"
	"net"

	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/config"
)

// loadConfig reads the environment and applies the common flags over it.
func loadConfig(e env, addr, data *string) (config.Config, error) {
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return cfg, err
	}
	if addr != nil && *addr != "" {
		cfg.Addr = *addr
		if e.getenv("GUICHET_BASE_URL") == "" {
			cfg.BaseURL = "http://" + cfg.Addr
		}
	}
	if data != nil && *data != "" {
		cfg.DataDir = *data
	}
	return cfg, nil
}

func runServe(ctx context.Context, args []string, e env) error {
	fs := flags("serve", e)
	addr := fs.String("addr", "", "listen address (GUICHET_ADDR, default 127.0.0.1:8080)")
	data := fs.String("data", "", "data directory of the embedded store (GUICHET_DATA_DIR)")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(e, addr, data)
	if err != nil {
		return err
	}
	log := app.NewLogger(e.stderr, cfg.LogLevel)
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("écoute sur %s impossible : %w", cfg.Addr, err)
	}
	fmt.Fprintf(e.stdout, "Guichet écoute sur %s\n", cfg.BaseURL)
	return a.Serve(ctx, ln)
}

func runMigrate(ctx context.Context, args []string, e env) error {
	fs := flags("migrate", e)
	status := fs.Bool("status", false, "list the migrations without applying any")
	data := fs.String("data", "", "data directory of the embedded store (GUICHET_DATA_DIR)")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(e, nil, data)
	if err != nil {
		return err
	}
	list, err := app.Migrations(ctx, cfg, app.NewLogger(e.stderr, cfg.LogLevel), *status)
	if err != nil {
		return err
	}
	for _, m := range list {
		state := "pending"
		if !m.AppliedAt.IsZero() {
			state = "applied " + m.AppliedAt.Format("2006-01-02 15:04:05Z")
		}
		fmt.Fprintf(e.stdout, "%s\t%s\n", m.Name, state)
	}
	return nil
}
