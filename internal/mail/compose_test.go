package mail

import (
	"strings"
	"testing"
	"time"
)

func TestComposeRoundTrip(t *testing.T) {
	m := Message{From: "Cellule marchés publics <cellule@region.example>", ReplyTo: "cellule+7-abc@region.example",
		To: []string{"Anne Dupont <anne@dupont.example>"}, Subject: "[Demande 2026-000007] Réponse : lot n°2\r\nBcc: x@evil.example",
		Text: "Bonjour,\nLe lot 2 — oui.\n", HTML: "<p>Bonjour</p>", MessageID: "guichet.1@region.example",
		InReplyTo: "b@x", References: []string{"a@x", "b@x"}, Date: time.Date(2026, 3, 3, 14, 5, 0, 0, time.UTC),
		AutoSubmitted: "auto-replied", Headers: map[string]string{"X-Guichet-Ticket": "2026-000007"},
		Files: []File{{Name: "rapport é.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4 …")}}}
	raw, err := Compose(m)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range raw {
		if b >= 0x80 {
			t.Fatalf("8-bit byte at %d: the message must be 7-bit clean", i)
		}
	}
	head, _, _ := strings.Cut(string(raw), "\r\n\r\n")
	for _, h := range []string{"Message-Id: <guichet.1@region.example>", "In-Reply-To: <b@x>", "References: <a@x> <b@x>",
		"Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All", "X-Guichet-Ticket: 2026-000007"} {
		if !strings.Contains(head, h) {
			t.Errorf("header %q missing:\n%s", h, head)
		}
	}
	if strings.Contains(head, "\r\nBcc:") {
		t.Errorf("a subject injected a header:\n%s", head)
	}
	p := Parse(raw, ParseOptions{})
	if p.From != "cellule@region.example" || !strings.HasPrefix(p.Subject, "[Demande 2026-000007] Réponse : lot n°2") ||
		!strings.Contains(p.Text, "Le lot 2 — oui.") || len(p.Attachments) != 1 || p.Attachments[0].Name != "rapport é.pdf" ||
		TokenIn(p.Recipients, "cellule@region.example") != "" {
		t.Errorf("read back: %+v", p)
	}
	if p.Auto == "" {
		t.Error("our own acknowledgement must read as automatic (no loop with a company robot)")
	}
}

func TestComposeRefusesBadAddresses(t *testing.T) {
	base := Message{From: "cellule@region.example", To: []string{"a@b.example"}, Subject: "x", Text: "y", MessageID: "m@x"}
	for name, mod := range map[string]func(*Message){
		"no recipient": func(m *Message) { m.To = nil },
		"bad to":       func(m *Message) { m.To = []string{"pas une adresse"} },
		"bad from":     func(m *Message) { m.From = "" },
		"bad reply-to": func(m *Message) { m.ReplyTo = "@@" },
	} {
		m := base
		mod(&m)
		if _, err := Compose(m); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestReplyToken(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	tok := ReplyToken(key, 42)
	if id, ok := CheckReplyToken(key, tok); !ok || id != 42 {
		t.Fatalf("round trip: %d %v", id, ok)
	}
	if id, ok := CheckReplyToken(key, strings.ToUpper(tok)); !ok || id != 42 {
		t.Errorf("tokens are case-insensitive (some servers lower-case addresses)")
	}
	forged := "43" + tok[2:]
	for _, bad := range []string{forged, "42", "42-", "x-" + tok, "", "-1-abc", ReplyToken([]byte("other key"), 42)} {
		if _, ok := CheckReplyToken(key, bad); ok {
			t.Errorf("token %q accepted", bad)
		}
	}
	addr := ReplyAddress("cellule@region.example", tok)
	if addr != "cellule+"+tok+"@region.example" || TokenIn([]string{"anne+pro@region.example", "x@y", addr}, "cellule@region.example") != tok {
		t.Errorf("address %q", addr)
	}
	if got := TokenIn([]string{"anne+pro@dupont.example", "cellule+1-x@other.example"}, "cellule@region.example"); got != "" {
		t.Errorf("a company's own sub-address read as a token: %q", got)
	}
}

// Message-IDs sort in the order they are made (the outbox's unique index then
// grows at its end) and never repeat.
func TestNewMessageIDOrderedAndUnique(t *testing.T) {
	seen := map[string]bool{}
	prev := ""
	for i := 0; i < 2000; i++ {
		id := NewMessageID("region.example")
		if !strings.HasPrefix(id, "guichet.") || !strings.HasSuffix(id, "@region.example") {
			t.Fatalf("Message-ID %q: want guichet.…@region.example", id)
		}
		if seen[id] {
			t.Fatalf("Message-ID %q made twice", id)
		}
		seen[id] = true
		if id < prev && id[:22] != prev[:22] {
			t.Fatalf("Message-ID %q made after %q sorts before it", id, prev)
		}
		prev = id
	}
}
