package portal

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/ticket"
)

// sign returns msg's HMAC under the instances' shared form key, in base64url.
func (s *server) sign(ctx context.Context, msg string) (string, error) {
	key, err := s.core.FormKey(ctx)
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)), nil
}

func (s *server) verify(ctx context.Context, msg, sig string) bool {
	want, err := s.sign(ctx, msg)
	return err == nil && hmac.Equal([]byte(want), []byte(sig))
}

// startToken is the form's hidden "started" field: when the form was shown,
// signed, so that a robot can neither skip the minimum fill time nor forge it.
func (s *server) startToken(ctx context.Context) (string, error) {
	ts := strconv.FormatInt(s.core.Now().UnixMilli(), 10)
	sig, err := s.sign(ctx, "form|"+ts)
	return ts + "." + sig, err
}

// startedAt reads a start token; ok is false when it is missing or forged.
func (s *server) startedAt(ctx context.Context, tok string) (time.Time, bool) {
	ts, sig, found := strings.Cut(tok, ".")
	ms, err := strconv.ParseInt(ts, 10, 64)
	if !found || err != nil || !s.verify(ctx, "form|"+ts, sig) {
		return time.Time{}, false
	}
	return time.UnixMilli(ms), true
}

// keptFile is a file already received with a refused submission, offered
// again (checked) so that the company need not choose it again.
type keptFile struct {
	Token string
	Name  string
	Size  int64
}

// keepToken signs a stored attachment into a hidden form value. It holds only
// what the Attachment holds (the content stays in the store, under its hash).
func (s *server) keepToken(ctx context.Context, a ticket.Attachment) (keptFile, error) {
	b, _ := json.Marshal(a)
	payload := base64.RawURLEncoding.EncodeToString(b)
	sig, err := s.sign(ctx, "kept|"+payload)
	return keptFile{Token: payload + "." + sig, Name: a.Name, Size: a.Size}, err
}

// keptAttachment reads a kept-file token back; ok is false when forged.
func (s *server) keptAttachment(ctx context.Context, tok string) (ticket.Attachment, bool) {
	payload, sig, found := strings.Cut(tok, ".")
	var a ticket.Attachment
	if !found || !s.verify(ctx, "kept|"+payload, sig) {
		return a, false
	}
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil || json.Unmarshal(b, &a) != nil {
		return a, false
	}
	a.ID, a.MessageID = 0, 0
	return a, true
}
