package mail

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of rendered mails")

func TestEveryTemplateRenders(t *testing.T) {
	want := []string{"ack", "answer", "low_rating", "off_topic", "portal_link", "qa_published", "redirect", "sla_breach", "sla_warning",
		"survey", "unanswered_digest", "weekly_report"}
	if got := Names(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("templates = %v, want %v", got, want)
	}
	for _, name := range want {
		for _, lang := range []string{"fr", "en"} {
			src, err := DefaultSource(name, lang)
			if err != nil {
				t.Fatalf("%s.%s: %v", name, lang, err)
			}
			if !strings.HasPrefix(src, "{{/*") {
				t.Errorf("%s.%s: the file must start with its documentation comment", name, lang)
			}
			r, err := Render(name, src, Sample(name))
			if err != nil {
				t.Fatalf("%s.%s: %v", name, lang, err)
			}
			if r.Subject == "" || strings.TrimSpace(r.Text) == "" || r.HTML == "" || strings.Contains(r.Text+r.HTML, "<no value>") {
				t.Errorf("%s.%s rendered %+v", name, lang, r)
			}
		}
	}
}

// TestRenderedGolden keeps the French acknowledgement and answer as a reviewer
// sees them; go test -update rewrites the files after a deliberate change.
func TestRenderedGolden(t *testing.T) {
	for _, name := range []string{"ack", "answer", "redirect", "survey"} {
		src, _ := DefaultSource(name, "fr")
		r, err := Render(name, src, Sample(name))
		if err != nil {
			t.Fatal(err)
		}
		got := "Subject: " + r.Subject + "\n\n" + r.Text + "\n----- HTML -----\n" + r.HTML + "\n"
		path := filepath.Join("testdata", "golden", name+".fr.txt")
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			os.WriteFile(path, []byte(got), 0o644)
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s:\n%s", name, path, got)
		}
	}
}

func TestRenderEscapesAndTrusts(t *testing.T) {
	src, _ := DefaultSource("answer", "fr")
	data := Sample("answer")
	data["Body"] = `<script>alert("x")</script> & "cotes"`
	r, err := Render("answer", src, data)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.HTML, "<script>") || !strings.Contains(r.Text, `<script>alert("x")</script>`) {
		t.Errorf("HTML must escape, text must not:\n%s\n%s", r.HTML, r.Text)
	}
	src, _ = DefaultSource("weekly_report", "fr")
	r, err = Render("weekly_report", src, Sample("weekly_report"))
	if err != nil || !strings.Contains(r.HTML, "<p>42 demandes</p>") {
		t.Errorf("SummaryHTML must be trusted: %v %s", err, r.HTML)
	}
	// A documented field left out takes its zero value, not "<no value>".
	src, _ = DefaultSource("redirect", "fr")
	r, err = Render("redirect", src, map[string]any{"Number": "2026-000001", "Body": "Voir l'acheteur."})
	if err != nil || strings.Contains(r.Text, "no value") || strings.Contains(r.Text, "Téléphone") {
		t.Errorf("missing fields: %v\n%s", err, r.Text)
	}
}

func TestCheckRefusesBadTemplates(t *testing.T) {
	good, _ := DefaultSource("ack", "fr")
	for name, src := range map[string]string{
		"syntax":        strings.Replace(good, "{{.Number}}", "{{.Number", 1),
		"unknown field": strings.Replace(good, "{{.FollowURL}}", "{{.LienDeSuivi}}", 1),
		"missing part":  `{{define "subject"}}x{{end}}{{define "text"}}y{{end}}`,
		"empty subject": strings.Replace(good, `{{define "subject"}}[Demande {{.Number}}] Accusé de réception : {{.Subject}}{{end}}`, `{{define "subject"}} {{end}}`, 1),
	} {
		if err := Check("ack", src); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	err := Check("ack", strings.Replace(good, "{{.FollowURL}}", "{{.LienDeSuivi}}", 1))
	if err == nil || !strings.Contains(err.Error(), "champ inconnu « LienDeSuivi »") || !strings.Contains(err.Error(), "FollowURL") ||
		!strings.HasPrefix(err.Error(), "ligne ") {
		t.Errorf("unknown field: %v", err)
	}
	err = Check("ack", strings.Replace(good, "{{.Number}}", "{{.Number", 1))
	if err == nil || !strings.HasPrefix(err.Error(), "ligne 6 : erreur de syntaxe") {
		t.Errorf("syntax: %v", err)
	}
	if err := Check("ack", good); err != nil {
		t.Errorf("default refused: %v", err)
	}
	if err := Check("nope", good); err == nil {
		t.Error("unknown template accepted")
	}
}
