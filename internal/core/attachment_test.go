package core_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// pdf is the smallest content the type detector takes for a PDF.
var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func TestAttachmentsAreStoredWithTheirMessageAndServedToReaders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		att, err := f.svc.StoreAttachment(ctx, ticket.Web, `C:\Users\anne\DC1 signé.pdf`, bytes.NewReader(pdf))
		if err != nil {
			t.Fatal(err)
		}
		if att.Name != "DC1 signé.pdf" || att.ContentType != "application/pdf" || att.Size != int64(len(pdf)) ||
			len(att.SHA256) != 64 || att.ID != 0 || att.Quarantined {
			t.Fatalf("stored: %+v", att)
		}
		again, err := f.svc.StoreAttachment(ctx, ticket.Web, "copie.pdf", bytes.NewReader(pdf))
		if err != nil || again.SHA256 != att.SHA256 {
			t.Fatalf("same content again: %+v %v", again, err)
		}
		in := webRequest()
		in.Attachments = []ticket.Attachment{att, again}
		tk, _, err := f.svc.CreateTicket(ctx, access.System(), in, "")
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := f.svc.Messages(ctx, f.actors[access.Agent], tk.ID)
		if err != nil || len(msgs) != 1 || len(msgs[0].Attachments) != 2 {
			t.Fatalf("messages: %+v %v", msgs, err)
		}
		got := msgs[0].Attachments[1]
		if got.ID == 0 || got.MessageID != msgs[0].ID || got.Name != "copie.pdf" {
			t.Fatalf("read back: %+v", got)
		}
		_, data, err := f.svc.Attachment(ctx, f.actors[access.Viewer], got.ID)
		if err != nil || !bytes.Equal(data, pdf) {
			t.Fatalf("download: %v", err)
		}
		if _, _, err := f.svc.Attachment(ctx, access.Actor{Role: "nobody"}, got.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("a stranger must not find the file: %v", err)
		}

		reply, _ := f.svc.StoreAttachment(ctx, ticket.Portal, "photo.png", bytes.NewReader(png))
		m, err := f.svc.AddMessage(ctx, f.actors[access.Agent], tk.ID, core.NewMessage{Kind: "inbound",
			Body: "Voici la photo", Attachments: []ticket.Attachment{reply}, Via: ticket.Portal})
		if err != nil || len(m.Attachments) != 1 || m.Attachments[0].ID == 0 {
			t.Fatalf("reply with a file: %+v %v", m, err)
		}
	})
}

var png = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

func TestAttachmentLimitsAndTypesAreEnforced(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		small := attach.Limits{MaxFile: 200, MaxMessage: 300, MaxCount: 2}
		f.svc = core.New(core.Options{Store: s, Now: f.clock, Attach: attach.New(attach.Options{
			Policy: attach.Policy{Default: attach.DefaultLimits(), PerChannel: map[ticket.Channel]attach.Limits{ticket.Web: small}},
			Blobs:  s.Blobs()})})
		ctx := context.Background()
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), make([]byte, 120)...)
		copy(exe[60:], []byte{0x80, 0, 0, 0})
		for _, c := range []struct {
			name, want string
			data       []byte
		}{
			{"gros.pdf", "trop lourd", append(append([]byte{}, pdf...), bytes.Repeat([]byte("x"), 300)...)},
			{"devis.pdf", "type de fichier refusé", exe},
			{"page.pdf", "type de fichier refusé", []byte("<html><script>alert(1)</script></html>")},
			{"vide.pdf", "vide", nil},
		} {
			_, err := f.svc.StoreAttachment(ctx, ticket.Web, c.name, bytes.NewReader(c.data))
			msg := fieldsOf(t, err)["attachments"]
			if !strings.Contains(msg, c.want) || !strings.Contains(msg, c.name) {
				t.Errorf("%s: %q, want %q with the name", c.name, msg, c.want)
			}
		}
		a, err := f.svc.StoreAttachment(ctx, ticket.Web, "a.pdf", bytes.NewReader(pdf))
		if err != nil {
			t.Fatal(err)
		}
		in := webRequest()
		in.Attachments = []ticket.Attachment{a, a, a}
		_, _, err = f.svc.CreateTicket(ctx, access.System(), in, "")
		if msg := fieldsOf(t, err)["attachments"]; !strings.Contains(msg, "trop de pièces jointes") {
			t.Fatalf("count: %v", err)
		}
		in.Attachments = []ticket.Attachment{a, a}
		in.Attachments[1].Size = 250
		_, _, err = f.svc.CreateTicket(ctx, access.System(), in, "")
		if msg := fieldsOf(t, err)["attachments"]; !strings.Contains(msg, "trop lourdes") {
			t.Fatalf("total: %v", err)
		}
		page, err := f.svc.Tickets(ctx, f.actors[access.Agent], ticket.Filter{})
		if err != nil || len(page.Items) != 0 {
			t.Fatalf("a refused request was written: %d %v", len(page.Items), err)
		}
	})
}
