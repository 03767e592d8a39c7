package sender_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/guichet/guichet/internal/mail/sender"
)

// server is a go-smtp server requiring STARTTLS and AUTH PLAIN, recording mails.
type server struct {
	mu   sync.Mutex
	got  []string
	auth []string
}

type session struct {
	s      *server
	authed bool
}

func (c *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (c *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "cellule" || pass != "s3cret:/@" {
			return errors.New("invalid credentials")
		}
		c.authed = true
		c.s.mu.Lock()
		c.s.auth = append(c.s.auth, user)
		c.s.mu.Unlock()
		return nil
	}), nil
}
func (c *session) Mail(string, *smtp.MailOptions) error {
	if !c.authed {
		return smtp.ErrAuthRequired
	}
	return nil
}
func (c *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if strings.HasPrefix(to, "nobody@") {
		return &smtp.SMTPError{Code: 550, Message: "no such user"}
	}
	return nil
}
func (c *session) Data(r io.Reader) error {
	b, _ := io.ReadAll(r)
	c.s.mu.Lock()
	c.s.got = append(c.s.got, string(b))
	c.s.mu.Unlock()
	return nil
}
func (c *session) Reset()        {}
func (c *session) Logout() error { return nil }

func selfSigned(t *testing.T) *tls.Config {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
}

func start(t *testing.T) (*server, string) {
	s := &server{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	srv.Domain, srv.TLSConfig = "mx.test", selfSigned(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s, ln.Addr().String()
}

func TestSendWithSTARTTLSAndAuth(t *testing.T) {
	srv, addr := start(t)
	snd, err := sender.Parse("smtp://cellule:s3cret%3A%2F%40@" + addr + "?skip_verify=true")
	if err != nil {
		t.Fatal(err)
	}
	raw := []byte("From: cellule@region.example\r\nTo: a@b.example\r\nSubject: test\r\n\r\nBonjour\r\n")
	if err := snd.Send(context.Background(), "cellule@region.example", []string{"a@b.example"}, raw); err != nil {
		t.Fatal(err)
	}
	if len(srv.got) != 1 || !strings.Contains(srv.got[0], "Bonjour") || len(srv.auth) != 1 {
		t.Fatalf("received %q (auth %v)", srv.got, srv.auth)
	}
	if strings.Contains(snd.String(), "s3cret") {
		t.Errorf("the password shows in %q", snd.String())
	}
	// A 5xx refusal is permanent; a certificate that is not checked is refused.
	err = snd.Send(context.Background(), "cellule@region.example", []string{"nobody@b.example"}, raw)
	var p interface{ Permanent() bool }
	if !errors.As(err, &p) || !p.Permanent() {
		t.Errorf("550 not permanent: %v", err)
	}
	strict, _ := sender.Parse("smtp://cellule:x@" + addr)
	if err := strict.Send(context.Background(), "c@r.example", []string{"a@b.example"}, raw); err == nil {
		t.Error("a self-signed certificate was accepted without skip_verify")
	}
	plain, _ := sender.Parse("smtp://" + addr + "?tls=none")
	if err := plain.Send(context.Background(), "c@r.example", []string{"a@b.example"}, raw); err == nil {
		t.Error("sent without authentication")
	}
}

func TestParseSMTPURL(t *testing.T) {
	for raw, want := range map[string]string{
		"smtp://u:p@smtp.example":            "starttls://smtp.example:587",
		"smtps://u:p@smtp.example":           "tls://smtp.example:465",
		"smtp://smtp.example:25?tls=none":    "none://smtp.example:25",
		"smtp://[::1]:2525?skip_verify=true": "starttls://[::1]:2525",
	} {
		s, err := sender.Parse(raw)
		if err != nil || s.String() != want {
			t.Errorf("%s: %v %v", raw, s, err)
		}
	}
	for _, bad := range []string{"", "smtp.example:25", "http://smtp.example", "smtps://x?tls=none", "smtp://x?tls=ssl", "smtp://x?skip_verify=oui"} {
		if _, err := sender.Parse(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
