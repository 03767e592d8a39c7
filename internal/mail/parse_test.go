package mail

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture reads a testdata mail, filling the placeholders that replies carry.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	r := strings.NewReplacer("{{NUMBER}}", "2026-000042", "{{REPLY_TO}}", "cellule+42-abc@region.example",
		"{{MSGID}}", "guichet.0001@region.example")
	return []byte(r.Replace(string(b)))
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file, from, fromName, subject string
		body                          []string // in Body
		folded                        []string // in Text, not in Body
		files                         []string // attachment names
		inline                        int
		auto                          bool
		problems                      int
	}{
		{file: "outlook.eml", from: "anne.dupont@menuiserie-dupont.example", fromName: "Dupont, Anne",
			subject: "RE: [Demande 2026-000042] Réponse : Question sur le lot 2",
			body:    []string{"Merci pour votre réponse", "seul lot 2", "Gérante – Menuiserie Dupont"},
			folded:  []string{"Le lot 2 peut recevoir une offre seule", "Envoyé : mardi"},
			files:   []string{"Kbis Menuiserie Dupont.pdf"}},
		{file: "gmail.eml", from: "karim.benali@gmail.com", fromName: "Karim Benali",
			subject: "Re: [Demande 2026-000042] Accusé de réception : Visite du site",
			body:    []string{"visite obligatoire : à quelle date ?", "Merci d’avance"},
			folded:  []string{"Votre demande est enregistrée", "a écrit"}},
		{file: "thunderbird.eml", from: "j.martin@btp-rhone.example", subject: "Allotissement du marché de voirie",
			body:   []string{"SIRET 443 061 841 00047", "lot 3 peut-il"},
			folded: []string{"Conducteur de travaux"}},
		{file: "apple_mail.eml", from: "sophie.levy@icloud.example", fromName: "Sophie Lévy",
			subject: "Délai de paiement d’une facture", body: []string{"n’est toujours pas payée", "délai légal"},
			folded: []string{"Envoyé de mon iPhone"}, files: []string{"facture.png"}, inline: 1},
		{file: "html_only.eml", from: "achats@collectivite.example", subject: "Question sur le DUME",
			body:   []string{"avec un DUME au lieu des formulaires DC1 et DC2", "- Lot 1", "la fiche (https://www.economie.gouv.fr/daj/dume)"},
			folded: []string{"Ancien message cité"}},
		{file: "nested.eml", from: "paul.girard@ingenierie.example", subject: "Question sur le CCTP",
			body: []string{"article 4.2 du CCTP"}, files: []string{"piece-jointe-1.png", "extrait CCTP étanchéité.docx"}, inline: 1},
		{file: "latin1_qp.eml", from: "f.berard@orange.example", fromName: "François Bérard", subject: "Rejet de notre offre : pourquoi ?",
			body: []string{"a été rejetée", "connaître les motifs", "François Bérard"}},
		{file: "no_charset.eml", from: "c.roux@free.example", subject: "Avance forfaitaire",
			body: []string{"droit à une avance de 10 % sur un marché de 80 000 € ?"}, problems: 1},
		{file: "garbled_charset.eml", from: "marc.petit@wanadoo.example", subject: "Question générale",
			body: []string{"Délai de réponse de l'acheteur ?"}, problems: 1},
		{file: "auto_reply.eml", from: "anne.dupont@menuiserie-dupont.example", subject: "Réponse automatique\u00a0: [Demande 2026-000001]",
			body: []string{"absente jusqu'au 10 mars"}, auto: true},
		{file: "bounce.eml", from: "mailer-daemon@mx.region.example", subject: "Undelivered Mail Returned to Sender",
			body: []string{"could not be delivered"}, files: []string{"piece-jointe-1.bin"}, auto: true},
		{file: "list.eml", from: "newsletter@achats-publics.example", subject: "La lettre des achats publics - mars 2026",
			body: []string{"nouveautés"}, auto: true},
		{file: "broken_mime.eml", from: "luc.moreau@plomberie.example", subject: "Question urgente DLRO",
			body: []string{"La DLRO est-elle reportée"}, files: []string{"devis.pdf"}, problems: 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := Parse(fixture(t, tt.file), ParseOptions{})
			if p.From != tt.from || (tt.fromName != "" && p.FromName != tt.fromName) {
				t.Errorf("from = %q %q, want %q %q", p.FromName, p.From, tt.fromName, tt.from)
			}
			if p.Subject != tt.subject {
				t.Errorf("subject = %q, want %q", p.Subject, tt.subject)
			}
			for _, s := range tt.body {
				if !strings.Contains(p.Body, s) {
					t.Errorf("body lacks %q:\n%s", s, p.Body)
				}
			}
			for _, s := range tt.folded {
				if strings.Contains(p.Body, s) || !strings.Contains(p.Text, s) {
					t.Errorf("%q should be folded away but kept in the full text\nbody:\n%s\ntext:\n%s", s, p.Body, p.Text)
				}
			}
			var names []string
			inline := 0
			for _, a := range p.Attachments {
				names = append(names, a.Name)
				if a.Inline {
					inline++
				}
				if !a.TooLarge && int64(len(a.Data)) != a.Size {
					t.Errorf("%s: size %d, data %d", a.Name, a.Size, len(a.Data))
				}
			}
			if strings.Join(names, "|") != strings.Join(tt.files, "|") || inline != tt.inline {
				t.Errorf("attachments = %q (%d inline), want %q (%d)", names, inline, tt.files, tt.inline)
			}
			if (p.Auto != "") != tt.auto {
				t.Errorf("auto = %q, want %v", p.Auto, tt.auto)
			}
			if len(p.Problems) < tt.problems || (tt.problems == 0 && len(p.Problems) > 0) {
				t.Errorf("problems = %q, want %d", p.Problems, tt.problems)
			}
		})
	}
}

func TestParseThreading(t *testing.T) {
	p := Parse(fixture(t, "gmail.eml"), ParseOptions{})
	if p.MessageID != "CAKx3mJ9u=ZpQ2Xb+f5sT4hG@mail.gmail.com" || len(p.InReplyTo) != 1 ||
		p.InReplyTo[0] != "guichet.0001@region.example" || len(p.References) != 1 {
		t.Errorf("ids = %q %q %q", p.MessageID, p.InReplyTo, p.References)
	}
	if TokenIn(p.Recipients, "cellule@region.example") != "42-abc" {
		t.Errorf("token from %q", p.Recipients)
	}
	if p.Date.IsZero() {
		t.Error("date not read")
	}
}

func TestParseLimits(t *testing.T) {
	raw := fixture(t, "outlook.eml")
	p := Parse(raw, ParseOptions{MaxFile: 10})
	if len(p.Attachments) != 1 || !p.Attachments[0].TooLarge || p.Attachments[0].Data != nil || p.Attachments[0].Size != 45 {
		t.Fatalf("attachment over the limit: %+v", p.Attachments)
	}
	if len(p.Problems) == 0 || !strings.Contains(p.Problems[0], "Kbis") {
		t.Errorf("problems = %q", p.Problems)
	}
}

func TestParseGarbage(t *testing.T) {
	for _, raw := range []string{"", "\x00\x01\x02", "Subject: x\r\n\r\n", "Content-Type: multipart/mixed\r\n\r\nno boundary",
		"Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\n"} {
		p := Parse([]byte(raw), ParseOptions{})
		if p == nil {
			t.Fatalf("nil for %q", raw)
		}
	}
}

func FuzzParse(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".eml") {
			f.Add(fixture(f, e.Name()))
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		p := Parse(raw, ParseOptions{MaxFile: 1 << 16, MaxTotal: 1 << 17})
		if len(p.Body) > len(p.Text)+len("(mail sans texte)") && p.Text != "" {
			t.Errorf("body longer than text")
		}
		var kept int64
		for _, a := range p.Attachments {
			kept += int64(len(a.Data))
		}
		if kept > 1<<17 {
			t.Errorf("kept %d bytes over the total limit", kept)
		}
	})
}
