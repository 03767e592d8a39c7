// Package sender delivers composed mails over SMTP, as configured by
// GUICHET_SMTP_URL:
//
//	smtp://user:password@host:587            STARTTLS, required (the default)
//	smtps://user:password@host:465           TLS from the first byte
//	smtp://host:25?tls=none                  no encryption (a relay on the same machine)
//	…?skip_verify=true                       accept a self-signed certificate
//
// One connection per mail keeps it simple and robust: the outbox sends a few
// hundred mails a day, and a broken connection never affects the next mail.
package sender

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Sender is an SMTP server to send through.
type Sender struct {
	addr       string
	host       string
	mode       string // "starttls", "tls" or "none"
	user, pass string
	skipVerify bool
	timeout    time.Duration
}

// Parse reads an SMTP URL (see the package documentation).
func Parse(raw string) (*Sender, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("GUICHET_SMTP_URL : adresse illisible %q (smtp://utilisateur:mot-de-passe@hôte:587)", raw)
	}
	s := &Sender{host: u.Hostname(), timeout: time.Minute}
	port := u.Port()
	switch u.Scheme {
	case "smtp":
		s.mode = "starttls"
		port = orPort(port, "587")
	case "smtps":
		s.mode = "tls"
		port = orPort(port, "465")
	default:
		return nil, fmt.Errorf("GUICHET_SMTP_URL : schéma %q inconnu (smtp ou smtps)", u.Scheme)
	}
	q := u.Query()
	switch q.Get("tls") {
	case "":
	case "none", "starttls":
		if u.Scheme == "smtps" {
			return nil, fmt.Errorf("GUICHET_SMTP_URL : tls=%s n'a pas de sens avec smtps://", q.Get("tls"))
		}
		s.mode = q.Get("tls")
	default:
		return nil, fmt.Errorf("GUICHET_SMTP_URL : tls=%q inconnu (starttls ou none)", q.Get("tls"))
	}
	if v := q.Get("skip_verify"); v != "" {
		if s.skipVerify, err = strconv.ParseBool(v); err != nil {
			return nil, fmt.Errorf("GUICHET_SMTP_URL : skip_verify=%q (true ou false)", v)
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	s.addr = net.JoinHostPort(s.host, port)
	return s, nil
}

func orPort(p, def string) string {
	if p == "" {
		return def
	}
	return p
}

// String names the server without its password, for logs.
func (s *Sender) String() string { return s.mode + "://" + s.addr }

// PermanentError is a refusal that retrying will not change (an SMTP 5xx reply:
// unknown recipient, message refused).
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent reports that the outbox should not retry.
func (e *PermanentError) Permanent() bool { return true }

// Send delivers raw to the recipients, with from as the envelope sender.
func (s *Sender) Send(ctx context.Context, from string, to []string, raw []byte) error {
	c, err := s.dial(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if s.user != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.user, s.pass)); err != nil {
			return classify(fmt.Errorf("smtp auth: %w", err))
		}
	}
	if err := c.SendMail(from, to, strings.NewReader(string(raw))); err != nil {
		return classify(err)
	}
	return c.Quit()
}

func (s *Sender) dial(ctx context.Context) (*smtp.Client, error) {
	d := net.Dialer{Timeout: 30 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	deadline := time.Now().Add(s.timeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	conn.SetDeadline(deadline)
	cfg := &tls.Config{ServerName: s.host, InsecureSkipVerify: s.skipVerify}
	switch s.mode {
	case "tls":
		return smtp.NewClient(tls.Client(conn, cfg)), nil
	case "starttls":
		c, err := smtp.NewClientStartTLS(conn, cfg)
		if err != nil {
			conn.Close()
			return nil, fmt.Errorf("smtp starttls: %w", err)
		}
		return c, nil
	}
	return smtp.NewClient(conn), nil
}

// classify marks 5xx replies permanent.
func classify(err error) error {
	var se *smtp.SMTPError
	if errors.As(err, &se) && se.Code >= 500 {
		return &PermanentError{Err: err}
	}
	return err
}
