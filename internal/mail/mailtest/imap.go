// Package mailtest starts the real protocol servers the mail tests run
// against: an in-memory IMAP server (go-imap's imapmemserver) that mails are
// appended to over IMAP, as a mail server would deliver them.
package mailtest

import (
	"net"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// IMAP is a running IMAP server with one account and its INBOX.
type IMAP struct {
	Addr       string
	User, Pass string
	t          testing.TB
}

// StartIMAP starts a server on a free local port, stopped at the end of the test.
// With idle false, the server does not offer IDLE (the poller then polls).
func StartIMAP(t testing.TB, idle bool) *IMAP {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser("cellule", "secret")
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	caps := imap.CapSet{imap.CapIMAP4rev1: {}}
	if idle {
		caps[imap.CapIdle] = struct{}{}
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         caps,
		InsecureAuth: true,
		Logger:       discard{},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return &IMAP{Addr: ln.Addr().String(), User: "cellule", Pass: "secret", t: t}
}

// URL is the mailbox's GUICHET_IMAP_URLS entry.
func (s *IMAP) URL() string {
	return "imap://" + s.User + ":" + s.Pass + "@" + s.Addr + "/INBOX?tls=none"
}

// Append delivers raw mails to the INBOX over IMAP.
func (s *IMAP) Append(raws ...[]byte) {
	s.t.Helper()
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(s.User, s.Pass).Wait(); err != nil {
		s.t.Fatal(err)
	}
	for _, raw := range raws {
		cmd := c.Append("INBOX", int64(len(raw)), nil)
		if _, err := cmd.Write(raw); err != nil {
			s.t.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			s.t.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			s.t.Fatal(err)
		}
	}
	c.Logout().Wait()
}

type discard struct{}

func (discard) Printf(string, ...any) {}
