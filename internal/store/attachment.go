package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// createAttachments links the message's files to it, in the message's
// transaction; their contents were stored before (see attach.Keeper).
func (t *Tx) createAttachments(ctx context.Context, m *ticket.Message) error {
	for i := range m.Attachments {
		a := &m.Attachments[i]
		a.MessageID = m.ID
		if a.CreatedAt.IsZero() {
			a.CreatedAt = m.CreatedAt
		}
		var err error
		a.ID, err = t.insert(ctx, `INSERT INTO attachments (message_id, ticket_id, name, content_type, size, sha256,
			quarantined, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			m.ID, m.TicketID, a.Name, a.ContentType, a.Size, a.SHA256, boolInt(a.Quarantined), micros(a.CreatedAt))
		if err != nil {
			return fmt.Errorf("store: create attachment: %w", err)
		}
	}
	return nil
}

const attachmentColumns = `id, message_id, name, content_type, size, sha256, quarantined, created_at`

func scanAttachment(r scanner, a *ticket.Attachment) error {
	var q int64
	err := r.Scan(&a.ID, &a.MessageID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &q, nullTime{&a.CreatedAt})
	a.Quarantined = q != 0
	return err
}

// FindAttachment returns one attachment and the ticket it belongs to.
func (s *Store) FindAttachment(ctx context.Context, id int64) (a ticket.Attachment, ticketID int64, err error) {
	var q int64
	err = s.reader().queryRow(ctx, `SELECT id, message_id, name, content_type, size, sha256, quarantined, created_at,
		ticket_id FROM attachments WHERE id = ?`, id).Scan(&a.ID, &a.MessageID, &a.Name, &a.ContentType, &a.Size,
		&a.SHA256, &q, nullTime{&a.CreatedAt}, &ticketID)
	a.Quarantined = q != 0
	if isNoRows(err) {
		return a, 0, errs.E(errs.NotFound, "La pièce jointe n° %d n'existe pas.", id)
	}
	if err != nil {
		return a, 0, fmt.Errorf("store: find attachment: %w", err)
	}
	return a, ticketID, nil
}

// attachMessages fills the Attachments of a ticket's messages.
func (s *Store) attachMessages(ctx context.Context, ticketID int64, msgs []ticket.Message) error {
	rows, err := s.reader().query(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE ticket_id = ? ORDER BY id`, ticketID)
	if err != nil {
		return fmt.Errorf("store: find attachments: %w", err)
	}
	defer rows.Close()
	byMessage := map[int64][]ticket.Attachment{}
	for rows.Next() {
		var a ticket.Attachment
		if err := scanAttachment(rows, &a); err != nil {
			return fmt.Errorf("store: find attachments: %w", err)
		}
		byMessage[a.MessageID] = append(byMessage[a.MessageID], a)
	}
	for i := range msgs {
		msgs[i].Attachments = byMessage[msgs[i].ID]
	}
	return rows.Err()
}

// DBBlobs keeps attachment contents in the attachment_blobs table, keyed by
// their SHA-256: every instance of a PostgreSQL deployment sees every file, and
// a database backup holds them.
type DBBlobs struct{ s *Store }

// Blobs returns the attachment contents kept in this database.
func (s *Store) Blobs() DBBlobs { return DBBlobs{s} }

// Put stores data under key; a key already stored is left as it is.
func (b DBBlobs) Put(ctx context.Context, key string, data []byte) error {
	return b.s.Write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO attachment_blobs (key, data, size, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO NOTHING`, key, data, len(data), time.Now().UnixMicro())
		if err != nil {
			return fmt.Errorf("store: put blob: %w", err)
		}
		return nil
	})
}

// Get reads the content stored under key.
func (b DBBlobs) Get(ctx context.Context, key string) ([]byte, error) {
	var data []byte
	err := b.s.reader().queryRow(ctx, `SELECT data FROM attachment_blobs WHERE key = ?`, key).Scan(&data)
	if isNoRows(err) {
		return nil, errs.E(errs.NotFound, "Fichier introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("store: get blob %s: %w", strings.TrimPrefix(key, "quarantine/"), err)
	}
	return data, nil
}
