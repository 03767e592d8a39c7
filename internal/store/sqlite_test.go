package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// TestWALCheckpointedInBackground: the writer never checkpoints (so that no commit
// waits for one), so the background checkpointer must copy the log into the
// database file while the store is open, and Close must leave no log behind.
func TestWALCheckpointedInBackground(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	seedConfig(t, s)
	db := filepath.Join(dir, "guichet.db")
	before := fileSize(t, db)
	// Enough writes to fill several hundred pages of log.
	for i := range 40 {
		err := s.Write(ctx, func(tx *store.Tx) error {
			for j := range 50 {
				tk := &ticket.Ticket{Channel: ticket.Web, Subject: fmt.Sprintf("Demande %d-%d %0500d", i, j, 0),
					State: ticket.New, Priority: ticket.Normal, Topic: "dce", Scope: ticket.General,
					TeamID: ticket.CellTeamID, CreatedAt: time.Now(), UpdatedAt: time.Now()}
				if err := tx.CreateTicket(ctx, tk); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for fileSize(t, db) <= before {
		if time.Now().After(deadline) {
			t.Fatalf("the database file stayed at %d bytes: nothing was checkpointed while the store was open", before)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if n := fileSize(t, db+"-wal"); n != 0 {
		t.Errorf("after Close the log holds %d bytes, want it truncated", n)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// TestCloseTwiceAndWriteAfterClose: a background job may still try to write while
// the program stops; it gets an error, not a panic, and closing twice is harmless.
func TestCloseTwiceAndWriteAfterClose(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, store.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	err = s.Write(ctx, func(tx *store.Tx) error { return nil })
	if !errors.Is(err, store.ErrClosed) {
		t.Fatalf("write after Close: %v, want store.ErrClosed", err)
	}
}
