package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/config"
	"github.com/guichet/guichet/internal/core"
)

// TestBackupWhileWriting backs up a database that requests keep being written
// to, as a running server does: the copy passes SQLite's integrity check, holds
// every request committed before the backup (and opens as a data directory),
// and carries the attachment files.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	a := openTestApp(t)
	defer a.Close()
	svc := a.Core()
	agent, err := svc.AddUser(ctx, access.System(), core.NewUser{Email: "agent@region.example", Role: "agent"})
	if err != nil {
		t.Fatal(err)
	}
	create := func(i int) (int64, error) {
		tk, _, err := svc.CreateTicket(ctx, agent.Actor(), core.NewTicket{Channel: "phone", Subject: fmt.Sprintf("Demande %d", i),
			Body: "Question sur le DCE.", Topic: "dce", Scope: "general",
			Contact: &core.ContactInput{Name: "Anne Dupont", Phone: "04 72 00 00 00"}}, "")
		if err != nil {
			return 0, err
		}
		return tk.ID, nil
	}
	var before []int64
	for i := range 30 {
		id, err := create(i)
		if err != nil {
			t.Fatal(err)
		}
		before = append(before, id)
	}
	blob := []byte("%PDF-1.4 règlement de la consultation")
	sum := sha256.Sum256(blob)
	key := hex.EncodeToString(sum[:])
	if err := attach.Dir(filepath.Join(a.cfg.DataDir, "attachments")).Put(ctx, key, blob); err != nil {
		t.Fatal(err)
	}

	// Writers go on during the backup.
	var wg sync.WaitGroup
	var written atomic.Int64
	stop := make(chan struct{})
	for w := range 2 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := create(1000*(w+1) + i); err != nil {
					t.Errorf("write during the backup: %v", err)
					return
				}
				written.Add(1)
			}
		})
	}
	out := filepath.Join(t.TempDir(), "sauvegarde")
	res, err := Backup(ctx, a.cfg, slog.New(slog.DiscardHandler), out, false)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if res.Blobs != 1 || res.DBBytes == 0 {
		t.Errorf("result %+v: want the database and 1 attachment", res)
	}
	if written.Load() == 0 {
		t.Log("no write landed during the backup (fast machine); the copy is still checked")
	}

	db, err := sql.Open("sqlite", "file:"+filepath.Join(out, "guichet.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var verdict string
	var count int64
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&verdict); err != nil || verdict != "ok" {
		t.Fatalf("integrity_check: %q %v", verdict, err)
	}
	if err := db.QueryRow("SELECT count(*) FROM tickets").Scan(&count); err != nil {
		t.Fatal(err)
	}
	if count < int64(len(before)) || count > int64(len(before))+written.Load() {
		t.Errorf("%d requests in the copy, want between %d and %d", count, len(before), int64(len(before))+written.Load())
	}
	got, err := os.ReadFile(filepath.Join(out, "attachments", key[:2], key[2:4], key))
	if err != nil || !bytes.Equal(got, blob) {
		t.Errorf("attachment not copied: %v", err)
	}

	// The backup is a data directory: restoring is opening it.
	cfg := config.Defaults()
	cfg.DataDir = out
	restored, err := Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("open the backup: %v", err)
	}
	defer restored.Close()
	for i, id := range before {
		tk, err := restored.Core().Ticket(ctx, access.System(), id)
		if err != nil || tk.Subject != fmt.Sprintf("Demande %d", i) {
			t.Fatalf("request %d in the backup: %v", id, err)
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".sauvegarde.tmp-*")); len(leftovers) != 0 {
		t.Errorf("temporary directories left: %v", leftovers)
	}
}

func TestBackupRefusesToOverwrite(t *testing.T) {
	ctx := context.Background()
	a := openTestApp(t)
	defer a.Close()
	log := slog.New(slog.DiscardHandler)
	out := filepath.Join(t.TempDir(), "sauvegarde")
	if err := os.MkdirAll(out, 0o750); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(out, "ancien.txt"), []byte("x"), 0o640)
	if _, err := Backup(ctx, a.cfg, log, out, false); err == nil || !strings.Contains(err.Error(), "existe déjà (--force") {
		t.Fatalf("existing --out: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "ancien.txt")); err != nil {
		t.Fatal("the existing directory was touched")
	}
	if _, err := Backup(ctx, a.cfg, log, out, true); err != nil {
		t.Fatalf("--force: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "ancien.txt")); err == nil {
		t.Error("--force kept the old contents")
	}
	if _, err := os.Stat(filepath.Join(out, "guichet.db")); err != nil {
		t.Errorf("--force wrote no database: %v", err)
	}
}

func TestBackupOnPostgresPointsToPgDump(t *testing.T) {
	cfg := config.Defaults()
	cfg.DatabaseURL = "postgres://guichet@db.example/guichet"
	_, err := Backup(context.Background(), cfg, slog.New(slog.DiscardHandler), t.TempDir()+"/x", false)
	if err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Fatalf("got %v, want the pg_dump advice", err)
	}
}
