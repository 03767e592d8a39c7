package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Paris even on a machine without a zone database

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// ticketColumns are read with the company, contact and assignee joined in, so that
// a list page is one query.
const ticketColumns = `t.id, t.number, t.channel, t.subject, t.state, t.priority, t.topic, t.scope,
	t.consultation_ref, t.company_id, t.contact_id, t.team_id, t.assignee_id, t.outcome, t.created_by,
	t.created_at, t.updated_at, t.first_response_at, t.resolved_at, t.closed_at,
	t.due_first_response, t.due_resolution, t.version, t.due_next_response, t.sla_paused_at, t.sla_remaining_ms,
	COALESCE(c.siret, ''), COALESCE(c.siren, ''), COALESCE(c.name, ''), COALESCE(c.size, ''),
	COALESCE(c.departement, ''), COALESCE(c.siret_valid, 1),
	COALESCE(k.name, ''), COALESCE(k.email, ''), COALESCE(k.phone, ''),
	COALESCE(u.name, ''), COALESCE(u.email, '')`

const ticketFrom = ` FROM tickets t
	LEFT JOIN companies c ON c.id = t.company_id
	LEFT JOIN contacts k ON k.id = t.contact_id
	LEFT JOIN users u ON u.id = t.assignee_id`

type scanner interface{ Scan(dest ...any) error }

func scanTicket(r scanner) (*ticket.Ticket, error) {
	var t ticket.Ticket
	var co company.Company
	var ct company.Contact
	var as ticket.UserRef
	var siretValid int
	var remainingMS int64
	err := r.Scan(&t.ID, &t.Number, &t.Channel, &t.Subject, &t.State, &t.Priority, &t.Topic, &t.Scope,
		&t.ConsultationRef, nullInt{&t.CompanyID}, nullInt{&t.ContactID}, &t.TeamID, nullInt{&t.AssigneeID},
		&t.Outcome, nullInt{&t.CreatedByID},
		nullTime{&t.CreatedAt}, nullTime{&t.UpdatedAt}, nullTime{&t.FirstResponseAt}, nullTime{&t.ResolvedAt},
		nullTime{&t.ClosedAt}, nullTime{&t.Due.FirstResponse}, nullTime{&t.Due.Resolution}, &t.Version,
		nullTime{&t.Due.NextResponse}, nullTime{&t.SLAPausedAt}, &remainingMS,
		&co.SIRET, &co.SIREN, &co.Name, &co.Size, &co.Departement, &siretValid,
		&ct.Name, &ct.Email, &ct.Phone, &as.Name, &as.Email)
	if err != nil {
		return nil, err
	}
	t.SLARemaining = time.Duration(remainingMS) * time.Millisecond
	if t.CompanyID != 0 {
		co.ID, co.SIRETValid = t.CompanyID, siretValid == 1
		t.Company = &co
	}
	if t.ContactID != 0 {
		ct.ID, ct.CompanyID = t.ContactID, t.CompanyID
		t.Contact = &ct
	}
	if t.AssigneeID != 0 {
		as.ID = t.AssigneeID
		t.Assignee = &as
	}
	return &t, nil
}

// FindTicketByID reads one ticket; a missing one is a not_found error.
func (s *Store) FindTicketByID(ctx context.Context, id int64) (*ticket.Ticket, error) {
	return s.reader().FindTicketByID(ctx, id)
}

// FindTicketByID reads one ticket inside the transaction.
func (t *Tx) FindTicketByID(ctx context.Context, id int64) (*ticket.Ticket, error) {
	tk, err := scanTicket(t.queryRow(ctx, "SELECT "+ticketColumns+ticketFrom+" WHERE t.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "La demande n° %d n'existe pas.", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find ticket %d: %w", id, err)
	}
	return tk, nil
}

// AsRead returns tk, a ticket just written with CreateTicket, as FindTicketByID
// would read it back: its times at the stored precision (microseconds, UTC), its
// SLA remainder in milliseconds, no rule changes, and, of its company (co), its
// contact (ct) and its assignee (as), the fields the read joins in. co, ct and
// as are the stored rows; each is ignored when tk names none, and required when
// it names one, so that a caller missing one reads the ticket instead.
func AsRead(tk ticket.Ticket, co *company.Company, ct *company.Contact, as *ticket.UserRef) (*ticket.Ticket, bool) {
	if (tk.CompanyID != 0 && co == nil) || (tk.ContactID != 0 && ct == nil) || (tk.AssigneeID != 0 && as == nil) {
		return nil, false
	}
	for _, at := range []*time.Time{&tk.CreatedAt, &tk.UpdatedAt, &tk.FirstResponseAt, &tk.ResolvedAt, &tk.ClosedAt,
		&tk.Due.FirstResponse, &tk.Due.Resolution, &tk.Due.NextResponse, &tk.SLAPausedAt} {
		if !at.IsZero() {
			*at = time.UnixMicro(at.UnixMicro()).UTC()
		}
	}
	tk.SLARemaining = time.Duration(tk.SLARemaining.Milliseconds()) * time.Millisecond
	tk.RuleChanges, tk.Company, tk.Contact, tk.Assignee = nil, nil, nil, nil
	if tk.CompanyID != 0 {
		tk.Company = &company.Company{ID: tk.CompanyID, SIRET: co.SIRET, SIREN: co.SIREN, Name: co.Name, Size: co.Size,
			Departement: co.Departement, SIRETValid: co.SIRETValid}
	}
	if tk.ContactID != 0 {
		tk.Contact = &company.Contact{ID: tk.ContactID, CompanyID: tk.CompanyID, Name: ct.Name, Email: ct.Email, Phone: ct.Phone}
	}
	if tk.AssigneeID != 0 {
		tk.Assignee = &ticket.UserRef{ID: tk.AssigneeID, Name: as.Name, Email: as.Email}
	}
	return &tk, true
}

// FindTicketParties returns the name and SIRET of company companyID and the
// e-mail of contact contactID (empty for id 0 or a missing row): what the
// reactions to a new request need of them (its acknowledgement, its search
// document), in two key lookups instead of FindTicketByID's joins.
func (t *Tx) FindTicketParties(ctx context.Context, companyID, contactID int64) (co company.Company, email string, err error) {
	err = t.queryRow(ctx, `SELECT COALESCE((SELECT name FROM companies WHERE id = ?), ''),
		COALESCE((SELECT siret FROM companies WHERE id = ?), ''),
		COALESCE((SELECT email FROM contacts WHERE id = ?), '')`, companyID, companyID, contactID).
		Scan(&co.Name, &co.SIRET, &email)
	if err != nil {
		return co, "", fmt.Errorf("store: ticket parties: %w", err)
	}
	co.ID = companyID
	return co, email, nil
}

// FindTopics lists the topics in display order inside the transaction: a
// request drafted inside a write transaction (a missed call's callback, an
// inbound mail) checks its topic without reading through the pool.
// Store.FindTopics (user.go) runs the same query on the pool.
func (t *Tx) FindTopics(ctx context.Context) ([]ticket.Topic, error) {
	rows, err := t.query(ctx, "SELECT id, label_fr, label_en, position, active FROM topics ORDER BY position, id")
	if err != nil {
		return nil, fmt.Errorf("store: find topics: %w", err)
	}
	defer rows.Close()
	var out []ticket.Topic
	for rows.Next() {
		var tp ticket.Topic
		var active int
		if err := rows.Scan(&tp.ID, &tp.LabelFR, &tp.LabelEN, &tp.Position, &active); err != nil {
			return nil, err
		}
		tp.Active = active == 1
		out = append(out, tp)
	}
	return out, rows.Err()
}

// CreateTicket gives t its number (year of creation and the next number of that
// year) and id, and inserts it.
func (t *Tx) CreateTicket(ctx context.Context, tk *ticket.Ticket) error {
	year := tk.CreatedAt.In(paris).Year()
	n, err := t.nextCounter(ctx, fmt.Sprintf("ticket_number_%d", year))
	if err != nil {
		return err
	}
	tk.Number = fmt.Sprintf("%d-%06d", year, n)
	if tk.Version == 0 {
		tk.Version = 1
	}
	tk.ID, err = t.insert(ctx, `INSERT INTO tickets (number, channel, subject, state, priority, topic, scope,
		consultation_ref, company_id, contact_id, team_id, assignee_id, outcome, created_by, created_at, updated_at,
		first_response_at, resolved_at, closed_at, due_first_response, due_resolution, due_at, version,
		due_next_response, sla_paused_at, sla_remaining_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tk.Number, tk.Channel, tk.Subject, tk.State, tk.Priority, tk.Topic, tk.Scope, tk.ConsultationRef,
		nullID(tk.CompanyID), nullID(tk.ContactID), tk.TeamID, nullID(tk.AssigneeID), tk.Outcome,
		nullID(tk.CreatedByID), micros(tk.CreatedAt), micros(tk.UpdatedAt), micros(tk.FirstResponseAt),
		micros(tk.ResolvedAt), micros(tk.ClosedAt), micros(tk.Due.FirstResponse), micros(tk.Due.Resolution),
		micros(tk.NextDue()), tk.Version, micros(tk.Due.NextResponse), micros(tk.SLAPausedAt), tk.SLARemaining.Milliseconds())
	if err != nil {
		return fmt.Errorf("store: create ticket: %w", err)
	}
	return nil
}

// UpdateTicket writes every mutable field of tk, if the stored version is still
// readVersion: a concurrent change makes it a conflict instead of a silent overwrite.
func (t *Tx) UpdateTicket(ctx context.Context, tk *ticket.Ticket, readVersion int) error {
	res, err := t.exec(ctx, `UPDATE tickets SET subject = ?, state = ?, priority = ?, topic = ?, scope = ?,
		consultation_ref = ?, company_id = ?, contact_id = ?, team_id = ?, assignee_id = ?, outcome = ?,
		updated_at = ?, first_response_at = ?, resolved_at = ?, closed_at = ?, due_first_response = ?,
		due_resolution = ?, due_at = ?, version = ?, due_next_response = ?, sla_paused_at = ?, sla_remaining_ms = ?
		WHERE id = ? AND version = ?`,
		tk.Subject, tk.State, tk.Priority, tk.Topic, tk.Scope, tk.ConsultationRef, nullID(tk.CompanyID),
		nullID(tk.ContactID), tk.TeamID, nullID(tk.AssigneeID), tk.Outcome, micros(tk.UpdatedAt),
		micros(tk.FirstResponseAt), micros(tk.ResolvedAt), micros(tk.ClosedAt), micros(tk.Due.FirstResponse),
		micros(tk.Due.Resolution), micros(tk.NextDue()), tk.Version, micros(tk.Due.NextResponse), micros(tk.SLAPausedAt),
		tk.SLARemaining.Milliseconds(), tk.ID, readVersion)
	if err != nil {
		return fmt.Errorf("store: update ticket %d: %w", tk.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, "La demande %s a été modifiée par quelqu'un d'autre entre-temps : rechargez-la.", tk.Number)
	}
	return nil
}

// nextCounter increments a named counter and returns its new value. Every
// creation numbers its request here, on SQLite's one writer: a plain UPDATE of
// the existing row is the cheap case (all but a year's first request); only
// when no row exists does the upsert run. The upsert stays the fallback, not a
// plain INSERT: on PostgreSQL two transactions may both find no row for a new
// year, and ON CONFLICT makes the second wait for the first and count on from
// it instead of failing on the unique name.
func (t *Tx) nextCounter(ctx context.Context, name string) (int64, error) {
	var v int64
	err := t.queryRow(ctx, `UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		err = t.queryRow(ctx, `INSERT INTO counters (name, value) VALUES (?, 1)
			ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`, name).Scan(&v)
	}
	if err != nil {
		return 0, fmt.Errorf("store: counter %s: %w", name, err)
	}
	return v, nil
}

// paris is the time zone ticket numbers take their year from.
var paris = mustLoadParis()

func mustLoadParis() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic("store: no Europe/Paris time zone: " + err.Error())
	}
	return loc
}

// likeEscaper escapes LIKE's wildcards in a user's text (with ESCAPE '\'), so
// that "%" or "_" typed in a search box is matched as text.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// prefix is a LIKE pattern matching values that start with s.
func prefix(s string) string { return likeEscaper.Replace(s) + "%" }

// like is a LIKE pattern matching values that contain s, lower-cased.
func like(s string) string { return "%" + likeEscaper.Replace(strings.ToLower(s)) + "%" }
