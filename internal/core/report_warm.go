package core

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/store"
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
	computed, emptyUntil, err := s.warmEmptyDays(ctx, env, from, to)
	if err != nil {
		return computed, err
	}
	for _, b := range batches {
		if err := ctx.Err(); err != nil {
			return computed, err
		}
		if !b.to.After(emptyUntil) {
			continue // stored by warmEmptyDays
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

// warmEmptyDays stores, without a query per day, the aggregates of the days of
// [from, to) that end before anything is dated — no request created, answered,
// resolved or due, no survey sent or rated —: they are empty. On a new or small
// database that is most of the span, which computed day by day cost about a
// second of CPU at every start (docs/perf.md). It returns how many days it
// stored and the end of the days it settled (zero when it settled none).
//
// Exact as the days computed: the horizon is already past them, so a request
// or a survey written later with an earlier date (an import) leaves a mark — a
// trigger on PostgreSQL and on surveys, on SQLite the requests found early
// past ticket_mark —; a mark written before PutReportDays's transaction keeps
// its days out, one written after drops them at the next read.
func (s *Service) warmEmptyDays(ctx context.Context, env *reportEnv, from, to time.Time) (int, time.Time, error) {
	st, err := s.store.ReportCacheState(ctx)
	if err != nil {
		return 0, time.Time{}, err
	}
	if st.Dirty > 0 || st.Lag > 10_000 {
		if err := s.applyReportDirty(ctx); err != nil {
			return 0, time.Time{}, err
		}
		if st, err = s.store.ReportCacheState(ctx); err != nil { // the generation the days are settled at
			return 0, time.Time{}, err
		}
	}
	end, err := s.firstDatedDay(ctx, to)
	if err != nil || !end.After(from) {
		return 0, time.Time{}, err
	}
	const filter = "||"
	rows, err := s.store.ReportDays(ctx, filter, s.dayKey(from), s.dayKey(end.AddDate(0, 0, -1)))
	if err != nil {
		return 0, time.Time{}, err
	}
	var days []store.ReportDay
	var ends []time.Time // the end of each day of days
	for d := from; d.Before(end); d = nextDay(d, s.loc) {
		if row, ok := rows[s.dayKey(d)]; ok && row.Config == env.config {
			continue
		}
		row, err := encodeReportPart(s.dayKey(d), filter, env.config, newReportPart())
		if err != nil {
			return 0, time.Time{}, err
		}
		days, ends = append(days, row), append(ends, nextDay(d, s.loc))
	}
	// A few short writes rather than one long one on SQLite's single writer.
	const perWrite = 100
	for i := 0; i < len(days); i += perWrite {
		j := min(i+perWrite, len(days))
		stored, err := s.store.PutReportDays(ctx, st.Generation, days[i:j], s.dayKey, s.clock())
		if err != nil || !stored { // marks applied meanwhile: the batches compute the rest
			if i == 0 {
				return 0, time.Time{}, err
			}
			return i, ends[i-1], err
		}
	}
	return len(days), end, nil
}

// firstDatedDay is the start of the first day a daily aggregate counts anything
// on (store.ReportEarliest), or to if that is later.
func (s *Service) firstDatedDay(ctx context.Context, to time.Time) (time.Time, error) {
	earliest, err := s.store.ReportEarliest(ctx)
	if err != nil || earliest.IsZero() {
		return to, err
	}
	l := earliest.In(s.loc)
	if day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, s.loc).UTC(); day.Before(to) {
		return day, nil
	}
	return to, nil
}
