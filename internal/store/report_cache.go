package store

import (
	"context"
	"database/sql"
	"time"
)

// The dashboard's daily aggregates (migration 0014, docs/reports.md "Speed"): the
// aggregates of each closed past day and filter, computed from the tickets on first
// use and kept in report_days. Triggers write a dirty mark (report_dirty) when a
// change touches a time before the horizon — the end of the last day that may be
// cached —; internal/core turns the marks into days and drops those days' rows
// before it reads any. What a day's row holds is internal/core's business: here it
// is text and bytes.

// ReportDay is one cached day's aggregates for one filter.
type ReportDay struct {
	Day    string // YYYY-MM-DD in the cell's time zone
	Filter string
	Config string // what the aggregates were computed with
	Counts string
	Delays []byte
}

// ReportCacheState is the cache's horizon (days before it may be cached), its
// generation (bumped by each ApplyReportDirty) and the number of changes not yet
// applied: dirty marks, and on SQLite the requests and "team" audit entries
// written with a time before the horizon since the last look (Lag: how many rows
// were written since, dated or not).
type ReportCacheState struct {
	Horizon               time.Time
	Generation            int64
	Dirty                 int
	Lag                   int64
	ticketMark, auditMark int64
}

// ReportCacheState reads the cache's state.
func (s *Store) ReportCacheState(ctx context.Context) (ReportCacheState, error) {
	return s.reader().reportCacheState(ctx)
}

// The looks at the rows written since the marks read key ranges: "+field" keeps
// SQLite from reading every team change through audit_field_value instead (110 ms
// at 1,300,000 entries).

// earlyTicket is, on SQLite, the condition of a request with a time before the
// horizon (its times are never before its creation, but an import may say
// anything).
const earlyTicket = `min(created_at, COALESCE(resolved_at, created_at), COALESCE(first_response_at, created_at),
	COALESCE(due_first_response, created_at), COALESCE(due_resolution, created_at)) < ?`

func (t *Tx) reportCacheState(ctx context.Context) (ReportCacheState, error) {
	var st ReportCacheState
	var h int64
	err := t.queryRow(ctx, `SELECT horizon, generation, ticket_mark, audit_mark, (SELECT COUNT(*) FROM report_dirty)
		FROM report_cache_state WHERE id = 1`).Scan(&h, &st.Generation, &st.ticketMark, &st.auditMark, &st.Dirty)
	st.Horizon = time.UnixMicro(h).UTC()
	if err != nil || t.d != SQLite {
		return st, wrapReport("cache state", err)
	}
	var early, audits int
	var last sql.NullInt64
	err = t.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM tickets WHERE id > ? AND `+earlyTicket+`),
		(SELECT COUNT(*) FROM audit WHERE id > ? AND +field = 'team' AND at < ?), (SELECT MAX(id) FROM tickets)`,
		st.ticketMark, h, st.auditMark, h).Scan(&early, &audits, &last)
	st.Dirty += early + audits
	st.Lag = last.Int64 - st.ticketMark
	return st, wrapReport("cache state", err)
}

// RaiseReportHorizon moves the horizon to at if it is earlier. On PostgreSQL the
// state is locked exclusively first, which waits for the transactions whose
// triggers read the old horizon: a change committed after the new horizon is
// visible always leaves a mark.
func (s *Store) RaiseReportHorizon(ctx context.Context, at time.Time) error {
	return s.Write(ctx, func(tx *Tx) error {
		if tx.d == Postgres {
			if _, err := tx.exec(ctx, "LOCK TABLE report_cache_state IN ACCESS EXCLUSIVE MODE"); err != nil {
				return wrapReport("cache horizon", err)
			}
		}
		_, err := tx.exec(ctx, "UPDATE report_cache_state SET horizon = ? WHERE id = 1 AND horizon < ?",
			at.UnixMicro(), at.UnixMicro())
		return wrapReport("cache horizon", err)
	})
}

// DirtyMarks are the changes not yet applied: the marks' keys, every time they
// name — the row's own times, the creation and survey times of a named request,
// the creation times of a named company's requests — and, on SQLite, the keys of
// the last request and audit entry looked at.
type DirtyMarks struct {
	Seqs                  []int64
	Times                 []time.Time
	TicketMark, AuditMark int64
}

// ReportDirty reads the changes not yet applied.
func (s *Store) ReportDirty(ctx context.Context) (DirtyMarks, error) {
	return s.reader().reportDirty(ctx)
}

func (t *Tx) reportDirty(ctx context.Context) (DirtyMarks, error) {
	var m DirtyMarks
	seqs, times, err := t.reportDirtyRows(ctx, &m)
	m.Seqs, m.Times = seqs, times
	return m, err
}

func (t *Tx) reportDirtyRows(ctx context.Context, m *DirtyMarks) (seqs []int64, times []time.Time, err error) {
	var tickets, companies []int64
	err = t.reportEach(ctx, `SELECT seq, ticket_id, company_id, at1, at2, at3, at4, at5, at6, at7, at8, at9
		FROM report_dirty ORDER BY seq`, nil, func(scan func(...any) error) error {
		var seq int64
		var tk, co sql.NullInt64
		var at [9]sql.NullInt64
		dest := []any{&seq, &tk, &co}
		for i := range at {
			dest = append(dest, &at[i])
		}
		if err := scan(dest...); err != nil {
			return err
		}
		seqs = append(seqs, seq)
		if tk.Valid {
			tickets = append(tickets, tk.Int64)
		}
		if co.Valid {
			companies = append(companies, co.Int64)
		}
		for _, a := range at {
			if a.Valid {
				times = append(times, time.UnixMicro(a.Int64).UTC())
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if t.d == SQLite { // requests and team changes written with an earlier date
		st, err := t.reportCacheState(ctx)
		if err != nil {
			return nil, nil, err
		}
		h := st.Horizon.UnixMicro()
		var lastTicket, lastAudit sql.NullInt64
		if err := t.queryRow(ctx, "SELECT (SELECT MAX(id) FROM tickets), (SELECT MAX(id) FROM audit)").
			Scan(&lastTicket, &lastAudit); err != nil {
			return nil, nil, wrapReport("dirty", err)
		}
		m.TicketMark, m.AuditMark = max(lastTicket.Int64, st.ticketMark), max(lastAudit.Int64, st.auditMark)
		err = t.reportEach(ctx, `SELECT id, created_at, resolved_at, first_response_at, due_first_response,
			due_resolution FROM tickets WHERE id > ? AND id <= ? AND `+earlyTicket, []any{st.ticketMark, m.TicketMark, h},
			func(scan func(...any) error) error {
				var id int64
				var at [5]sql.NullInt64
				if err := scan(&id, &at[0], &at[1], &at[2], &at[3], &at[4]); err != nil {
					return err
				}
				for _, a := range at {
					if a.Valid {
						times = append(times, time.UnixMicro(a.Int64).UTC())
					}
				}
				return nil
			})
		if err != nil {
			return nil, nil, err
		}
		err = t.reportEach(ctx, "SELECT ticket_id FROM audit WHERE id > ? AND id <= ? AND +field = 'team' AND at < ?",
			[]any{st.auditMark, m.AuditMark, h}, func(scan func(...any) error) error {
				var id int64
				err := scan(&id)
				tickets = append(tickets, id)
				return err
			})
		if err != nil {
			return nil, nil, err
		}
	}
	collect := func(q string, id int64) error {
		return t.reportEach(ctx, q, []any{id}, func(scan func(...any) error) error {
			var a, b sql.NullInt64
			if err := scan(&a, &b); err != nil {
				return err
			}
			for _, v := range []sql.NullInt64{a, b} {
				if v.Valid {
					times = append(times, time.UnixMicro(v.Int64).UTC())
				}
			}
			return nil
		})
	}
	seen := map[int64]bool{}
	for _, id := range tickets {
		if seen[id] {
			continue
		}
		seen[id] = true
		if err := collect("SELECT created_at, NULL FROM tickets WHERE id = ?", id); err != nil {
			return nil, nil, err
		}
		if err := collect("SELECT sent_at, rated_at FROM surveys WHERE ticket_id = ?", id); err != nil {
			return nil, nil, err
		}
	}
	clear(seen)
	for _, id := range companies {
		if !seen[id] {
			seen[id] = true
			if err := collect("SELECT created_at, NULL FROM tickets WHERE company_id = ?", id); err != nil {
				return nil, nil, err
			}
		}
	}
	return seqs, times, nil
}

// ApplyReportDirty drops the cached rows of the given days (every filter), deletes
// the applied marks, moves the SQLite keys past the rows looked at and bumps the
// generation, in one transaction.
func (s *Store) ApplyReportDirty(ctx context.Context, m DirtyMarks, days []string) error {
	return s.Write(ctx, func(tx *Tx) error {
		for _, part := range chunks(days, 500) {
			if _, err := tx.exec(ctx, "DELETE FROM report_days WHERE day IN ("+placeholders(len(part))+")",
				toAny(part)...); err != nil {
				return wrapReport("cache invalidate", err)
			}
		}
		for _, part := range chunks(m.Seqs, 500) {
			if _, err := tx.exec(ctx, "DELETE FROM report_dirty WHERE seq IN ("+placeholders(len(part))+")",
				toAny(part)...); err != nil {
				return wrapReport("cache invalidate", err)
			}
		}
		_, err := tx.exec(ctx, `UPDATE report_cache_state SET generation = generation + 1,
			ticket_mark = CASE WHEN ticket_mark < ? THEN ? ELSE ticket_mark END,
			audit_mark = CASE WHEN audit_mark < ? THEN ? ELSE audit_mark END WHERE id = 1`,
			m.TicketMark, m.TicketMark, m.AuditMark, m.AuditMark)
		return wrapReport("cache invalidate", err)
	})
}

// ReportEarliest returns the earliest time a daily aggregate counts anything
// at: a request's creation, first response, resolution or due times, a survey's
// sending or rating (zero when there is none). Every day that ends before it is
// empty. Each time is an index's first entry.
func (s *Store) ReportEarliest(ctx context.Context) (time.Time, error) {
	var at [7]sql.NullInt64
	err := s.reader().queryRow(ctx, `SELECT (SELECT MIN(created_at) FROM tickets),
		(SELECT MIN(first_response_at) FROM tickets WHERE first_response_at IS NOT NULL),
		(SELECT MIN(resolved_at) FROM tickets WHERE resolved_at IS NOT NULL),
		(SELECT MIN(due_first_response) FROM tickets WHERE due_first_response IS NOT NULL),
		(SELECT MIN(due_resolution) FROM tickets WHERE due_resolution IS NOT NULL),
		(SELECT MIN(sent_at) FROM surveys WHERE sent_at IS NOT NULL),
		(SELECT MIN(rated_at) FROM surveys WHERE rated_at IS NOT NULL)`).
		Scan(&at[0], &at[1], &at[2], &at[3], &at[4], &at[5], &at[6])
	var earliest time.Time
	for _, a := range at {
		if t := time.UnixMicro(a.Int64).UTC(); a.Valid && (earliest.IsZero() || t.Before(earliest)) {
			earliest = t
		}
	}
	return earliest, wrapReport("earliest", err)
}

// ReportDays reads the cached days of a filter from day from to day to, both
// included (YYYY-MM-DD).
func (s *Store) ReportDays(ctx context.Context, filter, from, to string) (map[string]ReportDay, error) {
	out := map[string]ReportDay{}
	err := s.reader().reportEach(ctx, `SELECT day, config, counts, delays FROM report_days
		WHERE filter = ? AND day >= ? AND day <= ?`, []any{filter, from, to}, func(scan func(...any) error) error {
		d := ReportDay{Filter: filter}
		if err := scan(&d.Day, &d.Config, &d.Counts, &d.Delays); err != nil {
			return err
		}
		out[d.Day] = d
		return nil
	})
	return out, err
}

// PutReportDays stores days computed while the cache was at generation gen. If
// marks were applied since, nothing is stored (stored is false): those days may
// miss a change. Days that marks written since name are left out (dayOf names
// the day of an instant). The check and the writes are one transaction.
func (s *Store) PutReportDays(ctx context.Context, gen int64, days []ReportDay, dayOf func(time.Time) string,
	now time.Time) (stored bool, err error) {
	err = s.Write(ctx, func(tx *Tx) error {
		st, err := tx.reportCacheState(ctx)
		if err != nil || st.Generation != gen {
			return err
		}
		pending := map[string]bool{}
		if st.Dirty > 0 {
			m, err := tx.reportDirty(ctx)
			if err != nil {
				return err
			}
			for _, at := range m.Times {
				pending[dayOf(at)] = true
			}
		}
		for _, d := range days {
			if pending[d.Day] {
				continue
			}
			if _, err := tx.exec(ctx, `INSERT INTO report_days (day, filter, config, counts, delays, built_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day, filter) DO UPDATE SET config = excluded.config,
				counts = excluded.counts, delays = excluded.delays, built_at = excluded.built_at`,
				d.Day, d.Filter, d.Config, d.Counts, d.Delays, now.UnixMicro()); err != nil {
				return wrapReport("cache store", err)
			}
		}
		stored = true
		return nil
	})
	return stored, err
}

// ReportConsultationCounts counts the requests created in the scope by the
// consultation they name (those naming one).
func (s *Store) ReportConsultationCounts(ctx context.Context, sc ReportScope) (map[string]int, error) {
	w, args := sc.where("created_at")
	return s.reader().reportCountBy(ctx, `SELECT t.consultation_ref, COUNT(*) FROM tickets t
		WHERE`+w+` AND t.consultation_ref <> '' GROUP BY t.consultation_ref`, args)
}

// ConsultationObjects names the consultations of the given references that have
// a record.
func (s *Store) ConsultationObjects(ctx context.Context, refs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, part := range chunks(refs, 500) {
		err := s.reader().reportEach(ctx, "SELECT reference, object FROM consultations WHERE reference IN ("+
			placeholders(len(part))+")", toAny(part), func(scan func(...any) error) error {
			var ref, obj string
			err := scan(&ref, &obj)
			out[ref] = obj
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func chunks[T any](xs []T, n int) [][]T {
	var out [][]T
	for len(xs) > 0 {
		k := min(n, len(xs))
		out = append(out, xs[:k])
		xs = xs[k:]
	}
	return out
}

func toAny[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
