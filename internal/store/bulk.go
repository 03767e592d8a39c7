package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/ticket"
)

// Bulk inserts write many rows per statement, for the demo generator and imports:
// with one statement per row, parsing and binding cost far more than writing, and
// a year of a busy cell (a million requests) would take many minutes on SQLite.
// They are written once for both databases like every other query; only their
// placeholders are generated for the dialect, because the statement text depends
// on the number of rows and must not fill rebind's cache. Rows go in chunks of
// power-of-two sizes, so that the few statement texts are reused (and can stay
// prepared) whatever the number of rows.

// maxBulkParams bounds the placeholders of one statement: SQLite accepts 32,766,
// PostgreSQL 65,535.
const maxBulkParams = 30_000

// CreateTickets inserts tickets, numbering them like CreateTicket: in the order
// given, each with the next number of the year of its creation (Paris time). It
// sets their Number, ID and, when 0, their Version.
func (t *Tx) CreateTickets(ctx context.Context, tks []*ticket.Ticket) error {
	if err := t.numberTickets(ctx, tks); err != nil {
		return err
	}
	byNumber := make(map[string]*ticket.Ticket, len(tks))
	for _, tk := range tks {
		byNumber[tk.Number] = tk
	}
	const head = `INSERT INTO tickets (number, channel, subject, state, priority, topic, scope,
		consultation_ref, company_id, contact_id, team_id, assignee_id, outcome, created_by, created_at, updated_at,
		first_response_at, resolved_at, closed_at, due_first_response, due_resolution, due_at, version) VALUES `
	return t.bulk(ctx, head, " RETURNING id, number", 23, len(tks), func(i int, args []any) []any {
		tk := tks[i]
		return append(args, tk.Number, tk.Channel, tk.Subject, tk.State, tk.Priority, tk.Topic, tk.Scope,
			tk.ConsultationRef, nullID(tk.CompanyID), nullID(tk.ContactID), tk.TeamID, nullID(tk.AssigneeID),
			tk.Outcome, nullID(tk.CreatedByID), micros(tk.CreatedAt), micros(tk.UpdatedAt),
			micros(tk.FirstResponseAt), micros(tk.ResolvedAt), micros(tk.ClosedAt), micros(tk.Due.FirstResponse),
			micros(tk.Due.Resolution), micros(tk.NextDue()), tk.Version)
	}, func(rows *sql.Rows) error {
		// RETURNING gives no order guarantee: match the rows by their unique number.
		var id int64
		var number string
		if err := rows.Scan(&id, &number); err != nil {
			return err
		}
		tk, ok := byNumber[number]
		if !ok {
			return fmt.Errorf("store: create tickets: unexpected number %s returned", number)
		}
		tk.ID = id
		return nil
	})
}

// CreateCompanies inserts companies and sets their IDs; an existing SIRET is an
// error, as for CreateCompany.
func (t *Tx) CreateCompanies(ctx context.Context, cs []*company.Company) error {
	bySIRET := make(map[string]*company.Company, len(cs))
	for _, c := range cs {
		bySIRET[c.SIRET] = c
	}
	const head = `INSERT INTO companies (siret, siren, name, size, naf, commune_code, departement, siret_valid,
		created_at, updated_at) VALUES `
	return t.bulk(ctx, head, " RETURNING id, siret", 10, len(cs), func(i int, args []any) []any {
		c := cs[i]
		return append(args, c.SIRET, c.SIREN, c.Name, c.Size, c.NAF, c.CommuneCode, c.Departement,
			boolInt(c.SIRETValid), micros(c.CreatedAt), micros(c.UpdatedAt))
	}, func(rows *sql.Rows) error {
		var id int64
		var siret string
		if err := rows.Scan(&id, &siret); err != nil {
			return err
		}
		if c, ok := bySIRET[siret]; ok {
			c.ID = id
		}
		return nil
	})
}

// CreateContacts inserts contacts and sets their IDs. Contacts have no unique
// key, so the returned rows are matched on all their columns: contacts alike in
// everything are interchangeable, and which of them gets which ID does not matter.
func (t *Tx) CreateContacts(ctx context.Context, cs []*company.Contact) error {
	key := func(companyID int64, name, email, phone string, created int64) string {
		return fmt.Sprintf("%d\x00%s\x00%s\x00%s\x00%d", companyID, name, email, phone, created)
	}
	pending := map[string][]*company.Contact{}
	for _, c := range cs {
		k := key(c.CompanyID, c.Name, c.Email, c.Phone, c.CreatedAt.UnixMicro())
		pending[k] = append(pending[k], c)
	}
	const head = `INSERT INTO contacts (company_id, name, email, phone, created_at) VALUES `
	return t.bulk(ctx, head, " RETURNING id, COALESCE(company_id, 0), name, email, phone, created_at", 5, len(cs),
		func(i int, args []any) []any {
			c := cs[i]
			return append(args, nullID(c.CompanyID), c.Name, c.Email, c.Phone, micros(c.CreatedAt))
		}, func(rows *sql.Rows) error {
			var id, companyID, created int64
			var name, email, phone string
			if err := rows.Scan(&id, &companyID, &name, &email, &phone, &created); err != nil {
				return err
			}
			k := key(companyID, name, email, phone, created)
			if list := pending[k]; len(list) > 0 {
				list[0].ID, pending[k] = id, list[1:]
			}
			return nil
		})
}

// numberTickets gives each ticket its number, advancing each year's counter once
// by the count of that year's tickets.
func (t *Tx) numberTickets(ctx context.Context, tks []*ticket.Ticket) error {
	var years []int
	count := map[int]int64{}
	for _, tk := range tks {
		y := tk.CreatedAt.In(paris).Year()
		if count[y] == 0 {
			years = append(years, y)
		}
		count[y]++
	}
	next := make(map[int]int64, len(years))
	for _, y := range years {
		last, err := t.advanceCounter(ctx, fmt.Sprintf("ticket_number_%d", y), count[y])
		if err != nil {
			return err
		}
		next[y] = last - count[y] + 1
	}
	for _, tk := range tks {
		y := tk.CreatedAt.In(paris).Year()
		tk.Number = fmt.Sprintf("%d-%06d", y, next[y])
		next[y]++
		if tk.Version == 0 {
			tk.Version = 1
		}
	}
	return nil
}

// advanceCounter adds n to a named counter and returns its new value.
func (t *Tx) advanceCounter(ctx context.Context, name string, n int64) (int64, error) {
	var v int64
	err := t.queryRow(ctx, `INSERT INTO counters (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value RETURNING value`, name, n).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: counter %s: %w", name, err)
	}
	return v, nil
}

// CreateMessages inserts messages, each with its TicketID set. It does not set
// their IDs (a multi-row RETURNING has no order to match them by).
func (t *Tx) CreateMessages(ctx context.Context, ms []ticket.Message) error {
	const head = `INSERT INTO messages (ticket_id, kind, author_id, body, call_duration_ms, created_at) VALUES `
	return t.bulk(ctx, head, "", 6, len(ms), func(i int, args []any) []any {
		m := &ms[i]
		return append(args, m.TicketID, m.Kind, nullID(m.AuthorID), m.Body, m.CallDuration.Milliseconds(),
			micros(m.CreatedAt))
	}, nil)
}

// CreateAuditEntries inserts audit entries as given (ticket, time, actor, field,
// old and new values, rule); their ID and ActorName are ignored.
func (t *Tx) CreateAuditEntries(ctx context.Context, entries []ticket.AuditEntry) error {
	const head = `INSERT INTO audit (ticket_id, at, actor_id, field, old_value, new_value, rule) VALUES `
	return t.bulk(ctx, head, "", 7, len(entries), func(i int, args []any) []any {
		a := &entries[i]
		return append(args, a.TicketID, micros(a.At), nullID(a.ActorID), a.Field, a.Old, a.New, a.Rule)
	}, nil)
}

// bulk runs head followed by the VALUES of n rows of cols columns, in chunks
// that keep under the placeholder limit; row appends row i's values. With a
// returning clause, scan reads each returned row.
func (t *Tx) bulk(ctx context.Context, head, returning string, cols, n int,
	row func(i int, args []any) []any, scan func(*sql.Rows) error) error {
	per := 1
	for per*2*cols <= maxBulkParams {
		per *= 2
	}
	args := make([]any, 0, min(n, per)*cols)
	for lo := 0; lo < n; {
		size := per
		for size > n-lo {
			size /= 2
		}
		args = args[:0]
		for i := lo; i < lo+size; i++ {
			args = row(i, args)
		}
		q := head + t.d.valuesList(cols, size) + returning
		if err := t.runBulk(ctx, q, args, scan); err != nil {
			return err
		}
		lo += size
	}
	return nil
}

// runBulk runs one bulk statement, bypassing rebind (the placeholders are already
// in the dialect's form).
func (t *Tx) runBulk(ctx context.Context, q string, args []any, scan func(*sql.Rows) error) error {
	if scan == nil {
		if _, err := t.q.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("store: bulk insert: %w", err)
		}
		return nil
	}
	rows, err := t.q.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: bulk insert: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("store: bulk insert: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: bulk insert: %w", err)
	}
	return nil
}

// valuesList writes "(?, ?), (?, ?)" for rows rows of cols columns, with $n
// placeholders on PostgreSQL.
func (d Dialect) valuesList(cols, rows int) string {
	var b strings.Builder
	b.Grow(rows * cols * 7)
	n := 0
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			n++
			if d == Postgres {
				b.WriteString("$" + strconv.Itoa(n))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}
