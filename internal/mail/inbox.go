package mail

import "context"

// Fetched is a mail read from a mailbox, identified by its place there: the
// mailbox, its UIDVALIDITY and the mail's UID never designate another mail.
type Fetched struct {
	Mailbox     string // "user@host/INBOX", without password
	UIDValidity uint32
	UID         uint32
	Raw         []byte
	// Size is the mail's full size; when it is over the poller's limit only the
	// first bytes are fetched and Truncated is set.
	Size      int64
	Truncated bool
}

// Inbox receives the mails a poller reads (internal/core implements it).
type Inbox interface {
	// LastUID is the highest UID already processed in a mailbox for its
	// UIDVALIDITY; the poller fetches the mails after it.
	LastUID(ctx context.Context, mailbox string, uidValidity uint32) (uint32, error)
	// Deliver processes one mail, once: a mail delivered twice (after an
	// interrupted poll, or by two instances) has its effect once.
	Deliver(ctx context.Context, f Fetched) error
}
