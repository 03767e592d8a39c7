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

// reportInput reads every aggregate of a period. The period's closed days are
// summed from the daily aggregates (report_cache.go), the rest — today, the days
// to come, the period as a whole when the cache is off — read live; the reads are
// independent index ranges, run side by side on the read pool.
func (s *Service) reportInput(ctx context.Context, p report.Period, f report.Filter) (report.Input, error) {
	if err := s.CheckReportFilter(ctx, f); err != nil {
		return report.Input{}, err
	}
	in := report.Input{Period: p, Filter: f}
	env, err := s.reportEnv(ctx, p)
	if err != nil {
		return in, err
	}
	in.Teams, in.Topics = env.teams, env.topics
	sc := store.ReportScope{From: p.From, To: p.To, Team: f.Team, Channel: f.Channel, Topic: f.Topic}
	now := s.clock()
	past := now // what is decided by now: due times already passed
	if p.To.Before(now) {
		past = p.To
	}
	// The closed days: from the period's start to today's midnight at most.
	split := p.From
	if ctx.Value(noReportCache{}) == nil {
		today := time.Date(now.In(s.loc).Year(), now.In(s.loc).Month(), now.In(s.loc).Day(), 0, 0, 0, 0, s.loc).UTC()
		split = today
		if split.Before(p.From) {
			split = p.From
		}
		if split.After(p.To) {
			split = p.To
		}
	}
	part, live := newReportPart(), sc
	live.From = split
	var volumes map[time.Time]int
	steps := []func() error{
		func() (err error) { in.PastDueUnanswered, err = s.store.ReportPastDue(ctx, sc, past); return },
	}
	if split.After(p.From) {
		steps = append(steps, func() (err error) { part, volumes, err = s.cachedPart(ctx, p.From, split, f, &env); return })
	}
	var rest reportPart
	if live.From.Before(live.To) {
		steps = append(steps, func() (err error) { rest, err = s.reportPartOf(ctx, live, &env); return })
	}
	if err := runAll(steps); err != nil {
		return in, err
	}
	part.add(rest)
	if in.ByWeek, err = s.weeklyVolume(ctx, sc, p, split, volumes); err != nil {
		return in, err
	}
	if in.Consultations, err = s.rankConsultations(ctx, part.Consultations); err != nil {
		return in, err
	}
	in.ByChannel, in.ByTopic = part.ByChannel, part.ByTopic
	in.WithCompany, in.Local, in.LocalTPE = part.WithCompany, part.Local, part.LocalTPE
	in.ByOutcome, in.Escalated = part.ByOutcome, part.Escalated
	in.FirstResponses, in.Resolutions = part.FirstResponses, part.Resolutions
	in.SLAFirstDue, in.SLAFirstMet = part.SLA.FirstDue, part.SLA.FirstMet
	in.SLAResolutionDue, in.SLAResolutionMet = part.SLA.ResolutionDue, part.SLA.ResolutionMet
	in.SurveysSent, in.SurveysAnswered = part.Surveys.Sent, part.Surveys.Answered
	in.Ratings, in.PhoneRatings = part.Surveys.Online, part.Surveys.Phone
	return in, nil
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

// weeklyVolume counts the requests of each ISO week of the period: the days
// before split from their daily volumes, the others live.
func (s *Service) weeklyVolume(ctx context.Context, sc store.ReportScope, p report.Period, split time.Time,
	volumes map[time.Time]int) ([]report.Bucket, error) {
	var out []report.Bucket
	for _, w := range p.Weeks() {
		n := 0
		for d, v := range volumes {
			if !d.Before(w.From) && d.Before(w.To) {
				n += v
			}
		}
		if w.To.After(split) {
			wsc := sc
			wsc.From, wsc.To = w.From, w.To
			if split.After(w.From) {
				wsc.From = split
			}
			c, err := s.store.ReportCountCreated(ctx, wsc)
			if err != nil {
				return nil, err
			}
			n += c
		}
		y, wk := w.From.ISOWeek()
		out = append(out, report.Bucket{Key: w.ISOWeek(), Label: fmt.Sprintf("S%02d %d", wk, y), N: n,
			From: w.From, To: w.To})
	}
	return out, nil
}

// companyShares counts, among requests by company kind, those with a known
// company, from the territory, and from a TPE of the territory.
func (s *Service) companyShares(cs []store.CompanyCount) (with, local, localTPE int) {
	for _, co := range cs {
		with += co.N
		if s.territory.Contains(co.Departement) {
			local += co.N
			if company.Size(co.Size) == company.TPE {
				localTPE += co.N
			}
		}
	}
	return with, local, localTPE
}

// reportCalendar is the business calendar the delays are measured on: the one
// the admin saved (/agent/admin/routage), or the default one — the cell's opening
// hours and public holidays — in the cell's time zone.
func (s *Service) reportCalendar(ctx context.Context) (sla.Calendar, error) {
	cfg, err := s.loadConfig(ctx, s.store)
	if err != nil {
		return sla.Calendar{}, err
	}
	cal := cfg.Calendar
	if cal.Location == nil {
		cal.Location = s.loc
	}
	return cal, nil
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
