package app

import (
	"log/slog"

	"github.com/guichet/guichet/internal/config"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/mail/poller"
	"github.com/guichet/guichet/internal/mail/sender"
)

// mailOptions builds e-mail in and out from the configuration: the SMTP sender
// (none: mails wait in the outbox) and one poller per IMAP mailbox.
func mailOptions(cfg config.Config, log *slog.Logger) (core.MailOptions, error) {
	o := core.MailOptions{From: cfg.Mail.From, ReplyTo: cfg.Mail.ReplyTo, Domain: cfg.Mail.Domain, BaseURL: cfg.BaseURL}
	if cfg.Mail.SMTPURL != "" {
		s, err := sender.Parse(cfg.Mail.SMTPURL)
		if err != nil {
			return o, err
		}
		o.Sender = s
		log.Info("mail: sending through SMTP", "server", s.String())
	}
	for _, raw := range cfg.Mail.IMAPURLs {
		p, err := poller.Parse(raw)
		if err != nil {
			return o, err
		}
		p.Log = log
		o.Mailboxes = append(o.Mailboxes, p)
		log.Info("mail: reading mailbox", "mailbox", p.Name())
	}
	return o, nil
}
