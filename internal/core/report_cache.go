package core

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/sla"
	"github.com/guichet/guichet/internal/store"
)

// The figures of a long period are summed from daily aggregates (docs/reports.md,
// "Speed"). Every aggregate but one is a count or a list that a period's days add
// up to: requests created per channel, topic, company kind, team held and
// consultation on their creation day; outcomes on their resolution day; the
// business-time delays — kept whole, sorted, so that a median over the days is the
// median of their merged lists —; SLA counts on their due day; surveys on their
// sending and rating days. "Past due at the end of the period" is not: it is read
// live. A closed past day's aggregates are computed once per filter and kept
// (report_days, migration 0014); today and later days are read live. Triggers mark
// a day dirty when a change touches one of its times, and the marks are applied —
// the day's rows dropped — before any row is read, so the figures stay exact.

// reportPart holds the aggregates that add up over days.
type reportPart struct {
	ByChannel     map[string]int     `json:"ch"`
	ByTopic       map[string]int     `json:"tp"`
	WithCompany   int                `json:"co"`
	Local         int                `json:"lo"`
	LocalTPE      int                `json:"tpe"`
	ByOutcome     map[string]int     `json:"out"`
	Escalated     map[string]int     `json:"esc"`
	Consultations map[string]int     `json:"cons"`
	SLA           store.SLACounts    `json:"sla"`
	Surveys       store.SurveyCounts `json:"sv"`

	FirstResponses []time.Duration `json:"-"`
	Resolutions    []time.Duration `json:"-"`
}

func newReportPart() reportPart {
	return reportPart{ByChannel: map[string]int{}, ByTopic: map[string]int{}, ByOutcome: map[string]int{},
		Escalated: map[string]int{}, Consultations: map[string]int{}}
}

// volume is the number of requests created.
func (p *reportPart) volume() int {
	n := 0
	for _, v := range p.ByChannel {
		n += v
	}
	return n
}

// add adds q's aggregates to p's.
func (p *reportPart) add(q reportPart) {
	for _, m := range [][2]map[string]int{{p.ByChannel, q.ByChannel}, {p.ByTopic, q.ByTopic},
		{p.ByOutcome, q.ByOutcome}, {p.Escalated, q.Escalated}, {p.Consultations, q.Consultations}} {
		for k, v := range m[1] {
			m[0][k] += v
		}
	}
	p.WithCompany += q.WithCompany
	p.Local += q.Local
	p.LocalTPE += q.LocalTPE
	p.SLA.FirstDue += q.SLA.FirstDue
	p.SLA.FirstMet += q.SLA.FirstMet
	p.SLA.ResolutionDue += q.SLA.ResolutionDue
	p.SLA.ResolutionMet += q.SLA.ResolutionMet
	p.Surveys.Sent += q.Surveys.Sent
	p.Surveys.Answered += q.Surveys.Answered
	for i := range 5 {
		p.Surveys.Online[i] += q.Surveys.Online[i]
		p.Surveys.Phone[i] += q.Surveys.Phone[i]
	}
	p.FirstResponses = append(p.FirstResponses, q.FirstResponses...)
	p.Resolutions = append(p.Resolutions, q.Resolutions...)
}

// reportEnv is what every part of a computation shares: the business calendar and
// a clock prepared on it, the services, the labels, and the key naming that
// configuration in the cache.
type reportEnv struct {
	cal           sla.Calendar
	clock         *report.BusinessClock
	teams, topics []report.Label
	services      []string
	config        string
}

// reportEnv reads the calendar the admin saved and the teams and topics, and
// prepares the business clock for the period (from a year before it: older
// creations are measured by the calendar itself).
func (s *Service) reportEnv(ctx context.Context, p report.Period) (reportEnv, error) {
	var env reportEnv
	cal, err := s.reportCalendar(ctx)
	if err != nil {
		return env, err
	}
	env.cal = cal
	env.clock = report.NewBusinessClock(cal, p.From.AddDate(-1, 0, 0), p.To)
	if env.teams, env.topics, err = s.reportLabels(ctx); err != nil {
		return env, err
	}
	for _, t := range env.teams {
		if !t.IsCell {
			env.services = append(env.services, t.ID)
		}
	}
	calJSON, err := json.Marshal(cal)
	if err != nil {
		return env, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "v1\n%s\n%v\n%q\n", calJSON, s.territory.Departements, env.services)
	env.config = hex.EncodeToString(h.Sum(nil)[:12])
	return env, nil
}

// reportPartOf reads the aggregates of a scope live, its reads side by side.
func (s *Service) reportPartOf(ctx context.Context, sc store.ReportScope, env *reportEnv) (reportPart, error) {
	part := newReportPart()
	past := sc // what is decided by now: due times already passed
	if now := s.clock(); past.To.After(now) {
		past.To = now
	}
	delays := func(ivs []store.Interval, err error) ([]time.Duration, error) {
		if err != nil {
			return nil, err
		}
		out := make([]time.Duration, len(ivs))
		for i, iv := range ivs {
			out[i] = env.clock.Between(iv.From, iv.To)
		}
		return out, nil
	}
	steps := []func() error{
		func() error {
			c, err := s.store.ReportCreated(ctx, sc)
			if err != nil {
				return err
			}
			part.ByChannel, part.ByTopic = c.ByChannel, c.ByTopic
			part.WithCompany, part.Local, part.LocalTPE = s.companyShares(c.Companies)
			return nil
		},
		func() (err error) {
			part.ByOutcome, err = s.store.ReportOutcomes(ctx, sc)
			return err
		},
		func() (err error) {
			part.Escalated, err = s.store.ReportEscalations(ctx, sc, env.services)
			return err
		},
		func() (err error) {
			part.Consultations, err = s.store.ReportConsultationCounts(ctx, sc)
			return err
		},
		func() (err error) {
			part.FirstResponses, err = delays(s.store.ReportFirstResponses(ctx, sc))
			return err
		},
		func() (err error) {
			part.Resolutions, err = delays(s.store.ReportResolutions(ctx, sc))
			return err
		},
		func() (err error) { part.SLA, err = s.store.ReportSLA(ctx, past); return err },
		func() (err error) { part.Surveys, err = s.store.ReportSurveys(ctx, sc); return err },
	}
	return part, runAll(steps)
}

// noReportCache marks a context whose figures are computed without the daily
// aggregates.
type noReportCache struct{}

// WithoutReportCache returns a context in which the figures are computed from the
// tickets alone, without reading or writing the daily aggregates: the reference
// the cache is checked against, and the benchmark's "cold" figure.
func WithoutReportCache(ctx context.Context) context.Context {
	return context.WithValue(ctx, noReportCache{}, true)
}

// dayKey names the day of t in the cell's zone.
func (s *Service) dayKey(t time.Time) string { return t.In(s.loc).Format(time.DateOnly) }

// cachedPart sums the aggregates of the closed days [from, to) from the cache,
// computing and storing the days it lacks, and returns each day's volume.
func (s *Service) cachedPart(ctx context.Context, from, to time.Time, f report.Filter, env *reportEnv) (reportPart, map[time.Time]int, error) {
	total, volumes := newReportPart(), map[time.Time]int{}
	st, err := s.store.ReportCacheState(ctx)
	if err != nil {
		return total, nil, err
	}
	if st.Horizon.Before(to) { // first: a change made from now on to these days leaves a mark
		if err := s.store.RaiseReportHorizon(ctx, to); err != nil {
			return total, nil, err
		}
		// Again: on SQLite the rows written since the last look with a time
		// before the new horizon are marks now, which must be applied before
		// the days are computed, or PutReportDays skips their days.
		if st, err = s.store.ReportCacheState(ctx); err != nil {
			return total, nil, err
		}
	}
	if st.Dirty > 0 || st.Lag > 10_000 { // a lag: move the keys on, so that the next look is short
		if err := s.applyReportDirty(ctx); err != nil {
			return total, nil, err
		}
	}
	if st, err = s.store.ReportCacheState(ctx); err != nil { // the generation the days are computed at
		return total, nil, err
	}
	filter := f.Team + "|" + f.Channel + "|" + f.Topic
	rows, err := s.store.ReportDays(ctx, filter, s.dayKey(from), s.dayKey(to.AddDate(0, 0, -1)))
	if err != nil {
		return total, nil, err
	}
	var days, missing []time.Time
	for d := from; d.Before(to); d = nextDay(d, s.loc) {
		days = append(days, d)
	}
	parts := make([]reportPart, len(days))
	for i, d := range days {
		row, ok := rows[s.dayKey(d)]
		if ok && row.Config == env.config {
			if parts[i], err = decodeReportPart(row); err == nil {
				continue
			}
		}
		missing = append(missing, d)
	}
	if len(missing) > 0 {
		computed := make([]store.ReportDay, len(missing))
		errc := make([]error, len(missing))
		sem := make(chan struct{}, 2) // a day is itself read in parallel
		var wg sync.WaitGroup
		for i, d := range missing {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				sc := store.ReportScope{From: d, To: nextDay(d, s.loc), Team: f.Team, Channel: f.Channel, Topic: f.Topic}
				part, err := s.reportPartOf(ctx, sc, env)
				if err == nil {
					computed[i], err = encodeReportPart(s.dayKey(d), filter, env.config, part)
				}
				errc[i] = err
			})
		}
		wg.Wait()
		if err := errors.Join(errc...); err != nil {
			return total, nil, err
		}
		if _, err := s.store.PutReportDays(ctx, st.Generation, computed, s.dayKey, s.clock()); err != nil {
			return total, nil, err
		}
		for _, row := range computed {
			rows[row.Day] = row
		}
		for i, d := range days {
			if parts[i].ByChannel == nil {
				if parts[i], err = decodeReportPart(rows[s.dayKey(d)]); err != nil {
					return total, nil, err
				}
			}
		}
	}
	for i, d := range days {
		total.add(parts[i])
		volumes[d] = parts[i].volume()
	}
	return total, volumes, nil
}

// applyReportDirty turns the dirty marks into days and drops those days' rows.
func (s *Service) applyReportDirty(ctx context.Context) error {
	m, err := s.store.ReportDirty(ctx)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var days []string
	for _, t := range m.Times {
		if k := s.dayKey(t); !seen[k] {
			seen[k] = true
			days = append(days, k)
		}
	}
	return s.store.ApplyReportDirty(ctx, m, days)
}

func nextDay(d time.Time, loc *time.Location) time.Time {
	l := d.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, loc).UTC()
}

// encodeReportPart writes a day's aggregates: the counts as JSON, the delays
// sorted, as varint deltas.
func encodeReportPart(day, filter, config string, p reportPart) (store.ReportDay, error) {
	counts, err := json.Marshal(p)
	if err != nil {
		return store.ReportDay{}, err
	}
	var b []byte
	for _, ds := range [][]time.Duration{p.FirstResponses, p.Resolutions} {
		ds = slices.Clone(ds)
		slices.Sort(ds)
		b = binary.AppendUvarint(b, uint64(len(ds)))
		prev := time.Duration(0)
		for _, d := range ds {
			b = binary.AppendVarint(b, int64(d-prev))
			prev = d
		}
	}
	return store.ReportDay{Day: day, Filter: filter, Config: config, Counts: string(counts), Delays: b}, nil
}

func decodeReportPart(row store.ReportDay) (reportPart, error) {
	p := newReportPart()
	if err := json.Unmarshal([]byte(row.Counts), &p); err != nil {
		return p, err
	}
	for _, m := range []*map[string]int{&p.ByChannel, &p.ByTopic, &p.ByOutcome, &p.Escalated, &p.Consultations} {
		if *m == nil {
			*m = map[string]int{}
		}
	}
	b := row.Delays
	bad := errors.New("core: report day: bad delays")
	for _, dst := range []*[]time.Duration{&p.FirstResponses, &p.Resolutions} {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)) {
			return p, bad
		}
		b = b[k:]
		out := make([]time.Duration, n)
		prev := int64(0)
		for i := range out {
			v, k := binary.Varint(b)
			if k <= 0 {
				return p, bad
			}
			b, prev = b[k:], prev+v
			out[i] = time.Duration(prev)
		}
		*dst = out
	}
	return p, nil
}

// rankConsultations keeps the top consultations, most cited first, ties by
// reference, named by their record.
func (s *Service) rankConsultations(ctx context.Context, counts map[string]int) ([]report.Bucket, error) {
	refs := make([]string, 0, len(counts))
	for ref := range counts {
		refs = append(refs, ref)
	}
	slices.SortFunc(refs, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	refs = refs[:min(topConsultations, len(refs))]
	objects, err := s.store.ConsultationObjects(ctx, refs)
	out := make([]report.Bucket, 0, len(refs))
	for _, ref := range refs {
		out = append(out, report.Bucket{Key: ref, Label: objects[ref], N: counts[ref]})
	}
	return out, err
}
