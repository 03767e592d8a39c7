package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/guichet/guichet/internal/app"
)

// runBackup copies the SQLite database and the attachment files into a new
// directory while the server runs (internal/app/backup.go); on PostgreSQL it
// says to use pg_dump.
func runBackup(ctx context.Context, args []string, e env) error {
	fs := flags("backup", e)
	out := fs.String("out", "", "new directory to write the backup to (guichet.db and attachments/)")
	force := fs.Bool("force", false, "replace --out if it exists")
	data := fs.String("data", "", "data directory of the embedded store (GUICHET_DATA_DIR)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: guichet backup --out DIR [--force]", errUsage)
	}
	cfg, err := loadConfig(e, nil, data)
	if err != nil {
		return err
	}
	res, err := app.Backup(ctx, cfg, app.NewLogger(e.stderr, max(cfg.LogLevel, slog.LevelWarn)), *out, *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "sauvegarde écrite dans %s : base %d octets, %d pièces jointes (%d octets), en %s\n",
		res.Dir, res.DBBytes, res.Blobs, res.BlobBytes, res.Took.Round(1e6))
	return nil
}
