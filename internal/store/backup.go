package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"github.com/guichet/guichet/internal/errs"
)

// Backup writes a consistent copy of the SQLite database to dest, a file that
// must not exist yet, while the application keeps reading and writing: VACUUM
// INTO reads one snapshot of the database (a read transaction on the WAL, which
// never blocks the writer) and writes it compacted, without its log. The copy
// holds every transaction committed before it started and none after.
//
// It runs on a connection of its own, so that neither the writer nor the
// checkpointer waits for it. PostgreSQL is backed up with pg_dump (README).
func (s *Store) Backup(ctx context.Context, dest string) error {
	if s.dialect != SQLite {
		return errs.E(errs.Invalid, "La sauvegarde intégrée ne concerne que SQLite : sauvegardez PostgreSQL avec pg_dump (voir le README).")
	}
	var seq int
	var name, path string
	if err := s.read.QueryRowContext(ctx, "PRAGMA database_list").Scan(&seq, &name, &path); err != nil {
		return fmt.Errorf("store: backup: database file: %w", err)
	}
	return BackupFile(ctx, path, dest)
}

// BackupFile is Backup for the SQLite database file at path, without opening a
// Store: `guichet backup`, in a process beside the server, then adds no writer
// and no checkpointer of its own to the live database.
func BackupFile(ctx context.Context, path, dest string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	if _, err := os.Stat(dest); err == nil {
		return errs.Field("out", fmt.Sprintf("%s existe déjà", dest))
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=query_only(0)")
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// CheckIntegrity runs SQLite's integrity check on a database file (a backup)
// and returns its verdict: "ok" when the file is sound.
func CheckIntegrity(ctx context.Context, path string) (string, error) {
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("store: integrity: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return "", fmt.Errorf("store: integrity: %w", err)
	}
	defer db.Close()
	var verdict string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&verdict); err != nil {
		return "", fmt.Errorf("store: integrity: %w", err)
	}
	return verdict, nil
}
