// Package poller reads IMAP mailboxes and hands each new mail to Guichet, as
// configured by GUICHET_IMAP_URLS (comma-separated):
//
//	imaps://user:password@host:993/INBOX     TLS from the first byte (the default port)
//	imap://user:password@host:143/INBOX      STARTTLS, required
//	imap://user:password@host:143/INBOX?tls=none   no encryption (tests, a local server)
//	…?skip_verify=true                       accept a self-signed certificate
//
// A poller keeps one connection: it fetches the mails after the last UID
// processed (the database knows it), then waits with IDLE when the server
// supports it, or polls every minute. Mails are never deleted or moved; each is
// marked \Seen once processed. A mail larger than the limit is fetched only up
// to the limit: its text is read, its large attachments are refused.
package poller

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/guichet/guichet/internal/mail"
)

// Poller is one IMAP mailbox to read.
type Poller struct {
	addr, host string
	mode       string // "tls", "starttls", "none"
	user, pass string
	mailbox    string
	skipVerify bool
	// MaxBytes is the most fetched of one mail (default 30 MB).
	MaxBytes int64
	// Interval is the pause between two polls when the server has no IDLE, and
	// the longest IDLE (servers drop an IDLE after 30 minutes).
	Interval time.Duration
	Log      *slog.Logger
	// Debug, when set, receives the IMAP conversation (passwords included: for
	// tests and troubleshooting only).
	Debug io.Writer
}

// Parse reads one mailbox URL (see the package documentation).
func Parse(raw string) (*Poller, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("GUICHET_IMAP_URLS : adresse illisible (imaps://utilisateur:mot-de-passe@hôte/INBOX)")
	}
	p := &Poller{host: u.Hostname(), MaxBytes: 30 << 20, Interval: time.Minute, Log: slog.New(slog.DiscardHandler)}
	port := u.Port()
	switch u.Scheme {
	case "imaps":
		p.mode, port = "tls", orPort(port, "993")
	case "imap":
		p.mode, port = "starttls", orPort(port, "143")
	default:
		return nil, fmt.Errorf("GUICHET_IMAP_URLS : schéma %q inconnu (imap ou imaps)", u.Scheme)
	}
	q := u.Query()
	switch v := q.Get("tls"); v {
	case "":
	case "none", "starttls":
		if u.Scheme == "imaps" {
			return nil, fmt.Errorf("GUICHET_IMAP_URLS : tls=%s n'a pas de sens avec imaps://", v)
		}
		p.mode = v
	default:
		return nil, fmt.Errorf("GUICHET_IMAP_URLS : tls=%q inconnu (starttls ou none)", v)
	}
	if v := q.Get("skip_verify"); v != "" {
		if p.skipVerify, err = strconv.ParseBool(v); err != nil {
			return nil, fmt.Errorf("GUICHET_IMAP_URLS : skip_verify=%q (true ou false)", v)
		}
	}
	if u.User == nil || u.User.Username() == "" {
		return nil, fmt.Errorf("GUICHET_IMAP_URLS : utilisateur manquant dans %s://%s", u.Scheme, u.Host)
	}
	p.user = u.User.Username()
	p.pass, _ = u.User.Password()
	p.mailbox = strings.Trim(u.Path, "/")
	if p.mailbox == "" {
		p.mailbox = "INBOX"
	}
	p.addr = net.JoinHostPort(p.host, port)
	return p, nil
}

// ParseList reads GUICHET_IMAP_URLS.
func ParseList(raw string) ([]*Poller, error) {
	var out []*Poller
	for i, part := range strings.Split(raw, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		p, err := Parse(part)
		if err != nil {
			return nil, fmt.Errorf("boîte n° %d : %w", i+1, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func orPort(p, def string) string {
	if p == "" {
		return def
	}
	return p
}

// Name identifies the mailbox without its password: "user@host:port/INBOX".
func (p *Poller) Name() string { return p.user + "@" + p.addr + "/" + p.mailbox }

// Run reads the mailbox until ctx ends; it returns on a connection error (the
// job runner restarts it after a pause).
func (p *Poller) Run(ctx context.Context, inbox mail.Inbox) error {
	wake := make(chan struct{}, 1)
	c, err := p.connect(wake)
	if err != nil {
		return err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	sel, err := c.Select(p.mailbox, nil).Wait()
	if err != nil {
		return fmt.Errorf("imap %s: select: %w", p.Name(), err)
	}
	for ctx.Err() == nil {
		err := p.fetchNew(ctx, c, inbox, sel.UIDValidity)
		if err == nil {
			err = p.wait(ctx, c, wake)
		}
		if ctx.Err() != nil {
			return ctx.Err() // the connection was closed to stop
		}
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (p *Poller) connect(wake chan struct{}) (*imapclient.Client, error) {
	opts := &imapclient.Options{
		DebugWriter: p.Debug,
		TLSConfig:   &tls.Config{ServerName: p.host, InsecureSkipVerify: p.skipVerify},
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				select {
				case wake <- struct{}{}:
				default:
				}
			}
		}},
	}
	var c *imapclient.Client
	var err error
	switch p.mode {
	case "tls":
		c, err = imapclient.DialTLS(p.addr, opts)
	case "starttls":
		c, err = imapclient.DialStartTLS(p.addr, opts)
	default:
		c, err = imapclient.DialInsecure(p.addr, opts)
	}
	if err != nil {
		return nil, fmt.Errorf("imap %s: %w", p.Name(), err)
	}
	if err := c.Login(p.user, p.pass).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("imap %s: login: %w", p.Name(), err)
	}
	return c, nil
}

// wait returns when new mail may have come: IDLE until the server announces
// one, or the interval passes (a NOOP poll without IDLE).
func (p *Poller) wait(ctx context.Context, c *imapclient.Client, wake chan struct{}) error {
	timer := time.NewTimer(p.Interval)
	defer timer.Stop()
	if !c.Caps().Has(imap.CapIdle) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		case <-timer.C:
		}
		return c.Noop().Wait()
	}
	// A mail that arrived during the last fetch is announced at the next command:
	// some servers do not repeat it when IDLE starts, so ask first.
	if err := c.Noop().Wait(); err != nil {
		return err
	}
	select {
	case <-wake:
		return nil
	default:
	}
	idle, err := c.Idle()
	if err != nil {
		return fmt.Errorf("imap %s: idle: %w", p.Name(), err)
	}
	select {
	case <-ctx.Done():
	case <-wake:
	case <-timer.C:
	}
	if err := idle.Close(); err != nil {
		return err
	}
	return idle.Wait()
}

// fetchNew hands the mails after the last processed UID to the inbox, in UID order.
func (p *Poller) fetchNew(ctx context.Context, c *imapclient.Client, inbox mail.Inbox, uidValidity uint32) error {
	last, err := inbox.LastUID(ctx, p.Name(), uidValidity)
	if err != nil {
		return err
	}
	var set imap.UIDSet
	set.AddRange(imap.UID(last+1), 0) // last+1:*
	msgs, err := c.Fetch(set, &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil {
		return fmt.Errorf("imap %s: fetch: %w", p.Name(), err)
	}
	// "n:*" always names the last mail, even when its UID is below n.
	sort.Slice(msgs, func(i, j int) bool { return msgs[i].UID < msgs[j].UID })
	for _, m := range msgs {
		if uint32(m.UID) <= last || ctx.Err() != nil {
			continue
		}
		f, err := p.fetchOne(c, m.UID, m.RFC822Size)
		if err != nil {
			return err
		}
		f.UIDValidity = uidValidity
		if err := inbox.Deliver(ctx, f); err != nil {
			return fmt.Errorf("imap %s: uid %d: %w", p.Name(), m.UID, err)
		}
		p.Log.Debug("mail read", "mailbox", p.Name(), "uid", m.UID, "bytes", m.RFC822Size, "truncated", f.Truncated)
		flags := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}
		c.Store(imap.UIDSetNum(m.UID), flags, nil).Close() // best effort: the database is the record
	}
	return nil
}

func (p *Poller) fetchOne(c *imapclient.Client, uid imap.UID, size int64) (mail.Fetched, error) {
	f := mail.Fetched{Mailbox: p.Name(), UID: uint32(uid), Size: size}
	section := &imap.FetchItemBodySection{Peek: true}
	if size > p.MaxBytes {
		section.Partial = &imap.SectionPartial{Offset: 0, Size: p.MaxBytes}
		f.Truncated = true
	}
	msgs, err := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		return f, fmt.Errorf("imap %s: fetch uid %d: %w", p.Name(), uid, err)
	}
	if len(msgs) == 1 && len(msgs[0].BodySection) > 0 {
		f.Raw = msgs[0].BodySection[0].Bytes
	}
	return f, nil
}
