package config

import (
	"strings"
	"testing"
)

func TestMailFromEnv(t *testing.T) {
	env := map[string]string{"GUICHET_SMTP_URL": "smtp://cellule:secret@smtp.region.example:587",
		"GUICHET_MAIL_FROM": "Cellule marchés publics <cellule@region.example>", "GUICHET_MAIL_REPLY_TO": "cellule@region.example",
		"GUICHET_MAIL_DOMAIN": "guichet.region.example",
		"GUICHET_IMAP_URLS":   "imaps://cellule:secret@imap.region.example/INBOX, imap://travaux:pw@imap.region.example:143/INBOX?tls=none"}
	c, err := FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.Mail.SMTPURL != env["GUICHET_SMTP_URL"] || c.Mail.From != env["GUICHET_MAIL_FROM"] || c.Mail.Domain != "guichet.region.example" ||
		len(c.Mail.IMAPURLs) != 2 || c.Mail.ReplyTo != "cellule@region.example" {
		t.Errorf("mail = %+v", c.Mail)
	}
}

func TestMailFromEnvRejectsBadValues(t *testing.T) {
	env := map[string]string{"GUICHET_SMTP_URL": "http://smtp", "GUICHET_MAIL_REPLY_TO": "cellule+x@region.example",
		"GUICHET_MAIL_DOMAIN": "pas un domaine", "GUICHET_IMAP_URLS": "imaps://imap.region.example/INBOX"}
	_, err := FromEnv(func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("accepted")
	}
	for _, v := range []string{"GUICHET_SMTP_URL", "GUICHET_MAIL_FROM", "GUICHET_MAIL_REPLY_TO", "GUICHET_MAIL_DOMAIN", "GUICHET_IMAP_URLS"} {
		if !strings.Contains(err.Error(), v) {
			t.Errorf("error does not name %s: %v", v, err)
		}
	}
}
