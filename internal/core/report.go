package core

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/sla"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// topConsultations is how many consultations the "most asked about" list keeps.
const topConsultations = 10

// Figures computes the cell's figures for a period and a filter: the one
// computation behind the dashboard, the weekly report, the CSV export and the API.
func (s *Service) Figures(ctx context.Context, a access.Actor, p report.Period, f report.Filter) (report.Figures, error) {
	if err := a.Check(access.ReadReports, ""); err != nil {
		return report.Figures{}, err
	}
	in, err := s.reportInput(ctx, p, f)
	if err != nil {
		return report.Figures{}, err
	}
	return report.Compute(in), nil
}

// Comparison is a period's figures beside the previous period's and those of the
// same period a year before.
type Comparison struct {
	Current, Previous, YearBefore report.Figures
}

// CompareFigures computes a period's figures and those it is compared with on the
// dashboard, the three at once.
func (s *Service) CompareFigures(ctx context.Context, a access.Actor, p report.Period, f report.Filter) (Comparison, error) {
	var c Comparison
	periods := []report.Period{p, p.Previous(), p.YearBefore()}
	out := []*report.Figures{&c.Current, &c.Previous, &c.YearBefore}
	if p.Previous().Same(p.YearBefore()) { // a year: the previous period is the year before
		periods, out = periods[:2], out[:2]
	}
	var wg sync.WaitGroup
	errc := make([]error, len(periods))
	for i := range periods {
		wg.Go(func() { *out[i], errc[i] = s.Figures(ctx, a, periods[i], f) })
	}
	wg.Wait()
	for _, err := range errc {
		if err != nil {
			return c, err
		}
	}
	if len(periods) == 2 {
		c.YearBefore = c.Previous
	}
	return c, nil
}

// CheckReportFilter validates a filter against the configured teams and topics.
func (s *Service) CheckReportFilter(ctx context.Context, f report.Filter) error {
	var fe errs.Fields
	if f.Channel != "" && !ticket.Channel(f.Channel).Valid() {
		fe.Add("channel", fmt.Sprintf("canal inconnu « %s » (phone, email, web, portal ou api)", f.Channel))
	}
	if f.Team != "" || f.Topic != "" {
		teams, topics, err := s.reportLabels(ctx)
		if err != nil {
			return err
		}
		if f.Team != "" && !hasLabel(teams, f.Team) {
			fe.Add("team", fmt.Sprintf("équipe inconnue « %s »", f.Team))
		}
		if f.Topic != "" && !hasLabel(topics, f.Topic) {
			fe.Add("topic", fmt.Sprintf("thème inconnu « %s »", f.Topic))
		}
	}
	return fe.Err()
}

func hasLabel(ls []report.Label, id string) bool {
	for _, l := range ls {
		if l.ID == id {
			return true
		}
	}
	return false
}

// reportInput reads every aggregate of a period. The reads are independent index
// ranges, run side by side on the read pool.
func (s *Service) reportInput(ctx context.Context, p report.Period, f report.Filter) (report.Input, error) {
	if err := s.CheckReportFilter(ctx, f); err != nil {
		return report.Input{}, err
	}
	in := report.Input{Period: p, Filter: f}
	sc := store.ReportScope{From: p.From, To: p.To, Team: f.Team, Channel: f.Channel, Topic: f.Topic}
	now := s.clock()
	past := sc // what is decided by now: due times already passed
	if past.To.After(now) {
		past.To = now
	}
	cal := s.reportCalendar()
	steps := []func() error{
		func() error { return s.createdCounts(ctx, sc, &in) },
		func() (err error) { in.ByWeek, err = s.weeklyVolume(ctx, sc, p); return },
		func() (err error) { in.ByOutcome, err = s.store.ReportOutcomes(ctx, sc); return },
		func() error {
			teams, _, err := s.reportLabels(ctx)
			if err != nil {
				return err
			}
			var services []string
			for _, t := range teams {
				if !t.IsCell {
					services = append(services, t.ID)
				}
			}
			in.Escalated, err = s.store.ReportEscalations(ctx, sc, services)
			return err
		},
		func() (err error) { in.Consultations, err = s.topConsultations(ctx, sc); return },
		func() (err error) {
			in.FirstResponses, err = delays(s.store.ReportFirstResponses(ctx, sc))(cal, p)
			return
		},
		func() (err error) { in.Resolutions, err = delays(s.store.ReportResolutions(ctx, sc))(cal, p); return },
		func() error {
			c, err := s.store.ReportSLA(ctx, past)
			in.SLAFirstDue, in.SLAFirstMet, in.SLAResolutionDue, in.SLAResolutionMet = c.FirstDue, c.FirstMet,
				c.ResolutionDue, c.ResolutionMet
			return err
		},
		func() (err error) { in.PastDueUnanswered, err = s.store.ReportPastDue(ctx, sc, past.To); return },
		func() error {
			c, err := s.store.ReportSurveys(ctx, sc)
			in.SurveysSent, in.SurveysAnswered, in.Ratings, in.PhoneRatings = c.Sent, c.Answered, c.Online, c.Phone
			return err
		},
		func() (err error) { in.Teams, in.Topics, err = s.reportLabels(ctx); return },
	}
	return in, runAll(steps)
}

// runAll runs fns concurrently and returns the first error.
func runAll(fns []func() error) error {
	errc := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Go(func() { errc[i] = fn() })
	}
	wg.Wait()
	for _, err := range errc {
		if err != nil {
			return err
		}
	}
	return nil
}

// weeklyVolume counts the requests of each ISO week of the period.
func (s *Service) weeklyVolume(ctx context.Context, sc store.ReportScope, p report.Period) ([]report.Bucket, error) {
	var out []report.Bucket
	for _, w := range p.Weeks() {
		wsc := sc
		wsc.From, wsc.To = w.From, w.To
		n, err := s.store.ReportCountCreated(ctx, wsc)
		if err != nil {
			return nil, err
		}
		y, wk := w.From.ISOWeek()
		out = append(out, report.Bucket{Key: w.ISOWeek(), Label: fmt.Sprintf("S%02d %d", wk, y), N: n,
			From: w.From, To: w.To})
	}
	return out, nil
}

// createdCounts counts the requests created in the period by channel and topic,
// and those with a known company, from the territory, and from a TPE of the
// territory.
func (s *Service) createdCounts(ctx context.Context, sc store.ReportScope, in *report.Input) error {
	c, err := s.store.ReportCreated(ctx, sc)
	in.ByChannel, in.ByTopic = c.ByChannel, c.ByTopic
	for _, co := range c.Companies {
		in.WithCompany += co.N
		if s.territory.Contains(co.Departement) {
			in.Local += co.N
			if company.Size(co.Size) == company.TPE {
				in.LocalTPE += co.N
			}
		}
	}
	return err
}

func (s *Service) topConsultations(ctx context.Context, sc store.ReportScope) ([]report.Bucket, error) {
	cs, err := s.store.ReportConsultations(ctx, sc, topConsultations)
	out := make([]report.Bucket, 0, len(cs))
	for _, c := range cs {
		out = append(out, report.Bucket{Key: c.Ref, Label: c.Object, N: c.N})
	}
	return out, err
}

// delays turns intervals into business-time delays on the cell's calendar. The
// clock prepares the days from a year before the period to its end (older
// creations are measured by the calendar itself).
func delays(ivs []store.Interval, err error) func(sla.Calendar, report.Period) ([]time.Duration, error) {
	return func(cal sla.Calendar, p report.Period) ([]time.Duration, error) {
		if err != nil || len(ivs) == 0 {
			return nil, err
		}
		from := p.From
		for _, iv := range ivs {
			if iv.From.Before(from) {
				from = iv.From
			}
		}
		if oldest := p.From.AddDate(-1, 0, 0); from.Before(oldest) {
			from = oldest
		}
		clock := report.NewBusinessClock(cal, from, p.To)
		out := make([]time.Duration, len(ivs))
		for i, iv := range ivs {
			out[i] = clock.Between(iv.From, iv.To)
		}
		return out, nil
	}
}

// reportCalendar is the business calendar the delays are measured on: the cell's
// opening hours and public holidays, in its time zone.
func (s *Service) reportCalendar() sla.Calendar {
	cal := sla.DefaultCalendar()
	cal.Location = s.loc
	return cal
}

// reportLabels names the teams and topics.
func (s *Service) reportLabels(ctx context.Context) (teams, topics []report.Label, err error) {
	tms, err := s.store.FindTeams(ctx)
	if err != nil {
		return nil, nil, err
	}
	tps, err := s.store.FindTopics(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range tms {
		teams = append(teams, report.Label{ID: t.ID, Name: t.Name, IsCell: t.IsCell})
	}
	for _, t := range tps {
		topics = append(topics, report.Label{ID: t.ID, Name: t.LabelFR})
	}
	return teams, topics, nil
}

// ReportDocument is the report of a period: its figures, titled with the cell's
// name, dated now.
func (s *Service) ReportDocument(ctx context.Context, a access.Actor, p report.Period, f report.Filter) (report.Document, error) {
	fig, err := s.Figures(ctx, a, p, f)
	if err != nil {
		return report.Document{}, err
	}
	teams, _, err := s.reportLabels(ctx)
	if err != nil {
		return report.Document{}, err
	}
	cell := "Cellule contact marchés publics"
	for _, t := range teams {
		if t.IsCell {
			cell = t.Name
		}
	}
	return report.NewDocument(&fig, cell, s.clock().In(s.loc)), nil
}

// maxExport bounds a CSV export of requests: past it the file is cut, and the
// caller is told (a spreadsheet opens a million lines, not more).
const maxExport = 200_000

// ExportTickets calls fn with every request a filter selects, page after page,
// in the filter's order; it stops after maxExport requests and reports whether
// the list was cut.
func (s *Service) ExportTickets(ctx context.Context, a access.Actor, f ticket.Filter, fn func(*ticket.Ticket) error) (cut bool, err error) {
	f.Limit, f.After = ticket.MaxLimit, nil
	for n := 0; ; {
		pg, err := s.Tickets(ctx, a, f)
		if err != nil {
			return false, err
		}
		for _, tk := range pg.Items {
			if n == maxExport {
				return true, nil
			}
			if err := fn(tk); err != nil {
				return false, err
			}
			n++
		}
		if pg.Next == nil {
			return false, nil
		}
		f.After = pg.Next
	}
}

// ReportLabels names the teams and the topics, for the exports.
func (s *Service) ReportLabels(ctx context.Context) (teams, topics []report.Label, err error) {
	return s.reportLabels(ctx)
}
