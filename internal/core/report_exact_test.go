package core_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/report/reporttest"
	"github.com/guichet/guichet/internal/sla"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

// The figures as the store counts them (index ranges, skip scans, per-team counts,
// a period computed once when two comparisons are the same) equal the figures
// computed the straightforward way — every request of a random dataset looked at
// in Go, business time asked of the calendar — for weeks, a month, years and
// custom days, with and without filters.
func TestFiguresEqualStraightforwardComputation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, teams, topics := reportService(t, s)
		ctx := context.Background()
		ds := randomDataset(t, s, teams, topics, 3000)
		loc := svc.Location()
		periods := []report.Period{
			report.Week(2026, 47, loc), report.Week(2026, 30, loc), report.Month(2026, time.October, loc),
			report.Year(2025, loc), report.Year(2026, loc),
			{Kind: report.KindCustom, From: time.Date(2025, 12, 20, 0, 0, 0, 0, loc), To: time.Date(2026, 1, 9, 0, 0, 0, 0, loc)},
		}
		filters := []report.Filter{{}, {Channel: "phone"}, {Team: "travaux"}, {Topic: topics[0].ID},
			{Channel: "email", Topic: topics[1].ID, Team: ticket.CellTeamID}}
		for _, p := range periods {
			for _, f := range filters {
				c, err := svc.CompareFigures(ctx, access.System(), p, f)
				if err != nil {
					t.Fatal(err)
				}
				for i, got := range []report.Figures{c.Current, c.Previous, c.YearBefore} {
					q := []report.Period{p, p.Previous(), p.YearBefore()}[i]
					want := report.Compute(ds.input(q, f, loc, svc.Territory(), teams, topics))
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s %+v (comparison %d):\n got %+v\nwant %+v", q.Label(), f, i, got, want)
					}
				}
				if got, err := svc.Figures(ctx, access.System(), p, f); err != nil || !reflect.DeepEqual(got, c.Current) {
					t.Errorf("%s %+v: Figures and CompareFigures differ (%v)", p.Label(), f, err)
				}
			}
		}
	})
}

type exactTicket struct {
	ticket.Ticket
	dep, size string
	held      []string // teams given by the audit trail
	survey    *exactSurvey
}

type exactSurvey struct {
	sent, rated time.Time
	rating      int
	phone       bool
}

type exactDataset struct {
	tickets []exactTicket
	objects map[string]string // consultation reference → object
	now     time.Time
}

// randomDataset writes n requests created from January 2024 to the tests' now,
// with random channels, topics, teams, companies, consultations, team changes,
// responses, resolutions, due times and surveys.
func randomDataset(t *testing.T, s *store.Store, teams, topics []report.Label, n int) *exactDataset {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(47, 2026))
	ds := &exactDataset{objects: map[string]string{}, now: reporttest.Now}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	span := reporttest.Now.Sub(start)
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	rnd := func(max time.Duration) time.Duration {
		return time.Duration(r.Int64N(int64(max)/1e6)) * time.Millisecond
	}
	err := s.Write(ctx, func(tx *store.Tx) error {
		var cos []*company.Company
		for i, dep := range []string{"69", "38", "75", "01", "2A", "69", "42", "13"} {
			c := &company.Company{SIRET: fmt.Sprintf("%014d", 10000000000000+i), SIREN: fmt.Sprintf("%09d", 100000000+i),
				Name: fmt.Sprintf("Entreprise %d", i), Departement: dep,
				Size: []company.Size{company.TPE, company.PME, company.GE}[i%3], CreatedAt: start, UpdatedAt: start}
			if err := tx.CreateCompany(ctx, c); err != nil {
				return err
			}
			cos = append(cos, c)
		}
		var refs []string
		for i := range 14 {
			ref := fmt.Sprintf("2026-REG-%03d", i)
			refs = append(refs, ref)
			if i%2 == 0 {
				ds.objects[ref] = "Marché " + ref
				if _, err := tx.UpsertConsultation(ctx, &tender.Consultation{Reference: ref, Object: ds.objects[ref],
					CreatedAt: start, UpdatedAt: start}); err != nil {
					return err
				}
			}
		}
		for i := range n {
			created := start.Add(rnd(span)).Truncate(time.Second)
			tk := ticket.Ticket{Channel: ticket.Channel(pick("phone", "email", "web", "portal", "api")),
				Subject: fmt.Sprintf("Demande %d", i), State: ticket.Open, Priority: ticket.Normal,
				Topic: topics[r.IntN(len(topics))].ID, Scope: ticket.General, TeamID: teams[r.IntN(len(teams))].ID,
				CreatedAt: created, UpdatedAt: created, Version: 1,
				Due: ticket.Due{FirstResponse: created.Add(rnd(96 * time.Hour)), Resolution: created.Add(rnd(30 * 24 * time.Hour))}}
			if r.IntN(4) > 0 {
				tk.ConsultationRef = pick(refs...)
			}
			et := exactTicket{}
			if r.IntN(5) > 0 {
				c := cos[r.IntN(len(cos))]
				tk.CompanyID, et.dep, et.size = c.ID, c.Departement, string(c.Size)
			}
			if r.IntN(5) > 0 {
				tk.FirstResponseAt = created.Add(rnd(120 * time.Hour))
			}
			if r.IntN(4) > 0 {
				tk.ResolvedAt = created.Add(rnd(40 * 24 * time.Hour))
				tk.State = ticket.Resolved
				tk.Outcome = ticket.Outcome(pick("answered_by_cell", "answered_by_service", "redirected_to_buyer", "off_topic"))
				if r.IntN(200) == 0 {
					tk.Outcome = "ancienne_issue" // a value of an older version: counted all the same
				}
				if tk.ResolvedAt.After(reporttest.Now) {
					tk.ResolvedAt, tk.State, tk.Outcome = time.Time{}, ticket.Open, ""
				}
			}
			if tk.FirstResponseAt.After(reporttest.Now) {
				tk.FirstResponseAt = time.Time{}
			}
			if err := tx.CreateTicket(ctx, &tk); err != nil {
				return err
			}
			for range r.IntN(3) {
				team := teams[r.IntN(len(teams))].ID
				et.held = append(et.held, team)
				if err := tx.CreateAudit(ctx, tk.ID, 0, created.Add(time.Minute), "",
					[]ticket.Change{{Field: "team", Old: ticket.CellTeamID, New: team}}); err != nil {
					return err
				}
			}
			switch {
			case !tk.ResolvedAt.IsZero() && r.IntN(2) == 0:
				sv := &exactSurvey{sent: tk.ResolvedAt.Add(24 * time.Hour)}
				if _, err := tx.CreateSurvey(ctx, store.Survey{TicketID: tk.ID, Email: "a@example.org", SentAt: sv.sent,
					ExpiresAt: sv.sent.AddDate(0, 0, 28), CreatedAt: sv.sent}); err != nil {
					return err
				}
				if r.IntN(3) > 0 {
					sv.rating, sv.rated = 1+r.IntN(5), sv.sent.Add(rnd(20*24*time.Hour)).Truncate(time.Second)
					if err := tx.RateSurvey(ctx, tk.ID, sv.rating, sv.rated); err != nil {
						return err
					}
				}
				et.survey = sv
			case r.IntN(10) == 0:
				sv := &exactSurvey{rating: 1 + r.IntN(5), rated: created.Add(time.Hour), phone: true}
				if _, err := tx.RecordPhoneRating(ctx, tk.ID, sv.rating, 0, sv.rated); err != nil {
					return err
				}
				et.survey = sv
			}
			et.Ticket = tk
			ds.tickets = append(ds.tickets, et)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("random dataset: %v", err)
	}
	return ds
}

// input computes a period's aggregates by looking at every request.
func (ds *exactDataset) input(p report.Period, f report.Filter, loc *time.Location, terr company.Territory,
	teams, topics []report.Label) report.Input {
	in := report.Input{Period: p, Filter: f, ByChannel: map[string]int{}, ByTopic: map[string]int{},
		ByOutcome: map[string]int{}, Escalated: map[string]int{}, Teams: teams, Topics: topics}
	cal := sla.DefaultCalendar()
	cal.Location = loc
	in2 := func(t time.Time, from, to time.Time) bool { return !t.IsZero() && !t.Before(from) && t.Before(to) }
	past := p.To
	if past.After(ds.now) {
		past = ds.now
	}
	cons := map[string]int{}
	for _, tk := range ds.tickets {
		if (f.Team != "" && tk.TeamID != f.Team) || (f.Channel != "" && string(tk.Channel) != f.Channel) ||
			(f.Topic != "" && tk.Topic != f.Topic) {
			continue
		}
		if in2(tk.CreatedAt, p.From, p.To) {
			in.ByChannel[string(tk.Channel)]++
			in.ByTopic[tk.Topic]++
			if tk.CompanyID != 0 {
				in.WithCompany++
				if terr.Contains(tk.dep) {
					in.Local++
					if tk.size == string(company.TPE) {
						in.LocalTPE++
					}
				}
			}
			for _, team := range teams {
				if !team.IsCell && (tk.TeamID == team.ID || slices.Contains(tk.held, team.ID)) {
					in.Escalated[team.ID]++
				}
			}
			if tk.ConsultationRef != "" {
				cons[tk.ConsultationRef]++
			}
		}
		if in2(tk.ResolvedAt, p.From, p.To) {
			in.ByOutcome[string(tk.Outcome)]++
			in.Resolutions = append(in.Resolutions, cal.BusinessTimeBetween(tk.CreatedAt, tk.ResolvedAt))
		}
		if in2(tk.FirstResponseAt, p.From, p.To) {
			in.FirstResponses = append(in.FirstResponses, cal.BusinessTimeBetween(tk.CreatedAt, tk.FirstResponseAt))
		}
		before := func(a, b time.Time) bool { return !a.IsZero() && !a.After(b) }
		if in2(tk.Due.FirstResponse, p.From, past) {
			in.SLAFirstDue++
			if before(tk.FirstResponseAt, tk.Due.FirstResponse) || before(tk.ResolvedAt, tk.Due.FirstResponse) {
				in.SLAFirstMet++
			}
		}
		if in2(tk.Due.Resolution, p.From, past) {
			in.SLAResolutionDue++
			if before(tk.ResolvedAt, tk.Due.Resolution) {
				in.SLAResolutionMet++
			}
		}
		open := func(at time.Time) bool { return at.IsZero() || !at.Before(past) }
		if tk.Due.FirstResponse.Before(past) && tk.CreatedAt.Before(past) && open(tk.ResolvedAt) && open(tk.FirstResponseAt) {
			in.PastDueUnanswered++
		}
		if sv := tk.survey; sv != nil {
			if in2(sv.sent, p.From, p.To) {
				in.SurveysSent++
				if sv.rating > 0 && !sv.phone {
					in.SurveysAnswered++
				}
			}
			if sv.rating > 0 && in2(sv.rated, p.From, p.To) {
				if sv.phone {
					in.PhoneRatings[sv.rating-1]++
				} else {
					in.Ratings[sv.rating-1]++
				}
			}
		}
	}
	for _, w := range p.Weeks() {
		n := 0
		for _, tk := range ds.tickets {
			if in2(tk.CreatedAt, w.From, w.To) && (f.Team == "" || tk.TeamID == f.Team) &&
				(f.Channel == "" || string(tk.Channel) == f.Channel) && (f.Topic == "" || tk.Topic == f.Topic) {
				n++
			}
		}
		y, wk := w.From.ISOWeek()
		in.ByWeek = append(in.ByWeek, report.Bucket{Key: w.ISOWeek(), Label: fmt.Sprintf("S%02d %d", wk, y), N: n,
			From: w.From, To: w.To})
	}
	refs := make([]string, 0, len(cons))
	for ref := range cons {
		refs = append(refs, ref)
	}
	slices.SortFunc(refs, func(a, b string) int {
		if cons[a] != cons[b] {
			return cons[b] - cons[a]
		}
		return map[bool]int{true: -1, false: 1}[a < b]
	})
	in.Consultations = []report.Bucket{}
	for _, ref := range refs[:min(10, len(refs))] {
		in.Consultations = append(in.Consultations, report.Bucket{Key: ref, Label: ds.objects[ref], N: cons[ref]})
	}
	return in
}

// reportService is a service on s at the report fixtures' now (reporttest.Now),
// seeded, with the team and topic codes the random datasets draw from.
func reportService(t *testing.T, s *store.Store) (svc *core.Service, teams, topics []report.Label) {
	t.Helper()
	svc = core.New(core.Options{Store: s, Now: func() time.Time { return reporttest.Now }})
	ctx := context.Background()
	if err := svc.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	teams, topics, err := svc.ReportLabels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return svc, teams, topics
}
