package web_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/ticket"
)

func TestAgentsDownloadTheAttachmentsOfRequestsTheyRead(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
		att, err := f.svc.StoreAttachment(ctx, ticket.Web, "DC1 signé.pdf", bytes.NewReader(pdf))
		if err != nil {
			t.Fatal(err)
		}
		tk := f.newTicket("Question sur le lot 2", "Voici mon DC1")
		if _, err := f.svc.AddMessage(ctx, f.actor(access.Agent), tk.ID, core.NewMessage{Kind: "inbound",
			Body: "Le DC1 signé", Attachments: []ticket.Attachment{att}}); err != nil {
			t.Fatal(err)
		}
		msgs, _ := f.svc.Messages(ctx, f.actor(access.Agent), tk.ID)
		id := msgs[len(msgs)-1].Attachments[0].ID
		link := "/agent/attachments/" + strconv.FormatInt(id, 10)

		anonymous := f.browser()
		if p := anonymous.get(link); p.code != 303 || !strings.HasPrefix(p.location(), "/login") {
			t.Fatalf("signed out: %d %s", p.code, p.location())
		}
		b := f.browser()
		b.signIn(access.Viewer)
		page := b.get("/agent/tickets/" + strconv.FormatInt(tk.ID, 10))
		if !strings.Contains(page.body, `href="`+link+`"`) || !strings.Contains(page.text(), "DC1 signé.pdf") {
			t.Fatalf("the timeline does not link the file:\n%s", page.body)
		}
		p := b.get(link)
		if p.code != 200 || p.body != string(pdf) || p.header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(p.header.Get("Content-Disposition"), "attachment;") ||
			!strings.Contains(p.header.Get("Content-Disposition"), "filename*=UTF-8''DC1%20sign%C3%A9.pdf") {
			t.Fatalf("download: %d %v", p.code, p.header)
		}
		if p := b.get("/agent/attachments/999999"); p.code != 404 {
			t.Fatalf("unknown file: %d", p.code)
		}
		if p := b.get("/agent/attachments/abc"); p.code != 404 {
			t.Fatalf("bad id: %d", p.code)
		}
	})
}
