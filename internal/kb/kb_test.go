package kb

import (
	"os"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/errs"
)

var topics = []string{"repondre", "dce", "rejet", "execution", "paiement"}

func TestRenderSanitises(t *testing.T) {
	r := NewRenderer(nil, "/faq/glossaire")
	for _, md := range []string{
		"<script>alert(1)</script>",
		"<iframe src=\"https://evil.example\"></iframe>",
		"[cliquez](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"<img src=x onerror=alert(1)>",
		"<a href=\"#\" onclick=\"alert(1)\">x</a>",
		"![img](javascript:alert(1))",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
		"<div style=\"background:url(javascript:alert(1))\">x</div>",
	} {
		out := strings.ToLower(string(r.Render(md)))
		for _, bad := range []string{"<script", "<iframe", "javascript:", "onerror", "onclick", "data:text", "style="} {
			if strings.Contains(out, bad) {
				t.Errorf("Render(%q) = %q keeps %q", md, out, bad)
			}
		}
	}
	out := string(r.Render("## Titre\n\nUn **gras** et [un lien](https://www.legifrance.gouv.fr/).\n\n| a | b |\n|---|---|\n| 1 | 2 |"))
	for _, want := range []string{"<h2", "<strong>gras</strong>", `href="https://www.legifrance.gouv.fr/"`, "<table>", `rel="nofollow noreferrer"`} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered %q lacks %q", out, want)
		}
	}
}

func TestRenderLinksAcronyms(t *testing.T) {
	g := NewGlossary([]Term{{"DCE", "dossier de consultation des entreprises", "…"}, {"AE", "acte d'engagement", "…"}})
	out := string(NewRenderer(g, "/faq/glossaire").Render("## Le DCE\n\nLisez le DCE et l'AE, pas `DCE` ni [DCE](https://x.fr). DCEX n'en est pas un."))
	if n := strings.Count(out, `href="/faq/glossaire#DCE"`); n != 1 {
		t.Errorf("%d DCE links in %q, want 1 (not in the heading, the code or the link)", n, out)
	}
	if !strings.Contains(out, `<abbr title="acte d&#39;engagement">AE</abbr>`) {
		t.Errorf("AE not linked with its expansion: %q", out)
	}
	if strings.Contains(out, "#DCEX") {
		t.Errorf("DCEX linked: %q", out)
	}
}

func TestParseArticleErrorsNameTheLine(t *testing.T) {
	ok := "---\nslug: a-b\ntitle: T\ntopic: dce\ntags: x, y\nlegal: CCP\nvisibility: public\nupdated: 2026-01-02\n---\nTexte"
	a, err := ParseArticle("a-b.md", ok)
	if err != nil || a.Slug != "a-b" || len(a.Tags) != 2 || a.Body != "Texte" || a.ContentDate.Day() != 2 || a.Status != Published {
		t.Fatalf("%+v, %v", a, err)
	}
	for in, want := range map[string]string{
		"pas d'en-tête":  "ligne 1",
		"---\nslug: a\n": "pas fermé",
		strings.Replace(ok, "tags: x, y", "tags x", 1):     "ligne 5",
		strings.Replace(ok, "2026-01-02", "02/01/2026", 1): "ligne 8 : date",
		strings.Replace(ok, "legal: CCP\n", "", 1):         "legal manquante",
		strings.Replace(ok, "tags:", "couleur:", 1):        "clé inconnue",
	} {
		_, err := ParseArticle("a-b.md", in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one with %q", in, err, want)
		}
	}
}

func TestValidate(t *testing.T) {
	a := Article{Slug: "Pas Un Slug", Title: "", Topic: "x", Visibility: "secret", Status: "gone", Body: ""}
	err := a.Validate(topics)
	var e *errs.Error
	if err == nil || !errorsAs(err, &e) || len(e.Fields) != 6 {
		t.Fatalf("%v", err)
	}
}

func TestLoadStarter(t *testing.T) {
	st, err := LoadStarter(os.DirFS("testdata/starter"), topics)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Articles) != 2 || len(st.Glossary.Terms) != 2 || len(st.Eval) != 2 || st.Articles[1].Related[0] != "rejet-offre" {
		t.Fatalf("%+v", st)
	}
	if _, err := ParseEval("question\tinconnu\n", st.Articles); err == nil || !strings.Contains(err.Error(), "ligne 1") {
		t.Errorf("unknown slug: %v", err)
	}
	if _, err := ParseGlossary("DCE\tdossier\n"); err == nil || !strings.Contains(err.Error(), "ligne 1") {
		t.Errorf("two columns: %v", err)
	}
	if _, err := ParseGlossary("DCE\ta\tb\nDCE\tc\td\n"); err == nil || !strings.Contains(err.Error(), "ligne 2") {
		t.Errorf("duplicate: %v", err)
	}
}

func TestAnonymise(t *testing.T) {
	id := Identity{CompanyName: "Menuiserie Durand SARL", SIRET: "44306184100047", ContactName: "Paul Durand",
		Email: "paul@durand.fr", Phone: "+33472000000"}
	q := "Bonjour,\nJe suis Paul Durand de Menuiserie Durand SARL (SIRET 443 061 841 00047), joignable au 04 72 00 00 00 " +
		"ou au +33 6 12 34 56 78, paul@durand.fr. Notre offre a été rejetée, pourquoi ?\nCordialement,\nPaul Durand\n06 11 22 33 44"
	out := Anonymise(q, id)
	for _, leak := range []string{"Durand", "443 061 841", "04 72", "+33 6", "paul@", "06 11", "Bonjour", "Cordialement"} {
		if strings.Contains(out, leak) {
			t.Errorf("%q leaks %q", out, leak)
		}
	}
	if !strings.Contains(out, "Notre offre a été rejetée, pourquoi ?") {
		t.Errorf("the question itself is lost: %q", out)
	}
	d := FAQDraft("Rejet Menuiserie Durand SARL", q, "Bonjour M. Durand, voici les motifs. Cordialement", "rejet", id)
	if d.Status != Draft || strings.Contains(d.Title+d.Body, "Durand") || !strings.Contains(d.Body, "## Réponse") {
		t.Errorf("draft %+v", d)
	}
	if s := Slugify("Mon offre a été rejetée : pourquoi ?"); s != "mon-offre-a-ete-rejetee-pourquoi" {
		t.Errorf("slug %q", s)
	}
}

func TestDiff(t *testing.T) {
	d := Diff("a\nb\nc\n", "a\nB\nc\nd\n")
	if d != " a\n-b\n+B\n c\n+d\n" {
		t.Errorf("diff %q", d)
	}
	if got := ParseDiff(d); len(got) != 5 || got[1] != (DiffLine{"-", "b"}) {
		t.Errorf("%v", got)
	}
}
