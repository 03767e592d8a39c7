package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/config"
	"github.com/guichet/guichet/internal/store"
)

// BackupResult says what a backup wrote.
type BackupResult struct {
	Dir       string // the backup: a data directory of its own
	DBBytes   int64  // size of its guichet.db
	Blobs     int    // attachment files copied
	BlobBytes int64
	Took      time.Duration
}

// errPostgresBackup is the answer of `guichet backup` on PostgreSQL.
var errPostgresBackup = errors.New("la base est PostgreSQL : la sauvegarde se fait avec pg_dump " +
	"(pg_dump --format=custom --file=guichet.dump \"$GUICHET_DATABASE_URL\", voir le README)")

// Backup copies the SQLite database and the attachment files of the data
// directory into out, while the server keeps running. out is a new directory
// laid out as a data directory (guichet.db, attachments/), so that restoring is
// pointing GUICHET_DATA_DIR at it (or copying it back). The copy is made under a
// temporary name beside out and renamed once complete and checked (PRAGMA
// integrity_check), so out is never half written. An existing out is refused,
// or replaced with force.
func Backup(ctx context.Context, cfg config.Config, log *slog.Logger, out string, force bool) (BackupResult, error) {
	start := time.Now()
	res := BackupResult{Dir: out}
	if cfg.DatabaseURL != "" {
		return res, errPostgresBackup
	}
	if out == "" {
		return res, errors.New("--out : indiquez le répertoire de la sauvegarde")
	}
	if _, err := os.Stat(out); err == nil && !force {
		return res, fmt.Errorf("--out : %s existe déjà (--force pour le remplacer)", out)
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, "guichet.db")); err != nil {
		return res, fmt.Errorf("pas de base à sauvegarder dans %s : %w", cfg.DataDir, err)
	}
	tmp := filepath.Join(filepath.Dir(filepath.Clean(out)), "."+filepath.Base(out)+".tmp-"+randomSuffix())
	if err := os.MkdirAll(tmp, 0o750); err != nil {
		return res, fmt.Errorf("sauvegarde : %w", err)
	}
	defer os.RemoveAll(tmp) // nothing left once renamed
	if err := backupInto(ctx, cfg.DataDir, tmp, &res); err != nil {
		return res, err
	}
	if err := replaceDir(tmp, out, force); err != nil {
		return res, err
	}
	res.Took = time.Since(start)
	log.Info("backup written", "dir", out, "db_bytes", res.DBBytes, "blobs", res.Blobs, "took_ms", res.Took.Milliseconds())
	return res, nil
}

// backupInto writes the database, then the attachment files, into dir. The
// database first: a blob is written before the row naming it commits, so every
// blob the copied database names is on disk by the time the files are copied.
func backupInto(ctx context.Context, dataDir, dir string, res *BackupResult) error {
	db := filepath.Join(dir, "guichet.db")
	if err := store.BackupFile(ctx, filepath.Join(dataDir, "guichet.db"), db); err != nil {
		return err
	}
	verdict, err := store.CheckIntegrity(ctx, db)
	if err != nil {
		return err
	}
	if verdict != "ok" {
		return fmt.Errorf("sauvegarde : la copie ne passe pas le contrôle d'intégrité (%s)", verdict)
	}
	if st, err := os.Stat(db); err == nil {
		res.DBBytes = st.Size()
	}
	return copyBlobs(ctx, filepath.Join(dataDir, "attachments"), filepath.Join(dir, "attachments"), res)
}

// copyBlobs copies the attachment files (immutable, named by their SHA-256);
// an absent directory (attachments in the database) is nothing to copy.
func copyBlobs(ctx context.Context, from, to string, res *BackupResult) error {
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == from {
			return fs.SkipAll
		}
		if err != nil || ctx.Err() != nil {
			return errors.Join(err, ctx.Err())
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o750)
		}
		if strings.HasPrefix(d.Name(), ".tmp-") { // a blob being written, not yet named
			return nil
		}
		n, err := copyFile(path, filepath.Join(to, rel))
		res.Blobs++
		res.BlobBytes += n
		return err
	})
	if err != nil {
		return fmt.Errorf("sauvegarde des pièces jointes : %w", err)
	}
	return nil
}

func copyFile(from, to string) (int64, error) {
	in, err := os.Open(from)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	return n, errors.Join(err, out.Close())
}

// replaceDir renames the finished backup tmp to out; with force, an existing
// out is moved aside first and removed once the new one is in place.
func replaceDir(tmp, out string, force bool) error {
	var old string
	if _, err := os.Stat(out); err == nil {
		if !force {
			return fmt.Errorf("--out : %s existe déjà (--force pour le remplacer)", out)
		}
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("sauvegarde : %w", err)
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return fmt.Errorf("sauvegarde : %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

func randomSuffix() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}
