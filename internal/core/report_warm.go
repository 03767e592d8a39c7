package core

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/guichet/guichet/internal/report"
)

// The report warm-up (docs/reports.md, "Daily aggregates"): the unfiltered daily
// aggregates of every closed day from 1 January two years back — the current
// year, the previous one and the year it is compared with — are filled before a
// supervisor asks for them, at start and every night shortly after midnight (the
// cell's time zone), and within a check after the calendar, the territory or the
// services change. The cache is its own record: a run reads which days are
// missing, dirty or computed with another configuration, and computes only those,
// a few days at a time (one short write per batch on the single SQLite writer).
// Two instances may run it together: each re-reads a batch's days right before
// computing them, and takes the batches in its own random order, so that they
// seldom compute the same day; a day computed twice is written twice, the same.

const (
	reportWarmEvery = 10 * time.Minute // the pause between two checks
	reportWarmBatch = 14               // days computed and written together
	reportWarmYears = 2                // years back from the current one
	reportWarmPause = 20 * time.Millisecond
)

// reportWarmJob checks every few minutes whether the day or the configuration
// changed since the last complete warm-up of this instance, and warms if so. A
// warm-up is complete when a run finds nothing to compute: a run that computed
// days is followed by a check run at the next tick.
func (s *Service) reportWarmJob() Job {
	var done string // the day and configuration of the last complete warm-up
	return Job{Name: "report_warm", Every: reportWarmEvery, Run: func(ctx context.Context) error {
		env, from, to, err := s.reportWarmEnv(ctx)
		if err != nil {
			return err
		}
		key := s.dayKey(to) + " " + env.config
		if key == done {
			return nil
		}
		n, err := s.warmReports(ctx, &env, from, to)
		if ctx.Err() != nil {
			return nil // shutdown: the next start goes on from where the cache stands
		}
		if err != nil {
			return err
		}
		if n == 0 {
			done = key
		} else {
			s.log.Info("report warm-up", "days", n, "from", s.dayKey(from), "to", s.dayKey(to))
		}
		return nil
	}}
}

// WarmReports fills the unfiltered daily aggregates of the closed days the
// dashboard's default views read (the report warm-up job's work, run once) and
// returns how many days it computed.
func (s *Service) WarmReports(ctx context.Context) (int, error) {
	env, from, to, err := s.reportWarmEnv(ctx)
	if err != nil {
		return 0, err
	}
	return s.warmReports(ctx, &env, from, to)
}

// reportWarmEnv returns the span to warm — from 1 January reportWarmYears back to
// today's midnight — and the computation's environment over it.
func (s *Service) reportWarmEnv(ctx context.Context) (reportEnv, time.Time, time.Time, error) {
	now := s.clock().In(s.loc)
	to := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.loc).UTC()
	from := time.Date(now.Year()-reportWarmYears, time.January, 1, 0, 0, 0, 0, s.loc).UTC()
	env, err := s.reportEnv(ctx, report.Period{Kind: report.KindCustom, From: from, To: to})
	return env, from, to, err
}

// warmReports computes the days of [from, to) whose unfiltered aggregates are
// missing, dirty or of another configuration, batch by batch, and returns how many
// it computed.
func (s *Service) warmReports(ctx context.Context, env *reportEnv, from, to time.Time) (int, error) {
	type batch struct{ from, to time.Time }
	var batches []batch
	for d := from; d.Before(to); {
		b := batch{from: d}
		for i := 0; i < reportWarmBatch && d.Before(to); i++ {
			d = nextDay(d, s.loc)
		}
		b.to = d
		batches = append(batches, b)
	}
	rand.Shuffle(len(batches), func(i, j int) { batches[i], batches[j] = batches[j], batches[i] })
	const filter = "||" // report.Filter{}, as cachedPart names it
	// The horizon first, once for the span: batches raising it one after the
	// other, out of order, would each find the earlier rows newly early.
	if st, err := s.store.ReportCacheState(ctx); err != nil {
		return 0, err
	} else if st.Horizon.Before(to) {
		if err := s.store.RaiseReportHorizon(ctx, to); err != nil {
			return 0, err
		}
	}
	computed := 0
	for _, b := range batches {
		if err := ctx.Err(); err != nil {
			return computed, err
		}
		st, err := s.store.ReportCacheState(ctx)
		if err != nil {
			return computed, err
		}
		if st.Dirty > 0 || st.Lag > 10_000 { // dirty days are dropped first, then found missing
			if err := s.applyReportDirty(ctx); err != nil {
				return computed, err
			}
		}
		rows, err := s.store.ReportDays(ctx, filter, s.dayKey(b.from), s.dayKey(b.to.AddDate(0, 0, -1)))
		if err != nil {
			return computed, err
		}
		missing := 0
		for d := b.from; d.Before(b.to); d = nextDay(d, s.loc) {
			if row, ok := rows[s.dayKey(d)]; !ok || row.Config != env.config {
				missing++
			}
		}
		if missing == 0 {
			continue
		}
		// cachedPart raises the horizon, computes the days it lacks and writes them
		// in one transaction.
		if _, _, err := s.cachedPart(ctx, b.from, b.to, report.Filter{}, env); err != nil {
			return computed, err
		}
		computed += missing
		select { // leave the writer and the CPUs to the requests for a moment
		case <-ctx.Done():
			return computed, ctx.Err()
		case <-time.After(reportWarmPause):
		}
	}
	return computed, nil
}
