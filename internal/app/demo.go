package app

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/guichet/guichet/internal/config"
	"github.com/guichet/guichet/internal/demo"
)

// DemoOptions say what demo data to make when the data directory is new.
type DemoOptions struct {
	Seed     int64
	Tickets  int
	Until    time.Time // the end of the year of data
	Progress io.Writer
}

// demoLoginsFile keeps the demo accounts beside the database, so that a later
// `guichet demo` on the same directory can print them again.
const demoLoginsFile = "demo-logins.json"

// OpenDemo opens the demo's embedded store in cfg.DataDir, filling it with demo
// data first when the directory holds no database yet. It returns the app, the
// demo accounts, and whether data was generated now.
func OpenDemo(ctx context.Context, cfg config.Config, o DemoOptions) (*App, []demo.Login, bool, error) {
	cfg.DatabaseURL = "" // the demo is the embedded store, whatever the environment says
	_, err := os.Stat(filepath.Join(cfg.DataDir, "guichet.db"))
	fresh := errors.Is(err, fs.ErrNotExist)
	a, err := Open(ctx, cfg, NewLogger(io.Discard, cfg.LogLevel))
	if err != nil {
		return nil, nil, false, err
	}
	if !fresh {
		logins, err := readLogins(cfg.DataDir)
		return a, logins, false, errors.Join(err, nil)
	}
	res, err := demo.Generate(ctx, demo.Options{Store: a.store, Core: a.core, Seed: o.Seed, Tickets: o.Tickets,
		Now: o.Until, Progress: o.Progress})
	if err == nil {
		err = writeLogins(cfg.DataDir, res.Logins)
	}
	if err != nil {
		a.Close()
		// A half-made demo would be taken for a complete one next time.
		os.Remove(filepath.Join(cfg.DataDir, "guichet.db"))
		return nil, nil, false, err
	}
	return a, res.Logins, true, nil
}

func writeLogins(dir string, logins []demo.Login) error {
	b, err := json.MarshalIndent(logins, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, demoLoginsFile), b, 0o600)
}

func readLogins(dir string) ([]demo.Login, error) {
	b, err := os.ReadFile(filepath.Join(dir, demoLoginsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // a data directory that was not made by the demo
	}
	if err != nil {
		return nil, err
	}
	var logins []demo.Login
	return logins, json.Unmarshal(b, &logins)
}
