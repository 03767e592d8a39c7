package attach_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// eicar is the standard antivirus test file: harmless, flagged by every scanner.
const eicar = `X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`

func TestDetectJudgesTheContentNotTheName(t *testing.T) {
	docx := zipWith(t, "[Content_Types].xml", "word/document.xml")
	cases := []struct {
		name string
		data []byte
		want string // "" when refused
	}{
		{"devis.pdf", pdf, "application/pdf"},
		{"scan.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"), "image/jpeg"},
		{"notes.txt", []byte("Bonjour,\nvoici ma question sur le lot 2.\n"), "text/plain"},
		{"notes-latin1.txt", []byte("R\xe9ponse \xe0 l'appel d'offres\n"), "text/plain"},
		{"memoire.docx", docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"facture.pdf", exe(), ""},
		{"page.pdf", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), ""},
		{"image.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ""},
		{"binaire.txt", []byte("abc\x00\x01\x02def"), ""},
		{"script.sh", []byte("#!/bin/sh\nrm -rf /\n"), ""},
	}
	for _, c := range cases {
		got, err := attach.Detect(c.name, c.data)
		if c.want == "" {
			if err == nil || !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), c.name) {
				t.Errorf("%s: accepted as %s (%v)", c.name, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: %q %v, want %q", c.name, got, err, c.want)
		}
	}
}

func TestCleanNameStripsPathsAndFixesTheExtension(t *testing.T) {
	for in, want := range map[string]string{
		`C:\Users\anne\DC1.pdf`:           "DC1.pdf",
		"../../etc/passwd":                "passwd.txt",
		"facture.exe":                     "facture.exe.pdf",
		"photo.JPEG":                      "photo.JPEG",
		"":                                "fichier.pdf",
		"bon\x00de\ncommande.pdf":         "bondecommande.pdf",
		"rapport\u202egnp.pdf":            "rapportgnp.pdf",
		strings.Repeat("é", 300) + ".pdf": strings.Repeat("é", 150) + ".pdf",
	} {
		ct := "application/pdf"
		switch {
		case strings.Contains(in, "passwd"):
			ct = "text/plain"
		case strings.Contains(in, "photo"):
			ct = "image/jpeg"
		}
		if got := attach.CleanName(in, ct); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSizesAndLimits(t *testing.T) {
	for in, want := range map[string]int64{"512": 512, "800KB": 800 << 10, "10MB": 10 << 20, "10 Mo": 10 << 20, "1G": 1 << 30} {
		if got, err := attach.ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "dix", "-1MB", "0"} {
		if _, err := attach.ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) accepted", bad)
		}
	}
	for n, want := range map[int64]string{12: "12 octets", 800 << 10: "800 Ko", 10 << 20: "10 Mo", 9961472: "9,5 Mo"} {
		if got := attach.FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
	per, err := attach.ParsePolicy("email=20MB,50MB,20; web=5MB", attach.DefaultLimits())
	if err != nil || per[ticket.Email].MaxMessage != 50<<20 || per[ticket.Web].MaxFile != 5<<20 || per[ticket.Web].MaxCount != 10 {
		t.Fatalf("policy: %+v %v", per, err)
	}
	if _, err := attach.ParsePolicy("fax=1MB", attach.DefaultLimits()); err == nil {
		t.Fatal("unknown channel accepted")
	}
	p := attach.Policy{Default: attach.Limits{MaxFile: 100, MaxMessage: 150, MaxCount: 2}}
	files := []ticket.Attachment{{Size: 100}, {Size: 60}}
	if err := p.CheckMessage(ticket.Web, files); err == nil || !strings.Contains(err.Error(), "trop lourdes") {
		t.Fatalf("total: %v", err)
	}
	if err := p.CheckMessage(ticket.Web, append(files[:1], files[0], files[0])); err == nil ||
		!strings.Contains(err.Error(), "trop de pièces jointes") {
		t.Fatalf("count: %v", err)
	}
}

func TestDirStoresEachContentOnceOutsideAnyPathTheNameCouldName(t *testing.T) {
	dir := attach.Dir(t.TempDir())
	ctx := context.Background()
	k := attach.New(attach.Options{Policy: attach.DefaultPolicy(), Blobs: dir})
	a, err := k.Keep(ctx, ticket.Web, "../../a.pdf", bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	b, err := k.Keep(ctx, ticket.Web, "b.pdf", bytes.NewReader(pdf))
	if err != nil || a.SHA256 != b.SHA256 || a.Name != "a.pdf" {
		t.Fatalf("%+v %+v %v", a, b, err)
	}
	got, err := k.Open(ctx, a)
	if err != nil || !bytes.Equal(got, pdf) {
		t.Fatalf("open: %v", err)
	}
	if _, err := dir.Get(ctx, strings.Repeat("0", 64)); !errs.Is(err, errs.NotFound) {
		t.Fatalf("missing blob: %v", err)
	}
	for _, key := range []string{"../../etc/passwd", "quarantine/../x", strings.Repeat("g", 64)} {
		if err := dir.Put(ctx, key, pdf); err == nil {
			t.Errorf("key %q accepted", key)
		}
	}
}

// fakeClamd is a small clamd speaking the real INSTREAM protocol: it reads
// "zINSTREAM\0", then length-prefixed chunks up to a zero length, and answers
// "stream: OK\0" or "stream: Eicar-Test-Signature FOUND\0".
func fakeClamd(t *testing.T) (addr string, received func() [][]byte) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var mu sync.Mutex
	var got [][]byte
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				r := bufio.NewReader(conn)
				cmd, err := r.ReadString(0)
				if err != nil || cmd != "zINSTREAM\x00" {
					conn.Write([]byte("UNKNOWN COMMAND\x00"))
					return
				}
				var data []byte
				for {
					var n uint32
					if err := binary.Read(r, binary.BigEndian, &n); err != nil {
						return
					}
					if n == 0 {
						break
					}
					chunk := make([]byte, n)
					if _, err := io.ReadFull(r, chunk); err != nil {
						return
					}
					data = append(data, chunk...)
				}
				mu.Lock()
				got = append(got, data)
				mu.Unlock()
				if bytes.Contains(data, []byte("EICAR-STANDARD-ANTIVIRUS-TEST-FILE")) {
					conn.Write([]byte("stream: Eicar-Test-Signature FOUND\x00"))
				} else {
					conn.Write([]byte("stream: OK\x00"))
				}
			}()
		}
	}()
	return ln.Addr().String(), func() [][]byte { mu.Lock(); defer mu.Unlock(); return got }
}

func TestClamdQuarantinesInfectedFiles(t *testing.T) {
	addr, received := fakeClamd(t)
	ctx := context.Background()
	dir := attach.Dir(t.TempDir())
	k := attach.New(attach.Options{Policy: attach.DefaultPolicy(), Blobs: dir, Scanner: attach.Clamd{Addr: addr}})
	big := append(append([]byte{}, pdf...), bytes.Repeat([]byte("x"), 200<<10)...) // several chunks
	clean, err := k.Keep(ctx, ticket.Web, "devis.pdf", bytes.NewReader(big))
	if err != nil || clean.Quarantined {
		t.Fatalf("clean file: %+v %v", clean, err)
	}
	if got := received(); len(got) != 1 || !bytes.Equal(got[0], big) {
		t.Fatalf("clamd received %d files", len(got))
	}
	infected, err := k.Keep(ctx, ticket.Web, "virus.txt", strings.NewReader(eicar))
	if err != nil || !infected.Quarantined {
		t.Fatalf("infected file: %+v %v", infected, err)
	}
	if _, err := k.Open(ctx, infected); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("a quarantined file is served: %v", err)
	}
	if _, err := dir.Get(ctx, infected.SHA256); !errs.Is(err, errs.NotFound) {
		t.Fatal("an infected file is stored with the clean ones")
	}
	if data, err := dir.Get(ctx, "quarantine/"+infected.SHA256); err != nil || string(data) != eicar {
		t.Fatalf("quarantined content not kept: %v", err)
	}

	// A scanner that cannot be reached quarantines rather than serving unchecked.
	down := attach.New(attach.Options{Policy: attach.DefaultPolicy(), Blobs: dir,
		Scanner: attach.Clamd{Addr: "127.0.0.1:1", Timeout: time.Second}})
	a, err := down.Keep(ctx, ticket.Web, "devis.pdf", bytes.NewReader(pdf))
	if err != nil || !a.Quarantined {
		t.Fatalf("scanner down: %+v %v", a, err)
	}
}

func TestClamdVerdicts(t *testing.T) {
	for reply, want := range map[string]string{"stream: OK\x00": "", "stream: Win.Test.EICAR_HDB-1 FOUND\x00": "Win.Test.EICAR_HDB-1"} {
		addr := replyOnce(t, reply)
		got, err := attach.Clamd{Addr: addr}.Scan(context.Background(), pdf)
		if err != nil || got != want {
			t.Errorf("%q: %q %v", reply, got, err)
		}
	}
	addr := replyOnce(t, "INSTREAM size limit exceeded. ERROR\x00")
	if _, err := (attach.Clamd{Addr: addr}).Scan(context.Background(), pdf); err == nil {
		t.Error("a clamd error is taken for a verdict")
	}
}

// replyOnce is a server that drains one INSTREAM and answers reply.
func replyOnce(t *testing.T, reply string) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		r.ReadString(0)
		for {
			var n uint32
			if binary.Read(r, binary.BigEndian, &n) != nil || n == 0 {
				break
			}
			io.CopyN(io.Discard, r, int64(n))
		}
		conn.Write([]byte(reply))
	}()
	return ln.Addr().String()
}
