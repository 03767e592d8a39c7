package store

import (
	"context"
	"testing"
	"time"
)

// TestBatchGrowsWhileItRuns: a write queued while a batch runs joins that batch
// (it sees the batch's uncommitted rows, which a reader cannot see yet) instead
// of waiting for the commit; and a write that fails in the grown part rolls back
// alone.
func TestBatchGrowsWhileItRuns(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	save := func(tx *Tx, name string) error {
		return tx.SaveMailTemplate(ctx, MailTemplate{Name: name, Lang: "fr", Source: name, UpdatedAt: time.Now()})
	}
	committed := func(name string) bool {
		_, found, err := s.reader().FindMailTemplate(ctx, name, "fr")
		if err != nil {
			t.Fatal(err)
		}
		return found
	}
	started, queued := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- s.Write(ctx, func(tx *Tx) error {
			close(started)
			<-queued // the next writes are in the queue: this batch must take them
			return save(tx, "first")
		})
	}()
	<-started
	second, failed := make(chan error, 1), make(chan error, 1)
	var sawFirst, readerSawFirst bool
	go func() {
		second <- s.Write(ctx, func(tx *Tx) error {
			_, sawFirst, _ = tx.FindMailTemplate(ctx, "first", "fr")
			readerSawFirst = committed("first")
			return save(tx, "second")
		})
	}()
	go func() {
		failed <- s.Write(ctx, func(tx *Tx) error {
			if err := save(tx, "failed"); err != nil {
				return err
			}
			return context.Canceled // rolls back its savepoint only
		})
	}()
	for len(s.batch.reqs) < 2 {
		time.Sleep(time.Millisecond)
	}
	close(queued)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	if err := <-failed; err != context.Canceled {
		t.Fatalf("failing write: %v", err)
	}
	if !sawFirst || readerSawFirst {
		t.Fatalf("second write saw the first in its transaction: %v, committed already: %v (want true, false)",
			sawFirst, readerSawFirst)
	}
	if !committed("first") || !committed("second") || committed("failed") {
		t.Fatal("after the commit: want first and second kept, the failed write rolled back")
	}
}
