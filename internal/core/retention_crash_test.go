package core

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// TestRetentionFinishesAfterCrash: a run stopped between an anonymisation's
// commit and the deletion of its attachment contents (simulated by running the
// transaction alone) leaves the contents queued, never an attachment naming a
// deleted content; the next run deletes them. A content another request still
// keeps (contents are stored once per SHA-256) stays until that one goes too.
func TestRetentionFinishesAfterCrash(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		var blobs attach.Blobs = s.Blobs()
		if s.Dialect() == store.SQLite {
			blobs = attach.Dir(t.TempDir())
		}
		svc := New(Options{Store: s, Now: func() time.Time { return now },
			Attach: attach.New(attach.Options{Policy: attach.DefaultPolicy(), Blobs: blobs})})
		if err := svc.Seed(ctx); err != nil {
			t.Fatal(err)
		}
		keep := func(text string) ticket.Attachment {
			a, err := svc.StoreAttachment(ctx, ticket.Web, "piece.txt", strings.NewReader(text))
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		shared, own := keep("Même fichier envoyé deux fois\n"), keep("Fichier de la seule première demande\n")
		create := func(files ...ticket.Attachment) *ticket.Ticket {
			tk, _, err := svc.CreateTicket(ctx, access.System(), NewTicket{Channel: "web", Subject: "Pièces", Body: "Voici",
				Contact: &ContactInput{Name: "Anne Dupont", Email: "anne@dupont.example"}, Attachments: files}, "")
			if err != nil {
				t.Fatal(err)
			}
			return tk
		}
		resolve := func(tk *ticket.Ticket) {
			cur, err := svc.Ticket(ctx, access.System(), tk.ID)
			if err == nil {
				state, outcome := ticket.Resolved, ticket.AnsweredByCell
				_, err = svc.UpdateTicket(ctx, access.System(), tk.ID, ticket.Update{State: &state, Outcome: &outcome}, cur.Version)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		stored := func(a ticket.Attachment) bool {
			_, err := blobs.Get(ctx, a.SHA256)
			if err != nil && !errs.Is(err, errs.NotFound) {
				t.Fatal(err)
			}
			return err == nil
		}
		queued := func() int {
			n, err := s.CountBlobPurges(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		first, second := create(shared, own), create(shared)
		resolve(first)
		now = now.AddDate(3, 0, 2)
		cutoff := now.AddDate(-3, 0, 0)

		// The transaction commits, the process dies before the files.
		if done, err := svc.anonymise(ctx, first.ID, now, cutoff, "retention_3y"); err != nil || !done {
			t.Fatalf("anonymise: %v %v", done, err)
		}
		if queued() != 2 || !stored(shared) || !stored(own) {
			t.Fatalf("after the transaction: %d queued, shared %v, own %v", queued(), stored(shared), stored(own))
		}
		msgs, _ := s.FindMessages(ctx, first.ID)
		for _, a := range msgs[0].Attachments {
			if a.SHA256 != "" || a.Name != anonymised.AttachmentName {
				t.Errorf("the row still names its content: %+v", a)
			}
		}
		if dry, err := svc.ApplyRetention(ctx, 0, true); err != nil || dry.Files != 2 || queued() != 2 || !stored(own) {
			t.Fatalf("dry run: %+v %v", dry, err)
		}

		rep, err := svc.ApplyRetention(ctx, 0, false)
		if err != nil || rep.Done != 0 || rep.Files != 1 {
			t.Fatalf("next run: %+v %v", rep, err)
		}
		if queued() != 0 || stored(own) || !stored(shared) {
			t.Fatalf("after the next run: %d queued, own %v, shared %v", queued(), stored(own), stored(shared))
		}
		kept, _ := s.FindMessages(ctx, second.ID)
		if _, err := svc.attach.Open(ctx, kept[0].Attachments[0]); err != nil {
			t.Fatalf("the other request lost its file: %v", err)
		}

		resolve(second)
		now = now.AddDate(3, 0, 2)
		if rep, err := svc.ApplyRetention(ctx, 0, false); err != nil || rep.Done != 1 || rep.Files != 1 || stored(shared) {
			t.Fatalf("the second request's run: %+v %v, shared %v", rep, err, stored(shared))
		}
	})
}
