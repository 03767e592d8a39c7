package core_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// mails returns the outbox rows of a template (for a request, or all).
func mails(t *testing.T, s *store.Store, ticketID int64, template string) []*store.OutMail {
	t.Helper()
	all, err := s.FindOutMails(context.Background(), store.OutMailFilter{TicketID: ticketID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []*store.OutMail
	for _, m := range all {
		if m.Template == template {
			out = append(out, m)
		}
	}
	return out
}

func (f *fixture) set(t time.Time) {
	f.mu.Lock()
	f.now = t
	f.mu.Unlock()
}

// TestSLAJobAcrossRestartAndTwoInstances: a warning before the first
// response's due time and a breach at it are each recorded and mailed once,
// whether the job runs again, after a restart (a new Service on the same
// store) or on two instances at once.
func TestSLAJobAcrossRestartAndTwoInstances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		agent, sup := f.actors[access.Agent], f.actors[access.Supervisor]
		tk, _, _ := f.svc.CreateTicket(ctx, agent, webRequest(), "")
		me := agent.UserID
		if _, err := f.svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{AssigneeID: &me}, 0); err != nil {
			t.Fatal(err)
		}
		other := core.New(core.Options{Store: s, Now: f.clock})
		run := func(svc *core.Service) int {
			n, err := svc.CheckSLA(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		// Due Wednesday 10:00; two business hours before is Tuesday 16:00.
		f.set(time.Date(2026, 11, 24, 15, 59, 0, 0, paris))
		if n := run(f.svc); n != 0 {
			t.Fatalf("%d notifications before the warning time", n)
		}
		f.set(time.Date(2026, 11, 24, 16, 0, 0, 0, paris))
		if n := run(f.svc) + run(other); n != 1 {
			t.Fatalf("%d warnings, want 1", n)
		}
		restarted := core.New(core.Options{Store: s, Now: f.clock})
		if n := run(restarted); n != 0 {
			t.Fatalf("a restart recorded %d more", n)
		}
		// At the due time, two instances at once: one breach.
		f.set(time.Date(2026, 11, 25, 10, 0, 0, 0, paris))
		var wg sync.WaitGroup
		counts := make([]int, 4)
		for i, svc := range []*core.Service{f.svc, other, restarted, f.svc} {
			wg.Go(func() {
				n, err := svc.CheckSLA(ctx)
				if err != nil {
					t.Error(err)
				}
				counts[i] = n
			})
		}
		wg.Wait()
		if sum := counts[0] + counts[1] + counts[2] + counts[3]; sum != 1 {
			t.Fatalf("%v breaches, want 1 in all", counts)
		}
		warn, breach := mails(t, s, tk.ID, "sla_warning"), mails(t, s, tk.ID, "sla_breach")
		if len(warn) != 1 || len(breach) != 1 {
			t.Fatalf("%d warning and %d breach mails", len(warn), len(breach))
		}
		if !slices.Contains(breach[0].Recipients, "agent@region.example") || !slices.Contains(breach[0].Recipients, "supervisor@region.example") {
			t.Fatalf("breach mailed to %v", breach[0].Recipients)
		}
		// The workspace: a badge, then the list (which clears the badge).
		if n, _ := f.svc.NotificationBadge(ctx, sup); n != 2 {
			t.Fatalf("supervisor badge %d", n)
		}
		if n, _ := f.svc.NotificationBadge(ctx, f.actors[access.Viewer]); n != 0 {
			t.Fatalf("a viewer sees %d notifications of requests not theirs", n)
		}
		page, err := f.svc.Notifications(ctx, agent, 0)
		if err != nil || len(page.Items) != 2 || page.Items[0].Kind != "breach" || page.Items[1].Kind != "warning" ||
			page.Items[0].Target != "first_response" || page.Unseen != 2 || page.Items[0].Number != tk.Number {
			t.Fatalf("notifications %+v %v", page, err)
		}
		if n, _ := f.svc.NotificationBadge(ctx, agent); n != 0 {
			t.Fatalf("badge %d after the list was seen", n)
		}
	})
}

// TestNoRequestUnanswered: the supervisors' list of requests past a response
// due time, and its daily digest, sent once a day when the list is not empty.
func TestNoRequestUnanswered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		agent, sup := f.actors[access.Agent], f.actors[access.Supervisor]
		web, _, _ := f.svc.CreateTicket(ctx, agent, webRequest(), "")
		call := webRequest()
		call.Channel, call.Body, call.CallSeconds = "phone", "", 120
		phone, _, _ := f.svc.CreateTicket(ctx, agent, call, "") // answered by the call: a callback is owed
		answered, _, _ := f.svc.CreateTicket(ctx, agent, webRequest(), "")
		f.svc.AddMessage(ctx, agent, answered.ID, core.NewMessage{Kind: "outbound", Body: "Réponse."})
		if sent, err := f.svc.SendUnansweredDigest(ctx); sent || err != nil {
			t.Fatalf("digest of an empty list: %v %v", sent, err)
		}
		f.set(time.Date(2026, 11, 25, 11, 0, 0, 0, paris))
		page, err := f.svc.Unanswered(ctx, sup, nil, 0)
		if err != nil || len(page.Items) != 2 || page.Items[0].ID != phone.ID || page.Items[1].ID != web.ID {
			t.Fatalf("unanswered %v %v", page.Items, err)
		}
		if _, err := f.svc.Unanswered(ctx, agent, nil, 0); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an agent read the supervisors' list: %v", err)
		}
		other := core.New(core.Options{Store: s, Now: f.clock})
		for i, svc := range []*core.Service{f.svc, f.svc, other} {
			sent, err := svc.SendUnansweredDigest(ctx)
			if err != nil || sent != (i == 0) {
				t.Fatalf("digest run %d: sent %v, %v", i, sent, err)
			}
		}
		digests := mails(t, s, 0, "unanswered_digest")
		if len(digests) != 1 || !strings.Contains(digests[0].Subject, "2 demande(s)") {
			t.Fatalf("%d digests", len(digests))
		}
		// Answering empties the list; the next business day has its own digest.
		f.svc.AddMessage(ctx, agent, web.ID, core.NewMessage{Kind: "outbound", Body: "Réponse."})
		f.svc.AddMessage(ctx, agent, phone.ID, core.NewMessage{Kind: "call", CallSeconds: 60})
		if page, _ := f.svc.Unanswered(ctx, sup, nil, 0); len(page.Items) != 0 {
			t.Fatalf("still unanswered: %v", page.Items)
		}
		f.set(time.Date(2026, 11, 28, 11, 0, 0, 0, paris)) // a Saturday: nothing
		f.svc.CreateTicket(ctx, agent, webRequest(), "")
		f.set(time.Date(2026, 12, 2, 10, 0, 0, 0, paris))
		if sent, err := f.svc.SendUnansweredDigest(ctx); !sent || err != nil {
			t.Fatalf("digest of Wednesday: %v %v", sent, err)
		}
	})
}
