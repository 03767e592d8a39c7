package config

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
)

// Mail is the e-mail configuration (docs/mail.md). With no SMTP URL, mails are
// queued in the outbox and wait; with no IMAP URL, no mailbox is read.
type Mail struct {
	// SMTPURL is the server mails are sent through — GUICHET_SMTP_URL, e.g.
	// smtp://user:password@host:587 (STARTTLS), smtps://…:465 (TLS), ?tls=none
	// for a local relay, ?skip_verify=true for a self-signed certificate.
	SMTPURL string
	// From is the sender of the mails — GUICHET_MAIL_FROM, e.g.
	// "Cellule marchés publics <cellule@region.example>".
	From string
	// ReplyTo is the address companies answer to, read by one of the IMAP
	// mailboxes; it must accept sub-addresses (cellule+TOKEN@…) — GUICHET_MAIL_REPLY_TO.
	ReplyTo string
	// Domain is the right-hand side of the Message-IDs — GUICHET_MAIL_DOMAIN;
	// From's domain when empty.
	Domain string
	// IMAPURLs are the mailboxes read — GUICHET_IMAP_URLS, comma-separated, e.g.
	// imaps://user:password@host:993/INBOX.
	IMAPURLs []string
}

// readMail reads the GUICHET_SMTP_URL, GUICHET_MAIL_* and GUICHET_IMAP_URLS variables.
func readMail(c *Config, getenv func(string) string) []string {
	var errs []string
	m := &c.Mail
	m.SMTPURL = strings.TrimSpace(getenv("GUICHET_SMTP_URL"))
	m.From = strings.TrimSpace(getenv("GUICHET_MAIL_FROM"))
	m.ReplyTo = strings.TrimSpace(getenv("GUICHET_MAIL_REPLY_TO"))
	m.Domain = strings.TrimSpace(getenv("GUICHET_MAIL_DOMAIN"))
	if m.SMTPURL != "" {
		if u, err := url.Parse(m.SMTPURL); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			errs = append(errs, "GUICHET_SMTP_URL: adresse attendue smtp://utilisateur:mot-de-passe@hôte:587 ou smtps://…")
		}
	}
	if m.From != "" {
		if _, err := mail.ParseAddress(m.From); err != nil {
			errs = append(errs, fmt.Sprintf("GUICHET_MAIL_FROM: %q n'est pas une adresse (« Nom <adresse@domaine> »)", m.From))
		}
	} else if m.SMTPURL != "" {
		errs = append(errs, "GUICHET_MAIL_FROM: obligatoire quand GUICHET_SMTP_URL est défini")
	}
	if m.ReplyTo != "" {
		if a, err := mail.ParseAddress(m.ReplyTo); err != nil || strings.Contains(a.Address, "+") {
			errs = append(errs, fmt.Sprintf("GUICHET_MAIL_REPLY_TO: %q n'est pas une adresse simple (sans « + »)", m.ReplyTo))
		}
	}
	if m.Domain != "" && (strings.ContainsAny(m.Domain, "@<> ") || !strings.Contains(m.Domain, ".")) {
		errs = append(errs, fmt.Sprintf("GUICHET_MAIL_DOMAIN: %q n'est pas un nom de domaine", m.Domain))
	}
	for i, raw := range strings.Split(getenv("GUICHET_IMAP_URLS"), ",") {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		if u, err := url.Parse(raw); err != nil || (u.Scheme != "imap" && u.Scheme != "imaps") || u.Host == "" || u.User == nil {
			errs = append(errs, fmt.Sprintf("GUICHET_IMAP_URLS: boîte n° %d illisible (imaps://utilisateur:mot-de-passe@hôte:993/INBOX)", i+1))
			continue
		}
		m.IMAPURLs = append(m.IMAPURLs, raw)
	}
	return errs
}
