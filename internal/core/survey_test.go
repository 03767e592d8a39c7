package core_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/report/reporttest"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// surveyFixture is a service whose clock the test moves, with surveys sent one
// hour after resolution.
type surveyFixture struct {
	svc *core.Service
	st  *store.Store
	mu  sync.Mutex
	now time.Time
}

func newSurveyFixture(t *testing.T, s *store.Store) *surveyFixture {
	f := &surveyFixture{st: s, now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
	f.svc = core.New(core.Options{Store: s, Now: f.clock, Mail: core.MailOptions{BaseURL: "https://guichet.example"},
		Reports: core.ReportOptions{SurveyDelay: time.Hour}})
	if err := f.svc.Seed(context.Background()); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *surveyFixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *surveyFixture) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// resolved writes a request resolved at the given time, its contact with email.
func (f *surveyFixture) resolved(t *testing.T, email string, at time.Time) int64 {
	return reporttest.Resolved(t, f.st, email, at)
}

func runJob(t *testing.T, svc *core.Service, name string) {
	t.Helper()
	for _, j := range svc.Jobs() {
		if j.Name == name {
			if err := j.Run(context.Background()); err != nil {
				t.Fatalf("job %s: %v", name, err)
			}
			return
		}
	}
	t.Fatalf("no job %s", name)
}

func surveyTokens(t *testing.T, s *store.Store) map[int64]string {
	return reporttest.SurveyTokens(t, s)
}

func codeOf(err error) errs.Code {
	if e, ok := err.(*errs.Error); ok {
		return e.Code
	}
	return ""
}

func TestSurveysAreSentOnceAfterTheDelay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newSurveyFixture(t, s)
		a := f.resolved(t, "a@entreprise.example", f.now.Add(-2*time.Hour))
		b := f.resolved(t, "b@entreprise.example", f.now.Add(-90*time.Minute))
		late := f.resolved(t, "c@entreprise.example", f.now.Add(-30*time.Minute))
		noMail := f.resolved(t, "", f.now.Add(-2*time.Hour))
		runJob(t, f.svc, "surveys")
		runJob(t, f.svc, "surveys") // a second run (or instance) sends nothing more
		got := surveyTokens(t, s)
		if len(got) != 2 || got[a] == "" || got[b] == "" {
			t.Fatalf("surveys after the first runs: %v", got)
		}
		f.advance(time.Hour)
		runJob(t, f.svc, "surveys")
		got = surveyTokens(t, s)
		if len(got) != 3 || got[late] == "" || got[noMail] != "" {
			t.Fatalf("surveys after the delay: %v", got)
		}
	})
}

func TestSurveyLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newSurveyFixture(t, s)
		ctx := context.Background()
		a := f.resolved(t, "a@entreprise.example", f.now.Add(-2*time.Hour))
		b := f.resolved(t, "b@entreprise.example", f.now.Add(-2*time.Hour))
		runJob(t, f.svc, "surveys")
		tokens := surveyTokens(t, s)
		ta, tb := tokens[a], tokens[b]

		// Nothing is preselected; one click rates; a second click changes the rating.
		if v, err := f.svc.Survey(ctx, ta); err != nil || v.Rating != 0 || v.Number == "" {
			t.Fatalf("survey page: %+v %v", v, err)
		}
		if v, err := f.svc.Rate(ctx, ta, 4); err != nil || v.Rating != 4 {
			t.Fatalf("rate 4: %+v %v", v, err)
		}
		if v, err := f.svc.Rate(ctx, ta, 2); err != nil || v.Rating != 2 {
			t.Fatalf("rate 2: %+v %v", v, err)
		}
		if _, err := f.svc.Rate(ctx, ta, 6); codeOf(err) != errs.Invalid {
			t.Errorf("a note of 6: %v", err)
		}
		// A note below 3 leaves a note for the supervisors on the request.
		msgs, err := f.svc.Messages(ctx, access.System(), a)
		if err != nil || len(msgs) == 0 || !strings.Contains(msgs[len(msgs)-1].Body, "note 2 / 5") {
			t.Errorf("no supervisors' note after a low rating: %v %v", msgs, err)
		}

		// Tampered signature, or the token moved to another request: refused.
		tampered := ta[:len(ta)-2] + flip(ta[len(ta)-2:])
		other := tb[:strings.Index(tb, ".")] + ta[strings.Index(ta, "."):]
		for name, tok := range map[string]string{"tampered": tampered, "other request": other, "cut": ta[:10],
			"garbage": "abc", "empty": ""} {
			if _, err := f.svc.Rate(ctx, tok, 5); codeOf(err) != errs.NotFound {
				t.Errorf("%s link: %v", name, err)
			}
		}
		// A comment once; its replay is refused.
		if _, err := f.svc.CommentSurvey(ctx, ta, "Réponse claire, merci."); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CommentSurvey(ctx, ta, "Réponse claire, merci."); codeOf(err) != errs.Conflict {
			t.Errorf("replayed comment: %v", err)
		}
		if _, err := f.svc.CommentSurvey(ctx, tb, strings.Repeat("x", 2001)); codeOf(err) != errs.Invalid {
			t.Errorf("a comment too long: %v", err)
		}
		// A rating given by phone closes the online survey; it never replaces an online rating.
		agent := access.Actor{UserID: 0, Name: "Agent", Role: access.Agent}
		if err := f.svc.RecordPhoneRating(ctx, agent, b, 5); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Rate(ctx, tb, 1); codeOf(err) != errs.Conflict {
			t.Errorf("online link after a phone rating: %v", err)
		}
		if err := f.svc.RecordPhoneRating(ctx, agent, a, 5); codeOf(err) != errs.Conflict {
			t.Errorf("phone rating over an online one: %v", err)
		}
		// The figures count them apart.
		day := report.Period{Kind: report.KindCustom, From: f.now.Add(-24 * time.Hour), To: f.now.Add(24 * time.Hour)}
		fig, err := f.svc.Figures(ctx, access.System(), day, report.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if fig.Online.Distribution != [5]int{0, 1, 0, 0, 0} || fig.Phone.Distribution != [5]int{0, 0, 0, 0, 1} ||
			fig.ResponseRate != (report.Ratio{Num: 1, Den: 2}) {
			t.Errorf("figures: online %v phone %v rate %v", fig.Online, fig.Phone, fig.ResponseRate)
		}
		// Past the validity (28 days by default), the links are refused.
		f.advance(28*24*time.Hour + time.Minute)
		if _, err := f.svc.Rate(ctx, ta, 5); codeOf(err) != errs.Conflict || !strings.Contains(err.Error(), "expiré") {
			t.Errorf("expired link: %v", err)
		}
	})
}

// flip changes the characters of a token's tail while keeping them base64url.
func flip(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c == 'A' {
			b.WriteRune('B')
		} else {
			b.WriteRune('A')
		}
	}
	return b.String()
}
