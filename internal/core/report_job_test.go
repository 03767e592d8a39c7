package core_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/report/reporttest"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// weeklyMails lists the weekly report mails of the outbox.
func weeklyMails(t *testing.T, s *store.Store) []*store.OutMail {
	t.Helper()
	mails, err := s.FindOutMails(context.Background(), store.OutMailFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []*store.OutMail
	for _, m := range mails {
		if m.Template == "weekly_report" {
			out = append(out, m)
		}
	}
	return out
}

func TestWeeklyReportIsMailedOnMondayOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newSurveyFixture(t, s)
		ctx := context.Background()
		reporttest.Seed(t, s)
		if _, err := f.svc.AddUser(ctx, access.System(), core.NewUser{Email: "chef@region.example", Name: "Cheffe",
			Role: "supervisor"}); err != nil {
			t.Fatal(err)
		}
		f.now = time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC) // Monday 7:00 in Paris: before 7:30
		runJob(t, f.svc, "weekly_report")
		if got := weeklyMails(t, s); len(got) != 0 {
			t.Fatalf("sent before its time: %d", len(got))
		}
		f.advance(45 * time.Minute)
		runJob(t, f.svc, "weekly_report")
		runJob(t, f.svc, "weekly_report") // again, or a second instance: nothing more
		got := weeklyMails(t, s)
		if len(got) != 1 {
			t.Fatalf("weekly mails: %d", len(got))
		}
		m := got[0]
		raw := strings.NewReplacer("=\r\n", "", "=\n", "").Replace(m.Raw)
		for _, want := range []string{"chef@region.example", "guichet-2026-W47.pdf", "guichet-2026-W47.csv",
			"application/pdf"} {
			if !strings.Contains(raw, want) {
				t.Errorf("weekly mail lacks %q", want)
			}
		}
		if m.Key != "weekly_report:2026-W47" || len(m.Recipients) != 1 {
			t.Errorf("key %q, recipients %v", m.Key, m.Recipients)
		}
	})
}

func TestMissedWeeklyReportIsCaughtUpOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newSurveyFixture(t, s)
		ctx := context.Background()
		if _, err := f.svc.AddUser(ctx, access.System(), core.NewUser{Email: "chef@region.example", Name: "Cheffe",
			Role: "supervisor"}); err != nil {
			t.Fatal(err)
		}
		// The server was down on Monday; it comes back on Wednesday.
		f.now = time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)
		runJob(t, f.svc, "weekly_report")
		f.advance(time.Hour)
		runJob(t, f.svc, "weekly_report")
		if got := weeklyMails(t, s); len(got) != 1 || got[0].Key != "weekly_report:2026-W47" {
			t.Fatalf("caught-up mails: %d", len(got))
		}
		// The next Monday sends the next week.
		f.now = time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
		runJob(t, f.svc, "weekly_report")
		if got := weeklyMails(t, s); len(got) != 2 || got[1].Key != "weekly_report:2026-W48" {
			t.Fatalf("next week: %d", len(got))
		}
	})
}
