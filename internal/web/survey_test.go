package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/report/reporttest"
)

func TestSurveyPages(t *testing.T) {
	eachReport(t, func(t *testing.T, f *fixture, st *reporttest.Store) {
		id := reporttest.Resolved(t, st, "anne@dupont.example", f.now.Add(-2*time.Hour))
		for _, j := range f.svc.Jobs() {
			if j.Name == "surveys" {
				if err := j.Run(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
		}
		token := reporttest.SurveyTokens(t, st)[id]
		if token == "" {
			t.Fatal("no survey mail")
		}
		company := f.browser() // no session: the link is the credential
		p := company.get("/enquete/" + token)
		if p.code != http.StatusOK || strings.Count(p.body, "?note=") != 5 || strings.Contains(p.body, "aria-current") {
			t.Fatalf("survey page: %d, five notes, none preselected?\n%s", p.code, p.body)
		}
		if p.header.Get("Referrer-Policy") != "no-referrer" {
			t.Error("the survey page may leak its link in Referer")
		}
		p = company.get("/enquete/" + token + "?note=4")
		if p.code != http.StatusOK || !strings.Contains(p.text(), "votre note de 4 sur 5 est enregistrée") ||
			!strings.Contains(p.body, `?note=4" aria-current="true"`) {
			t.Fatalf("rating: %d\n%s", p.code, p.body)
		}
		p = company.get("/enquete/" + token + "?note=2") // a second click changes it
		if !strings.Contains(p.body, `?note=2" aria-current="true"`) {
			t.Errorf("changed rating not shown: %d", p.code)
		}
		if p := company.get("/enquete/" + token + "?note=9"); p.code != http.StatusUnprocessableEntity {
			t.Errorf("note 9: %d", p.code)
		}
		if p := company.post("/enquete/"+token, url.Values{"comment": {"  "}}); p.code != http.StatusUnprocessableEntity ||
			!strings.Contains(p.body, `id="s-comment-error"`) {
			t.Errorf("empty comment: %d", p.code)
		}
		if p := company.post("/enquete/"+token, url.Values{"comment": {"Très utile, merci."}}); p.code != http.StatusOK ||
			!strings.Contains(p.text(), "Très utile, merci.") {
			t.Errorf("comment: %d", p.code)
		}
		if p := company.post("/enquete/"+token, url.Values{"comment": {"Très utile, merci."}}); p.code != http.StatusConflict {
			t.Errorf("replayed comment: %d", p.code)
		}
		dot := strings.Index(token, ".")
		if p := company.get("/enquete/" + token[:dot] + ".AAAAAAAAAAAAAAAAAAAAAA?note=5"); p.code != http.StatusNotFound {
			t.Errorf("tampered link: %d", p.code)
		}
		f.advance(29 * 24 * time.Hour)
		if p := company.get("/enquete/" + token + "?note=5"); p.code != http.StatusConflict || !strings.Contains(p.text(), "expiré") {
			t.Errorf("expired link: %d", p.code)
		}
	})
}

func TestPhoneRatingByTheAgent(t *testing.T) {
	eachReport(t, func(t *testing.T, f *fixture, st *reporttest.Store) {
		id := reporttest.Resolved(t, st, "", f.now.Add(-2*time.Hour))
		b := f.browser()
		b.signIn(access.Agent)
		tk := b.get("/agent/tickets/" + itoa(id))
		path := "/agent/tickets/" + itoa(id) + "/satisfaction"
		if p := b.postForm(tk, path, url.Values{"note": {"six"}}); p.code != http.StatusUnprocessableEntity ||
			!strings.Contains(p.text(), "note") {
			t.Errorf("bad note: %d", p.code)
		}
		if p := b.postForm(tk, path, url.Values{"note": {"2"}}); p.code != http.StatusSeeOther {
			t.Fatalf("phone rating: %d\n%s", p.code, p.body)
		}
		day := report.Period{Kind: report.KindCustom, From: f.now.Add(-time.Hour), To: f.now.Add(time.Hour)}
		fig, err := f.svc.Figures(context.Background(), access.System(), day, report.Filter{})
		if err != nil || fig.Phone.Distribution != [5]int{0, 1, 0, 0, 0} || fig.Online.N() != 0 {
			t.Errorf("figures after a phone rating: %v %v", fig.Phone, err)
		}
		// A note below 3 leaves a note for the supervisors on the request.
		if p := b.get("/agent/tickets/" + itoa(id)); !strings.Contains(p.text(), "note 2 / 5 donnée par téléphone") {
			t.Error("no supervisors' note on the request")
		}
	})
}
