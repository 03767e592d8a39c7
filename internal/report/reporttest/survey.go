package reporttest

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// Resolved writes a request resolved at the given time by the cell, its contact
// with the given e-mail address ("" for none), and returns its id.
func Resolved(t testing.TB, s *store.Store, email string, at time.Time) int64 {
	t.Helper()
	var id int64
	ctx := context.Background()
	err := s.Write(ctx, func(tx *store.Tx) error {
		k := &company.Contact{Name: "Anne Dupont", Email: email, CreatedAt: at}
		if err := tx.CreateContact(ctx, k); err != nil {
			return err
		}
		tk := &ticket.Ticket{Channel: ticket.Email, Subject: "Question sur le lot 2", State: ticket.Resolved,
			Priority: ticket.Normal, Topic: "dce", Scope: ticket.General, TeamID: ticket.CellTeamID, ContactID: k.ID,
			Outcome: ticket.AnsweredByCell, CreatedAt: at.Add(-time.Hour), UpdatedAt: at, FirstResponseAt: at,
			ResolvedAt: at}
		err := tx.CreateTicket(ctx, tk)
		id = tk.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

var surveyLink = regexp.MustCompile(`/enquete/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)`)

// SurveyTokens reads the survey mails of the outbox: request id → the token of
// its links.
func SurveyTokens(t testing.TB, s *store.Store) map[int64]string {
	t.Helper()
	mails, err := s.FindOutMails(context.Background(), store.OutMailFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, m := range mails {
		if m.Template != "survey" {
			continue
		}
		// Undo quoted-printable's soft line breaks and its escaped "=".
		raw := strings.NewReplacer("=\r\n", "", "=\n", "", "=3D", "=").Replace(m.Raw)
		found := surveyLink.FindStringSubmatch(raw)
		if found == nil || m.Key == "" {
			t.Fatalf("survey mail without link or key: %q", m.Key)
		}
		out[m.TicketID] = found[1]
	}
	return out
}
