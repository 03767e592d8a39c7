package ticket

import "time"

// Attachment is a file that came with a message: from the company (the public
// form, the portal, an e-mail) or from an agent. Its content is stored once per
// distinct content, found by its SHA-256; the row says which message carried it
// under which name.
type Attachment struct {
	ID          int64
	MessageID   int64  // 0 until the message that carries it is written
	Name        string // the file name as sent, cleaned of any path
	ContentType string // detected from the content, never taken from the name or the sender
	Size        int64  // bytes
	SHA256      string // hex digest of the content: the key of the stored content
	// Quarantined is set when the virus scanner found something (or could not
	// scan): the file is kept for an administrator but never served.
	Quarantined bool
	CreatedAt   time.Time
}
