package poller_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/mail/mailtest"
	"github.com/guichet/guichet/internal/mail/poller"
)

// inbox records deliveries as the database would: the last UID per mailbox.
type inbox struct {
	mu   sync.Mutex
	got  []mail.Fetched
	fail uint32 // a UID whose delivery fails (once)
	wake chan struct{}
	uidv uint32
}

func newInbox() *inbox { return &inbox{wake: make(chan struct{}, 100)} }

func (i *inbox) LastUID(_ context.Context, _ string, uidv uint32) (uint32, error) {
	i.mu.Lock()
	defer i.mu.Unlock()
	var last uint32
	for _, f := range i.got {
		if f.UIDValidity == uidv && f.UID > last {
			last = f.UID
		}
	}
	return last, nil
}

func (i *inbox) Deliver(_ context.Context, f mail.Fetched) error {
	i.mu.Lock()
	defer i.mu.Unlock()
	if f.UID == i.fail {
		i.fail = 0
		return errors.New("base indisponible")
	}
	i.got = append(i.got, f)
	i.wake <- struct{}{}
	return nil
}

func (i *inbox) count() int {
	i.mu.Lock()
	defer i.mu.Unlock()
	return len(i.got)
}

func (i *inbox) waitFor(t *testing.T, n int) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for i.count() < n {
		select {
		case <-i.wake:
		case <-deadline:
			t.Fatalf("delivered %d mails, want %d", i.count(), n)
		}
	}
}

func testMail(n, size int) []byte {
	body := strings.Repeat("Ligne de texte du mail.\r\n", size/25+1)
	return []byte(fmt.Sprintf("From: a@b.example\r\nTo: cellule@region.example\r\nSubject: mail %d\r\nMessage-ID: <m%d@b.example>\r\n\r\n%s", n, n, body))
}

func run(t *testing.T, p *poller.Poller, in *inbox) (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx, in) }()
	return func() error { cancel(); return <-done }
}

func TestPollerIdleAndResume(t *testing.T) {
	srv := mailtest.StartIMAP(t, true)
	srv.Append(testMail(1, 100), testMail(2, 100))
	p, err := poller.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	p.Interval = time.Hour // only IDLE can wake it
	var trace syncBuffer
	p.Debug = &trace
	defer func() {
		if t.Failed() {
			t.Log(trace.String())
		}
	}()
	in := newInbox()
	stop := run(t, p, in)
	in.waitFor(t, 2)
	// go-imap's memory server drops a mail appended in the instant between its
	// "+ idling" and the start of its watch (real servers announce it when IDLE
	// starts): append once the poller is idle.
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(trace.String(), "+ idling"); {
		if time.Now().After(deadline) {
			t.Fatal("the poller never went idle")
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	srv.Append(testMail(3, 100))
	in.waitFor(t, 3)
	if !strings.Contains(trace.String(), "* 3 EXISTS") {
		t.Error("the server did not announce the mail during IDLE")
	}
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Errorf("run ended with %v", err)
	}
	for i, f := range in.got {
		if f.UID != uint32(i+1) || f.UIDValidity == 0 || f.Mailbox != "cellule@"+srv.Addr+"/INBOX" ||
			!strings.Contains(string(f.Raw), fmt.Sprintf("Subject: mail %d", i+1)) {
			t.Errorf("mail %d: %+v", i, f)
		}
	}
	// A second run (a restart) fetches only what came since.
	srv.Append(testMail(4, 100))
	stop = run(t, p, in)
	in.waitFor(t, 4)
	stop()
	if in.count() != 4 {
		t.Errorf("redelivered: %d", in.count())
	}
}

func TestPollerWithoutIdlePollsAndLimitsSize(t *testing.T) {
	srv := mailtest.StartIMAP(t, false)
	srv.Append(testMail(1, 5000))
	p, err := poller.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	p.Interval, p.MaxBytes = 20*time.Millisecond, 1000
	in := newInbox()
	stop := run(t, p, in)
	in.waitFor(t, 1)
	srv.Append(testMail(2, 10))
	in.waitFor(t, 2)
	stop()
	if f := in.got[0]; !f.Truncated || len(f.Raw) != 1000 || f.Size <= 5000 {
		t.Errorf("large mail: truncated %v, %d bytes of %d", f.Truncated, len(f.Raw), f.Size)
	}
	if f := in.got[1]; f.Truncated {
		t.Errorf("small mail truncated")
	}
}

// A failed delivery stops the run; the next run delivers the mail again, so
// nothing is lost.
func TestPollerRetriesFailedDelivery(t *testing.T) {
	srv := mailtest.StartIMAP(t, true)
	srv.Append(testMail(1, 10), testMail(2, 10))
	p, _ := poller.Parse(srv.URL())
	in := newInbox()
	in.fail = 2
	if err := p.Run(context.Background(), in); err == nil || !strings.Contains(err.Error(), "base indisponible") {
		t.Fatalf("run: %v", err)
	}
	stop := run(t, p, in)
	in.waitFor(t, 2)
	stop()
}

func TestParseURLs(t *testing.T) {
	ps, err := poller.ParseList("imaps://u:p@imap.example/INBOX, imap://v:q@imap.example:1143/Cellule?tls=none")
	if err != nil || len(ps) != 2 || ps[0].Name() != "u@imap.example:993/INBOX" || ps[1].Name() != "v@imap.example:1143/Cellule" {
		t.Fatalf("%v %v", ps, err)
	}
	for _, bad := range []string{"http://x", "imap://imap.example/INBOX", "imaps://u:p@x/INBOX?tls=none", "imap://u:p@x?tls=ssl", "imap://u:p@x?skip_verify=peut-être"} {
		if _, err := poller.Parse(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
