package core_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// lowRatingMails lists the "low_rating" mails of the outbox, by subject.
func lowRatingMails(t *testing.T, svc *core.Service, ticketID int64) []core.QueuedMail {
	t.Helper()
	all, err := svc.Outbox(context.Background(), access.System(), "", ticketID, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []core.QueuedMail
	for _, m := range all {
		if m.Template == "low_rating" {
			out = append(out, m)
		}
	}
	return out
}

// A note below 3 mails the supervisors once per (request, note): a replay of the
// same link sends nothing more, a changed note is mailed again, a good note none.
func TestLowRatingMailsSupervisors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newSurveyFixture(t, s)
		ctx := context.Background()
		for _, email := range []string{"chef@region.example", "cheffe@region.example"} {
			if _, err := f.svc.AddUser(ctx, access.System(), core.NewUser{Email: email, Name: "Sup", Role: "supervisor"}); err != nil {
				t.Fatal(err)
			}
		}
		a := f.resolved(t, "a@entreprise.example", f.now.Add(-2*time.Hour))
		b := f.resolved(t, "b@entreprise.example", f.now.Add(-2*time.Hour))
		c := f.resolved(t, "c@entreprise.example", f.now.Add(-2*time.Hour))
		runJob(t, f.svc, "surveys")
		tok := surveyTokens(t, s)

		if _, err := f.svc.Rate(ctx, tok[a], 4); err != nil {
			t.Fatal(err)
		}
		if got := lowRatingMails(t, f.svc, a); len(got) != 0 {
			t.Fatalf("a note of 4 mailed the supervisors: %+v", got)
		}
		for _, note := range []int{2, 2, 1, 2} { // the second 2 is a replay; 1 then 2 again changes
			if _, err := f.svc.Rate(ctx, tok[a], note); err != nil {
				t.Fatal(err)
			}
		}
		got := lowRatingMails(t, f.svc, a)
		if len(got) != 2 {
			t.Fatalf("low-rating mails for 4, 2, 2, 1, 2: %d, want 2 (one per note): %+v", len(got), got)
		}
		subjects := got[0].Subject + " | " + got[1].Subject
		if !strings.Contains(subjects, "2 / 5") || !strings.Contains(subjects, "1 / 5") || !strings.Contains(subjects, "[Demande ") {
			t.Errorf("subjects: %s", subjects)
		}
		if strings.Join(got[0].To, ",") != "chef@region.example,cheffe@region.example" {
			t.Errorf("recipients: %v", got[0].To)
		}

		// By phone: mailed once, a second record of the same note is no new mail.
		agent := access.Actor{Name: "Agent", Role: access.Agent}
		for range 2 {
			if err := f.svc.RecordPhoneRating(ctx, agent, b, 1); err != nil {
				t.Fatal(err)
			}
		}
		if got := lowRatingMails(t, f.svc, b); len(got) != 1 || !strings.Contains(got[0].Subject, "1 / 5") {
			t.Errorf("phone low rating mails: %+v", got)
		}
		// A refused note (out of range) writes nothing.
		if _, err := f.svc.Rate(ctx, tok[c], 0); err == nil {
			t.Fatal("a note of 0 was accepted")
		}
		if got := lowRatingMails(t, f.svc, c); len(got) != 0 {
			t.Errorf("a refused note mailed: %+v", got)
		}
	})
}
