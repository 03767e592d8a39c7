package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// InboundMail is a mail read from an IMAP mailbox and what was done with it.
type InboundMail struct {
	ID          int64
	Mailbox     string // the mailbox's name without password, e.g. "cellule@imap.example/INBOX"
	UIDValidity uint32
	UID         uint32
	MessageID   string // without angle brackets; "" when the mail had none
	From        string
	Subject     string
	Status      string // InboundCreated, InboundReply, InboundIgnored, InboundDuplicate
	Reason      string // why it was ignored, in French
	TicketID    int64
	MessageRef  int64    // the message row it became
	Flags       []string // what an agent should check: sender_mismatch, forged_token, …
	FullText    string   // the text before quotes and signature were folded away
	Attachments string   // JSON list of the files and whether each was kept
	ReceivedAt  time.Time
}

// What was done with an inbound mail.
const (
	InboundCreated   = "created"   // a new request
	InboundReply     = "reply"     // a message on an existing request
	InboundIgnored   = "ignored"   // an auto-reply, a bounce, a list mail
	InboundDuplicate = "duplicate" // the same Message-ID was already processed
)

// CreateInboundMail records a mail. Recording it first in the transaction of its
// effect makes the effect happen once: a second instance processing the same mail
// gets ErrDuplicate and its transaction is rolled back.
func (t *Tx) CreateInboundMail(ctx context.Context, m *InboundMail) error {
	var err error
	m.ID, err = t.insert(ctx, `INSERT INTO inbound_mail (mailbox, uid_validity, uid, message_id, from_addr, subject, status,
		reason, ticket_id, message_ref, flags, full_text, attachments, received_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.Mailbox, int64(m.UIDValidity), int64(m.UID), m.MessageID, m.From, m.Subject, m.Status, m.Reason,
		nullID(m.TicketID), nullID(m.MessageRef), strings.Join(m.Flags, ","), m.FullText, m.Attachments, micros(m.ReceivedAt))
	if isUniqueViolation(err) {
		return ErrDuplicate
	}
	if err != nil {
		return fmt.Errorf("store: record inbound mail: %w", err)
	}
	return nil
}

// SetInboundResult records what a mail became, once its request or message is written.
func (t *Tx) SetInboundResult(ctx context.Context, id int64, status string, ticketID, messageRef int64, flags []string) error {
	_, err := t.exec(ctx, `UPDATE inbound_mail SET status = ?, ticket_id = ?, message_ref = ?, flags = ? WHERE id = ?`,
		status, nullID(ticketID), nullID(messageRef), strings.Join(flags, ","), id)
	if err != nil {
		return fmt.Errorf("store: inbound result: %w", err)
	}
	return nil
}

// LastInboundUID is the highest UID processed in a mailbox for its UIDVALIDITY
// (0 when none): the poller fetches what comes after.
func (s *Store) LastInboundUID(ctx context.Context, mailbox string, uidValidity uint32) (uint32, error) {
	var n int64
	err := s.reader().queryRow(ctx, `SELECT COALESCE(MAX(uid), 0) FROM inbound_mail WHERE mailbox = ? AND uid_validity = ?`,
		mailbox, int64(uidValidity)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: last uid: %w", err)
	}
	return uint32(n), nil
}

// InboundSeen reports whether a mail with this Message-ID was already processed
// (from another mailbox, or before the mailbox's UIDVALIDITY changed).
func (t *Tx) InboundSeen(ctx context.Context, messageID string) (bool, error) {
	if messageID == "" {
		return false, nil
	}
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM inbound_mail WHERE message_id = ? AND status <> 'duplicate'`, messageID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: inbound seen: %w", err)
	}
	return n > 0, nil
}

// FindTicketIDByMailIDs returns the request that one of these Message-IDs (a
// reply's In-Reply-To and References) belongs to, the most recent mail first.
func (t *Tx) FindTicketIDByMailIDs(ctx context.Context, ids []string) (int64, bool, error) {
	if len(ids) == 0 {
		return 0, false, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	args := make([]any, 0, 2*len(ids))
	for _, id := range ids {
		args = append(args, id)
	}
	for _, id := range ids {
		args = append(args, id)
	}
	var tid int64
	err := t.queryRow(ctx, `SELECT ticket_id FROM (
			SELECT ticket_id, created_at AS at FROM outbox WHERE message_id IN (`+marks+`) AND ticket_id IS NOT NULL
			UNION ALL
			SELECT ticket_id, received_at AS at FROM inbound_mail WHERE message_id IN (`+marks+`) AND ticket_id IS NOT NULL
		) found ORDER BY at DESC LIMIT 1`, args...).Scan(&tid)
	if isNoRows(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: ticket by mail: %w", err)
	}
	return tid, true, nil
}

// FindTicketIDByNumber returns the id of the request with this number.
func (t *Tx) FindTicketIDByNumber(ctx context.Context, number string) (int64, bool, error) {
	var id int64
	err := t.queryRow(ctx, `SELECT id FROM tickets WHERE number = ?`, number).Scan(&id)
	if isNoRows(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: ticket by number: %w", err)
	}
	return id, true, nil
}

// FindContactsByEmail returns the contacts with this e-mail address, most
// recent first, so that a mail from a known address finds its company.
func (t *Tx) FindContactsByEmail(ctx context.Context, email string) ([]ContactRef, error) {
	rows, err := t.query(ctx, `SELECT c.id, COALESCE(c.company_id, 0), COALESCE(co.siret, ''), COALESCE(co.name, '')
		FROM contacts c LEFT JOIN companies co ON co.id = c.company_id
		WHERE c.email = ? ORDER BY c.id DESC LIMIT 10`, email)
	if err != nil {
		return nil, fmt.Errorf("store: contacts by email: %w", err)
	}
	defer rows.Close()
	var out []ContactRef
	for rows.Next() {
		var c ContactRef
		if err := rows.Scan(&c.ContactID, &c.CompanyID, &c.SIRET, &c.CompanyName); err != nil {
			return nil, fmt.Errorf("store: contacts by email: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ContactRef is a contact and its company, as the mail poller needs them.
type ContactRef struct {
	ContactID   int64
	CompanyID   int64
	SIRET       string
	CompanyName string
}

// FindInboundMails lists the mails a request received, oldest first.
func (s *Store) FindInboundMails(ctx context.Context, ticketID int64) ([]InboundMail, error) {
	rows, err := s.reader().query(ctx, `SELECT id, mailbox, uid_validity, uid, message_id, from_addr, subject, status, reason,
		COALESCE(ticket_id, 0), COALESCE(message_ref, 0), flags, full_text, attachments, received_at
		FROM inbound_mail WHERE ticket_id = ? ORDER BY id`, ticketID)
	if err != nil {
		return nil, fmt.Errorf("store: inbound mails: %w", err)
	}
	defer rows.Close()
	return scanInbound(rows)
}

// FindIgnoredMails lists the latest mails that created nothing (auto-replies,
// bounces, list mail, duplicates), newest first, for an administrator.
func (s *Store) FindIgnoredMails(ctx context.Context, limit int) ([]InboundMail, error) {
	rows, err := s.reader().query(ctx, `SELECT id, mailbox, uid_validity, uid, message_id, from_addr, subject, status, reason,
		COALESCE(ticket_id, 0), COALESCE(message_ref, 0), flags, full_text, attachments, received_at
		FROM inbound_mail WHERE status IN ('ignored', 'duplicate') ORDER BY id DESC LIMIT ?`, clampLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("store: ignored mails: %w", err)
	}
	defer rows.Close()
	return scanInbound(rows)
}

func scanInbound(rows interface {
	scanner
	Next() bool
	Err() error
}) ([]InboundMail, error) {
	var out []InboundMail
	for rows.Next() {
		var m InboundMail
		var uv, uid int64
		var flags string
		if err := rows.Scan(&m.ID, &m.Mailbox, &uv, &uid, &m.MessageID, &m.From, &m.Subject, &m.Status, &m.Reason,
			&m.TicketID, &m.MessageRef, &flags, &m.FullText, &m.Attachments, nullTime{&m.ReceivedAt}); err != nil {
			return nil, fmt.Errorf("store: inbound mails: %w", err)
		}
		m.UIDValidity, m.UID = uint32(uv), uint32(uid)
		if flags != "" {
			m.Flags = strings.Split(flags, ",")
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// FindContactEmail returns a contact's e-mail address ("" when it has none).
func (t *Tx) FindContactEmail(ctx context.Context, id int64) (string, error) {
	var email string
	err := t.queryRow(ctx, `SELECT email FROM contacts WHERE id = ?`, id).Scan(&email)
	if isNoRows(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: contact email: %w", err)
	}
	return email, nil
}

// FirstMessageID returns the id of a request's first message (0 when none).
func (t *Tx) FirstMessageID(ctx context.Context, ticketID int64) (int64, error) {
	var id int64
	err := t.queryRow(ctx, `SELECT COALESCE(MIN(id), 0) FROM messages WHERE ticket_id = ?`, ticketID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: first message: %w", err)
	}
	return id, nil
}
