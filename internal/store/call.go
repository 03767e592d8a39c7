package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/telephony"
)

// CreatePBX registers a switchboard; a name already taken is ErrDuplicate.
func (t *Tx) CreatePBX(ctx context.Context, p *telephony.PBX) error {
	var err error
	p.ID, err = t.insert(ctx, `INSERT INTO pbx (name, token_hash, allow, created_at) VALUES (?, ?, ?, ?)`,
		p.Name, p.TokenHash, p.AllowString(), micros(p.CreatedAt))
	if isUniqueViolation(err) {
		return ErrDuplicate
	}
	if err != nil {
		return fmt.Errorf("store: create pbx: %w", err)
	}
	return nil
}

// RevokePBX revokes the token of the switchboard called name, from at; it
// returns false when no active switchboard has that name.
func (t *Tx) RevokePBX(ctx context.Context, name string, at time.Time) (bool, error) {
	res, err := t.exec(ctx, "UPDATE pbx SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", micros(at), name)
	if err != nil {
		return false, fmt.Errorf("store: revoke pbx: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

const pbxColumns = "id, name, token_hash, allow, created_at, revoked_at"

func scanPBX(r scanner) (*telephony.PBX, error) {
	var p telephony.PBX
	var allow string
	if err := r.Scan(&p.ID, &p.Name, &p.TokenHash, &allow, nullTime{&p.CreatedAt}, nullTime{&p.RevokedAt}); err != nil {
		return nil, err
	}
	var err error
	p.Allow, err = telephony.ParseAllow(allow)
	return &p, err
}

// FindPBXByTokenHash finds the switchboard of a token (revoked ones too: the
// caller decides).
func (s *Store) FindPBXByTokenHash(ctx context.Context, hash string) (*telephony.PBX, error) {
	p, err := scanPBX(s.reader().queryRow(ctx, "SELECT "+pbxColumns+" FROM pbx WHERE token_hash = ?", hash))
	if isNoRows(err) {
		return nil, errs.E(errs.NotFound, "Standard inconnu.")
	}
	if err != nil {
		return nil, fmt.Errorf("store: find pbx: %w", err)
	}
	return p, nil
}

// FindPBXs lists the switchboards by name.
func (s *Store) FindPBXs(ctx context.Context) ([]*telephony.PBX, error) {
	rows, err := s.reader().query(ctx, "SELECT "+pbxColumns+" FROM pbx ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("store: find pbx: %w", err)
	}
	defer rows.Close()
	var out []*telephony.PBX
	for rows.Next() {
		p, err := scanPBX(rows)
		if err != nil {
			return nil, fmt.Errorf("store: find pbx: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SetExtension says which user answers at an extension (replacing any other).
func (t *Tx) SetExtension(ctx context.Context, ext string, userID int64, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO pbx_extensions (extension, user_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT (extension) DO UPDATE SET user_id = excluded.user_id`, ext, userID, micros(at))
	if err != nil {
		return fmt.Errorf("store: set extension: %w", err)
	}
	return nil
}

// FindExtensionUser returns the user of an extension, or 0.
func (t *Tx) FindExtensionUser(ctx context.Context, ext string) (int64, error) {
	var id int64
	err := t.queryRow(ctx, "SELECT user_id FROM pbx_extensions WHERE extension = ?", ext).Scan(&id)
	if isNoRows(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: find extension: %w", err)
	}
	return id, nil
}

// FindUserExtension returns a user's extension, or "".
func (s *Store) FindUserExtension(ctx context.Context, userID int64) (string, error) {
	var ext string
	err := s.reader().queryRow(ctx, "SELECT extension FROM pbx_extensions WHERE user_id = ? ORDER BY extension LIMIT 1",
		userID).Scan(&ext)
	if isNoRows(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: find extension: %w", err)
	}
	return ext, nil
}

// AddQueueMember makes a user see the screen pops of a queue.
func (t *Tx) AddQueueMember(ctx context.Context, queue string, userID int64) error {
	_, err := t.exec(ctx, `INSERT INTO pbx_queue_members (queue, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
		queue, userID)
	if err != nil {
		return fmt.Errorf("store: add queue member: %w", err)
	}
	return nil
}

// FindQueueMembers lists the users of a queue.
func (t *Tx) FindQueueMembers(ctx context.Context, queue string) ([]int64, error) {
	rows, err := t.query(ctx, "SELECT user_id FROM pbx_queue_members WHERE queue = ? ORDER BY user_id", queue)
	if err != nil {
		return nil, fmt.Errorf("store: find queue members: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// FindContactsByPhone lists the contacts with this number (E.164), with their
// company when they have one, most recent first.
func (s *Store) FindContactsByPhone(ctx context.Context, e164 string, limit int) ([]company.Contact, error) {
	return s.reader().FindContactsByPhone(ctx, e164, limit)
}

// FindContactsByPhone is Store.FindContactsByPhone inside a transaction: a
// write must read through its own connection, never wait for a second one from
// the pool (PostgreSQL: concurrent writes holding every connection would wait
// for each other forever).
func (t *Tx) FindContactsByPhone(ctx context.Context, e164 string, limit int) ([]company.Contact, error) {
	rows, err := t.query(ctx, fmt.Sprintf(`SELECT id, COALESCE(company_id, 0), name, email, phone, created_at
		FROM contacts WHERE phone = ? ORDER BY id DESC LIMIT %d`, limit), e164)
	if err != nil {
		return nil, fmt.Errorf("store: find contacts: %w", err)
	}
	defer rows.Close()
	var out []company.Contact
	for rows.Next() {
		var c company.Contact
		if err := rows.Scan(&c.ID, &c.CompanyID, &c.Name, &c.Email, &c.Phone, nullTime{&c.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// FindCompanyOfCall returns a company by its id (the company of the contact a
// call's number matched).
func (s *Store) FindCompanyOfCall(ctx context.Context, id int64) (*company.Company, error) {
	return s.reader().FindCompanyOfCall(ctx, id)
}

// FindCompanyOfCall is Store.FindCompanyOfCall inside a transaction.
func (t *Tx) FindCompanyOfCall(ctx context.Context, id int64) (*company.Company, error) {
	c, err := scanCompany(t.queryRow(ctx, "SELECT "+companyColumns+" FROM companies WHERE id = ?", id))
	if isNoRows(err) {
		return nil, errs.E(errs.NotFound, "Entreprise n° %d inconnue.", id)
	}
	return c, err
}

// RecordCallEvent notes that an event (by its key) of a call was applied. It
// returns false when it was already: a repetition, to be ignored.
func (t *Tx) RecordCallEvent(ctx context.Context, pbxID int64, callID, key string, at time.Time) (bool, error) {
	res, err := t.exec(ctx, `INSERT INTO call_events (pbx_id, call_id, event_key, received_at) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, pbxID, callID, key, micros(at))
	if err != nil {
		return false, fmt.Errorf("store: record call event: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

const callColumns = `c.id, c.pbx_id, c.call_id, c.direction, c.from_number, c.to_number, c.queue, c.result, c.cause,
	COALESCE(c.agent_id, 0), c.extension, c.transfers, c.blocked, c.closed_at_start, c.started_at, c.answered_at,
	c.last_answer_at, c.ended_at, COALESCE(c.ticket_id, 0), c.created_at, c.updated_at,
	COALESCE(u.name, ''), COALESCE(tk.number, ''), COALESCE(co.siret, ''), COALESCE(co.name, '')`

// callFrom joins a call's agent, request and company: the request's company,
// else the company of the latest contact with the other side's number.
const callFrom = ` FROM calls c LEFT JOIN users u ON u.id = c.agent_id LEFT JOIN tickets tk ON tk.id = c.ticket_id
	LEFT JOIN companies co ON co.id = COALESCE(tk.company_id, (SELECT ct.company_id FROM contacts ct
		WHERE ct.phone = (CASE WHEN c.direction = 'out' THEN c.to_number ELSE c.from_number END)
		AND ct.phone <> '' AND ct.company_id IS NOT NULL ORDER BY ct.id DESC LIMIT 1))`

func scanCall(r scanner) (*telephony.Record, error) {
	var c telephony.Record
	var blocked, closed int
	var last time.Time
	err := r.Scan(&c.ID, &c.PBXID, &c.CallID, &c.Direction, &c.From, &c.To, &c.Queue, &c.Result, &c.Cause,
		&c.Agent, &c.Extension, &c.Transfers, &blocked, &closed, nullTime{&c.StartedAt}, nullTime{&c.AnsweredAt},
		nullTime{&last}, nullTime{&c.EndedAt}, &c.TicketID, nullTime{&c.CreatedAt}, nullTime{&c.UpdatedAt},
		&c.AgentName, &c.TicketNumber, &c.CompanySIRET, &c.CompanyName)
	c.Blocked, c.ClosedAtStart = blocked == 1, closed == 1
	c.SetLastAnswer(last)
	return &c, err
}

// FindCall returns a call by its switchboard's id. On PostgreSQL the row is
// locked until the transaction ends, so that two events of one call arriving at
// once are applied one after the other (SQLite has one writer anyway).
func (t *Tx) FindCall(ctx context.Context, pbxID int64, callID string) (*telephony.Record, error) {
	if t.d == Postgres {
		if _, err := t.exec(ctx, "SELECT id FROM calls WHERE pbx_id = ? AND call_id = ? FOR UPDATE", pbxID, callID); err != nil {
			return nil, fmt.Errorf("store: lock call: %w", err)
		}
	}
	c, err := scanCall(t.queryRow(ctx, "SELECT "+callColumns+callFrom+" WHERE c.pbx_id = ? AND c.call_id = ?", pbxID, callID))
	if isNoRows(err) {
		return nil, errs.E(errs.NotFound, "Appel inconnu « %s ».", callID)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find call: %w", err)
	}
	return c, nil
}

// FindCallByID returns a call of the log.
func (s *Store) FindCallByID(ctx context.Context, id int64) (*telephony.Record, error) {
	c, err := scanCall(s.reader().queryRow(ctx, "SELECT "+callColumns+callFrom+" WHERE c.id = ?", id))
	if isNoRows(err) {
		return nil, errs.E(errs.NotFound, "Appel n° %d inconnu.", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find call: %w", err)
	}
	return c, nil
}

// CreateCall inserts a call; a call id the switchboard already used is
// ErrDuplicate (two first events racing).
func (t *Tx) CreateCall(ctx context.Context, c *telephony.Record) error {
	var err error
	c.ID, err = t.insert(ctx, `INSERT INTO calls (pbx_id, call_id, direction, from_number, to_number, queue, result,
		cause, agent_id, extension, transfers, blocked, closed_at_start, started_at, answered_at, last_answer_at,
		ended_at, duration_ms, ticket_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.PBXID, c.CallID, c.Direction, c.From, c.To, c.Queue, c.Result, c.Cause, nullID(c.Agent), c.Extension,
		c.Transfers, boolInt(c.Blocked), boolInt(c.ClosedAtStart), micros(c.StartedAt), micros(c.AnsweredAt),
		micros(c.LastAnswer()), micros(c.EndedAt), c.Duration().Milliseconds(), nullID(c.TicketID),
		micros(c.CreatedAt), micros(c.UpdatedAt))
	if isUniqueViolation(err) {
		return ErrDuplicate
	}
	if err != nil {
		return fmt.Errorf("store: create call: %w", err)
	}
	return nil
}

// UpdateCall writes a call's state.
func (t *Tx) UpdateCall(ctx context.Context, c *telephony.Record) error {
	_, err := t.exec(ctx, `UPDATE calls SET direction = ?, from_number = ?, to_number = ?, queue = ?, result = ?,
		cause = ?, agent_id = ?, extension = ?, transfers = ?, blocked = ?, closed_at_start = ?, started_at = ?,
		answered_at = ?, last_answer_at = ?, ended_at = ?, duration_ms = ?, ticket_id = ?, updated_at = ?
		WHERE id = ?`,
		c.Direction, c.From, c.To, c.Queue, c.Result, c.Cause, nullID(c.Agent), c.Extension, c.Transfers,
		boolInt(c.Blocked), boolInt(c.ClosedAtStart), micros(c.StartedAt), micros(c.AnsweredAt),
		micros(c.LastAnswer()), micros(c.EndedAt), c.Duration().Milliseconds(), nullID(c.TicketID),
		micros(c.UpdatedAt), c.ID)
	if err != nil {
		return fmt.Errorf("store: update call: %w", err)
	}
	return nil
}

// CallFilter selects calls of the log, newest first.
type CallFilter struct {
	Phone     string // E.164, calling or called
	AgentID   int64
	TicketID  int64
	Results   []telephony.Result
	Causes    []telephony.Cause
	Direction telephony.Direction
	Queue     string
	// CompanyID selects the calls of a company: from or to one of its
	// contacts' numbers, or linked to one of its requests.
	CompanyID int64
	From, To  time.Time // started within [From, To)
	// After is the keyset cursor: the (started_at, id) of the last row shown.
	AfterStarted time.Time
	AfterID      int64
	Limit        int
}

// FindCalls lists calls, newest first; more is true when another page follows.
func (s *Store) FindCalls(ctx context.Context, f CallFilter) ([]*telephony.Record, bool, error) {
	var w where
	if f.Phone != "" {
		w.add("(c.from_number = ? OR c.to_number = ?)", f.Phone, f.Phone)
	}
	if f.AgentID != 0 {
		w.add("c.agent_id = ?", f.AgentID)
	}
	if f.TicketID != 0 {
		w.add("c.ticket_id = ?", f.TicketID)
	}
	in(&w, "c.result", f.Results)
	in(&w, "c.cause", f.Causes)
	if f.Queue != "" {
		w.add("c.queue = ?", f.Queue)
	}
	if f.CompanyID != 0 {
		w.add(`(c.from_number IN (SELECT phone FROM contacts WHERE company_id = ? AND phone <> '')
			OR c.to_number IN (SELECT phone FROM contacts WHERE company_id = ? AND phone <> '')
			OR c.ticket_id IN (SELECT id FROM tickets WHERE company_id = ?))`, f.CompanyID, f.CompanyID, f.CompanyID)
	}
	if f.Direction != "" {
		w.add("c.direction = ?", f.Direction)
	}
	if !f.From.IsZero() {
		w.add("c.started_at >= ?", micros(f.From))
	}
	if !f.To.IsZero() {
		w.add("c.started_at < ?", micros(f.To))
	}
	if f.AfterID != 0 {
		w.add("(c.started_at, c.id) < (?, ?)", micros(f.AfterStarted), f.AfterID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.reader().query(ctx, "SELECT "+callColumns+callFrom+w.String()+
		fmt.Sprintf(" ORDER BY c.started_at DESC, c.id DESC LIMIT %d", limit+1), w.args...)
	if err != nil {
		return nil, false, fmt.Errorf("store: find calls: %w", err)
	}
	defer rows.Close()
	var out []*telephony.Record
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			return nil, false, fmt.Errorf("store: find calls: %w", err)
		}
		out = append(out, c)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, rows.Err()
}

// BlockNumber refuses a number's calls from now on.
func (t *Tx) BlockNumber(ctx context.Context, phone, reason string, by int64, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO blocked_numbers (phone, reason, created_by, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (phone) DO UPDATE SET reason = excluded.reason`, phone, reason, nullID(by), micros(at))
	if err != nil {
		return fmt.Errorf("store: block number: %w", err)
	}
	return nil
}

// UnblockNumber accepts a number's calls again.
func (t *Tx) UnblockNumber(ctx context.Context, phone string) error {
	if _, err := t.exec(ctx, "DELETE FROM blocked_numbers WHERE phone = ?", phone); err != nil {
		return fmt.Errorf("store: unblock number: %w", err)
	}
	return nil
}

// IsBlocked reports whether a number is blocked.
func (t *Tx) IsBlocked(ctx context.Context, phone string) (bool, error) {
	var n int
	err := t.queryRow(ctx, "SELECT COUNT(*) FROM blocked_numbers WHERE phone = ?", phone).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: blocked number: %w", err)
	}
	return n > 0, nil
}

// A callback is open until settled; open_phone holds its number only while it
// gathers the number's missed calls (a newer callback may have taken them:
// telephony.Callback.Superseded).
const callbackColumns = `ticket_id, phone, open_phone IS NOT NULL, missed_calls, first_missed_at, last_missed_at,
	attempts, reached_at, gave_up_reason`

func scanCallback(r scanner) (telephony.Callback, error) {
	var c telephony.Callback
	var gathers bool
	err := r.Scan(&c.TicketID, &c.Phone, &gathers, &c.MissedCalls, nullTime{&c.FirstMissedAt}, nullTime{&c.LastMissedAt},
		&c.Attempts, nullTime{&c.ReachedAt}, &c.GaveUpReason)
	c.Open = !c.Settled()
	c.Superseded = c.Open && !gathers
	return c, err
}

// FindOpenCallback returns the open callback of a number; found is false when
// there is none.
func (t *Tx) FindOpenCallback(ctx context.Context, phone string) (telephony.Callback, bool, error) {
	c, err := scanCallback(t.queryRow(ctx, "SELECT "+callbackColumns+" FROM callbacks WHERE open_phone = ?", phone))
	if isNoRows(err) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("store: find callback: %w", err)
	}
	return c, true, nil
}

// FindCallback returns the callback of a request; found is false when the
// request is not a callback.
func (t *Tx) FindCallback(ctx context.Context, ticketID int64) (telephony.Callback, bool, error) {
	c, err := scanCallback(t.queryRow(ctx, "SELECT "+callbackColumns+" FROM callbacks WHERE ticket_id = ?", ticketID))
	if isNoRows(err) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("store: find callback: %w", err)
	}
	return c, true, nil
}

// FindCallbackRead is FindCallback outside a transaction, for pages.
func (s *Store) FindCallbackRead(ctx context.Context, ticketID int64) (telephony.Callback, bool, error) {
	return s.reader().FindCallback(ctx, ticketID)
}

// CreateCallback inserts an open callback; another open one for the same number
// is ErrDuplicate (two missed calls racing: the loser joins the winner's).
func (t *Tx) CreateCallback(ctx context.Context, c telephony.Callback) error {
	_, err := t.exec(ctx, `INSERT INTO callbacks (ticket_id, phone, open_phone, missed_calls, first_missed_at,
		last_missed_at, attempts, reached_at, gave_up_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.TicketID, c.Phone, openPhone(c), c.MissedCalls, micros(c.FirstMissedAt), micros(c.LastMissedAt), c.Attempts,
		micros(c.ReachedAt), c.GaveUpReason)
	if isUniqueViolation(err) {
		return ErrDuplicate
	}
	if err != nil {
		return fmt.Errorf("store: create callback: %w", err)
	}
	return nil
}

// UpdateCallback writes a callback's counters and settlement.
func (t *Tx) UpdateCallback(ctx context.Context, c telephony.Callback) error {
	_, err := t.exec(ctx, `UPDATE callbacks SET open_phone = ?, missed_calls = ?, last_missed_at = ?, attempts = ?,
		reached_at = ?, gave_up_reason = ? WHERE ticket_id = ?`,
		openPhone(c), c.MissedCalls, micros(c.LastMissedAt), c.Attempts, micros(c.ReachedAt), c.GaveUpReason, c.TicketID)
	if isUniqueViolation(err) {
		return ErrDuplicate
	}
	if err != nil {
		return fmt.Errorf("store: update callback: %w", err)
	}
	return nil
}

func openPhone(c telephony.Callback) any {
	if !c.Open || c.Superseded {
		return nil
	}
	return c.Phone
}

// LinkCall records the request a call led to, unless it already has one.
func (t *Tx) LinkCall(ctx context.Context, callID, ticketID int64) error {
	_, err := t.exec(ctx, "UPDATE calls SET ticket_id = ? WHERE id = ? AND ticket_id IS NULL", ticketID, callID)
	if err != nil {
		return fmt.Errorf("store: link call: %w", err)
	}
	return nil
}

// FindBlockedNumbers lists the blocked numbers.
func (s *Store) FindBlockedNumbers(ctx context.Context) ([]telephony.BlockedNumber, error) {
	rows, err := s.reader().query(ctx, "SELECT phone, reason, created_at FROM blocked_numbers ORDER BY phone")
	if err != nil {
		return nil, fmt.Errorf("store: blocked numbers: %w", err)
	}
	defer rows.Close()
	var out []telephony.BlockedNumber
	for rows.Next() {
		var b telephony.BlockedNumber
		if err := rows.Scan(&b.Phone, &b.Reason, nullTime{&b.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// FindExtensions lists the agents' extensions with their queues.
func (s *Store) FindExtensions(ctx context.Context) ([]telephony.Extension, error) {
	rows, err := s.reader().query(ctx, `SELECT e.extension, u.id, u.email, u.name, COALESCE(q.queue, '')
		FROM pbx_extensions e JOIN users u ON u.id = e.user_id
		LEFT JOIN pbx_queue_members q ON q.user_id = u.id ORDER BY e.extension, q.queue`)
	if err != nil {
		return nil, fmt.Errorf("store: extensions: %w", err)
	}
	defer rows.Close()
	var out []telephony.Extension
	for rows.Next() {
		var e telephony.Extension
		var queue string
		if err := rows.Scan(&e.Extension, &e.UserID, &e.Email, &e.Name, &queue); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].Extension == e.Extension {
			out[n-1].Queues = append(out[n-1].Queues, queue)
			continue
		}
		if queue != "" {
			e.Queues = []string{queue}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
