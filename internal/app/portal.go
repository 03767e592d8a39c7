package app

import (
	"log/slog"
	"path/filepath"

	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/config"
	"github.com/guichet/guichet/internal/store"
)

// attachKeeper builds the attachment keeper the configuration asks for. The
// contents go to the data directory (attachments/, which no web server
// serves) on SQLite, and to the database on PostgreSQL, where several
// instances share no disk; GUICHET_ATTACH_STORE overrides the choice.
func attachKeeper(cfg config.Config, s *store.Store, log *slog.Logger) *attach.Keeper {
	where := cfg.AttachStore
	if where == "" {
		where = "disk"
		if s.Dialect() == store.Postgres {
			where = "database"
		}
	}
	var blobs attach.Blobs = s.Blobs()
	if where == "disk" {
		blobs = attach.Dir(filepath.Join(cfg.DataDir, "attachments"))
	}
	var scanner attach.Scanner
	if cfg.ClamdAddr != "" {
		scanner = attach.Clamd{Addr: cfg.ClamdAddr}
	}
	return attach.New(attach.Options{Policy: cfg.Attach, Blobs: blobs, Scanner: scanner, Logger: log})
}
