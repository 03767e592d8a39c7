package demo_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/demo"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/sla"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// checkTimelines checks every request's life against the domain: numbers in
// order, due times from the SLA, timestamps in order and before now, old
// requests finished, recent ones a mix, and messages and audit consistent.
func checkTimelines(t *testing.T, g generated) {
	s := g.store
	loc := g.svc.Location()
	states := map[ticket.State]int{}
	prev := ""
	for i, tk := range allTickets(t, s) {
		if !number.MatchString(tk.Number) || tk.Number <= prev && tk.Number[:4] == prev[:4] {
			t.Errorf("number %s after %s", tk.Number, prev)
		}
		prev = tk.Number
		checkTimes(t, tk)
		fr, res := sla.DefaultTargets().Due(tk.CreatedAt, loc)
		if !tk.Due.FirstResponse.Equal(fr) || !tk.Due.Resolution.Equal(res) {
			t.Errorf("%s: due %v/%v, want %v/%v", tk.Number, tk.Due.FirstResponse, tk.Due.Resolution, fr, res)
		}
		if (!tk.State.IsActive()) != tk.Outcome.Valid() || tk.State == ticket.Escalated && tk.TeamID == ticket.CellTeamID ||
			tk.Outcome == ticket.AnsweredByService && tk.TeamID == ticket.CellTeamID ||
			(tk.Scope == ticket.OffTopic) != (tk.Outcome == ticket.OutcomeOffTopic) && tk.Outcome != "" {
			t.Errorf("%s: state %s, outcome %q, team %s, scope %s", tk.Number, tk.State, tk.Outcome, tk.TeamID, tk.Scope)
		}
		if now.Sub(tk.CreatedAt) > 25*24*time.Hour && tk.State.IsActive() {
			t.Errorf("%s, made on %v, is still %s", tk.Number, tk.CreatedAt, tk.State)
		}
		if now.Sub(tk.CreatedAt) < 21*24*time.Hour {
			states[tk.State]++
		}
		if (tk.Scope == ticket.OwnTender || tk.Scope == ticket.OtherBuyerTender) != (tk.ConsultationRef != "") {
			t.Errorf("%s: scope %s with consultation %q", tk.Number, tk.Scope, tk.ConsultationRef)
		}
		if i%7 == 0 {
			checkConversation(t, s, tk)
		}
	}
	t.Logf("states of the last three weeks: %v", states)
	if states[ticket.Closed]+states[ticket.Resolved] == 0 || states[ticket.Open]+states[ticket.WaitingCompany]+
		states[ticket.Escalated]+states[ticket.New] == 0 {
		t.Errorf("the last three weeks are not a mix of finished and ongoing requests: %v", states)
	}
	checkCounter(t, g)
}

// checkTimes checks that a request's life timestamps follow one another.
func checkTimes(t *testing.T, tk *ticket.Ticket) {
	t.Helper()
	order := []time.Time{tk.CreatedAt, tk.FirstResponseAt, tk.ResolvedAt, tk.ClosedAt, now}
	last := time.Time{}
	for _, at := range order {
		if at.IsZero() {
			continue
		}
		if at.Before(last) {
			t.Errorf("%s: times out of order: %v", tk.Number, order)
		}
		last = at
	}
	if tk.UpdatedAt.Before(tk.CreatedAt) || tk.UpdatedAt.After(now) || tk.State == ticket.Closed && tk.ClosedAt.IsZero() {
		t.Errorf("%s: updated %v, closed %v, state %s", tk.Number, tk.UpdatedAt, tk.ClosedAt, tk.State)
	}
}

// checkConversation checks a request's messages and audit trail.
func checkConversation(t *testing.T, s *store.Store, tk *ticket.Ticket) {
	t.Helper()
	ctx := context.Background()
	msgs, err := s.FindMessages(ctx, tk.ID)
	if err != nil || len(msgs) == 0 {
		t.Fatalf("%s: %d messages, %v", tk.Number, len(msgs), err)
	}
	first := ticket.Inbound
	if tk.Channel == ticket.Phone {
		first = ticket.Call
	}
	if msgs[0].Kind != first || !msgs[0].CreatedAt.Equal(tk.CreatedAt) {
		t.Errorf("%s (%s) opens with a %s message at %v", tk.Number, tk.Channel, msgs[0].Kind, msgs[0].CreatedAt)
	}
	for _, m := range msgs {
		if err := m.Validate(); err != nil || strings.ContainsAny(m.Body, "{}") || m.CreatedAt.After(now) {
			t.Errorf("%s: message %+v: %v", tk.Number, m, err)
		}
	}
	if strings.ContainsAny(tk.Subject, "{}") {
		t.Errorf("%s: subject %q", tk.Number, tk.Subject)
	}
	audit, err := s.FindAudit(ctx, tk.ID)
	if err != nil || len(audit) < 2 || audit[0].Field != "created" || audit[0].New != tk.Number {
		t.Fatalf("%s: audit %+v, %v", tk.Number, audit, err)
	}
	state := string(ticket.New)
	for _, a := range audit {
		if a.Field == "state" {
			if a.Old != state {
				t.Errorf("%s: audit moves from %s, the state was %s", tk.Number, a.Old, state)
			}
			state = a.New
		}
	}
	if state != string(tk.State) {
		t.Errorf("%s: the audit trail ends at %s, the request is %s", tk.Number, state, tk.State)
	}
}

// checkCounter checks that the product numbers the next request after the demo's.
func checkCounter(t *testing.T, g generated) {
	t.Helper()
	ctx := context.Background()
	year := now.Year()
	count := 0
	for _, tk := range allTickets(t, g.store) {
		if strings.HasPrefix(tk.Number, fmt.Sprint(year)) {
			count++
		}
	}
	svc := core.New(core.Options{Store: g.store, Now: func() time.Time { return now.Add(time.Hour) }})
	u, err := svc.AddUser(ctx, access.System(), core.NewUser{Email: "test@region.example", Role: "agent"})
	if err != nil {
		t.Fatal(err)
	}
	tk, _, err := svc.CreateTicket(ctx, u.Actor(), core.NewTicket{Channel: "phone", Subject: "Après la démo", Topic: "autre"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%d-%06d", year, count+1); tk.Number != want {
		t.Errorf("next request numbered %s, want %s", tk.Number, want)
	}
}

// digest sums up what a demo holds: every request with its company, contact and
// messages, in number order.
func digest(t *testing.T, s *store.Store) string {
	t.Helper()
	h := sha256.New()
	for _, tk := range allTickets(t, s) {
		fmt.Fprintln(h, tk.Number, tk.Subject, tk.Channel, tk.State, tk.Scope, tk.Topic, tk.ConsultationRef,
			tk.Outcome, tk.TeamID, tk.Priority, tk.CreatedAt.UnixMicro(), tk.ResolvedAt.UnixMicro(), tk.Version)
		if tk.Company != nil {
			fmt.Fprintln(h, tk.Company.SIRET, tk.Company.Name, tk.Company.Size)
		}
		if tk.Contact != nil {
			fmt.Fprintln(h, tk.Contact.Name, tk.Contact.Email, tk.Contact.Phone)
		}
		msgs, err := s.FindMessages(context.Background(), tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			fmt.Fprintln(h, m.Kind, m.Body, m.CallDuration, m.CreatedAt.UnixMicro())
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestDeterminism: the same seed and now give the same data, on both databases
// alike; another seed gives other data.
func TestDeterminism(t *testing.T) {
	var mu sync.Mutex
	var digests []string
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		generate(t, s, 42, 200)
		a := digest(t, s) + " " + catalogDigest(t, s)
		other := storetest.OpenSQLite(t)
		generate(t, other, 42, 200)
		if b := digest(t, other) + " " + catalogDigest(t, other); a != b {
			t.Fatalf("the same seed gave two different demos: %s and %s", a, b)
		}
		third := storetest.OpenSQLite(t)
		generate(t, third, 43, 200)
		if c := digest(t, third); strings.HasPrefix(a, c) {
			t.Fatal("two seeds gave the same demo")
		}
		if c := catalogDigest(t, third); strings.HasSuffix(a, c) {
			t.Fatal("two seeds gave the same catalog")
		}
		mu.Lock()
		digests = append(digests, a)
		mu.Unlock()
	})
	for _, d := range digests[1:] {
		if d != digests[0] {
			t.Errorf("SQLite and PostgreSQL hold different demos: %v", digests)
		}
	}
}

// TestProgressLines: away from a terminal, a line every 10 %.
func TestProgressLines(t *testing.T) {
	s := storetest.OpenSQLite(t)
	var out bytes.Buffer
	svc := core.New(core.Options{Store: s})
	if _, err := demo.Generate(context.Background(), demo.Options{Store: s, Core: svc, Tickets: 400, Now: now, Progress: &out}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 10 || !strings.Contains(lines[9], "100 %") || !strings.Contains(lines[0], "10 %") {
		t.Fatalf("progress lines:\n%s", out.String())
	}
}

// TestOptions: the clock is the caller's, and nothing is written without it.
func TestOptions(t *testing.T) {
	s := storetest.OpenSQLite(t)
	_, err := demo.Generate(context.Background(), demo.Options{Store: s, Core: core.New(core.Options{Store: s})})
	if e, ok := err.(*errs.Error); !ok || e.Code != errs.Invalid {
		t.Fatalf("generation without now: %v", err)
	}
}
