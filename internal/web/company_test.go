package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/live"
)

// companyCalls adds to missedCall's data a second contact of Menuiserie
// Dupont (with an e-mail) and an answered call from that contact.
func companyCalls(t *testing.T, f *fixture) (callbackID, callID int64) {
	t.Helper()
	callbackID, callID = missedCall(t, f)
	ctx := context.Background()
	if _, _, err := f.svc.CreateTicket(ctx, f.actor(access.Agent), core.NewTicket{Channel: "phone", Subject: "Attestation URSSAF",
		Body: "Quelle attestation fournir ?", Company: &core.CompanyInput{SIRET: "44306184100047"},
		Contact: &core.ContactInput{Name: "Paul Martin", Email: "paul@dupont.example", Phone: "04.78.00.11.22"}}, ""); err != nil {
		t.Fatal(err)
	}
	tok, err := f.svc.AddPBX(ctx, access.System(), "3CX", "")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := f.svc.AuthenticatePBX(ctx, tok, netipLoopback())
	f.advance(time.Hour)
	for _, ev := range []core.CallEventInput{
		{Event: "new_call", CallID: "p1", From: "+33478001122", Queue: "marches"},
		{Event: "answered", CallID: "p1", Extension: "201"},
		{Event: "hangup", CallID: "p1", Cause: "normal", At: f.clock().Add(4 * time.Minute).Format(time.RFC3339)},
	} {
		if _, err := f.svc.HandleCallEvent(ctx, p, ev); err != nil {
			t.Fatal(err)
		}
	}
	return callbackID, callID
}

func TestCompanyPage(t *testing.T) {
	eachLive(t, func(t *testing.T, f *fixture, srv *httptest.Server, b *live.Broker) {
		callbackID, _ := companyCalls(t, f)
		viewer := f.browser()
		viewer.signIn(access.Viewer) // reads requests and companies: may see the page
		p := viewer.get("/agent/entreprises/44306184100047")
		if p.code != http.StatusOK {
			t.Fatalf("company page: %d\n%s", p.code, p.body)
		}
		mustContain(t, p, "<h1>Menuiserie Dupont", "443 061 841 00047", "taille inconnue", "Entreprise locale",
			"Anne Dupont", "Paul Martin", `href="mailto:paul@dupont.example"`,
			`<a href="tel:+33472123456">04 72 12 34 56</a>`, `<a href="tel:+33478001122">04 78 00 11 22</a>`,
			"Attestation URSSAF", "Lot 2 du marché de voirie", fmt.Sprintf(`href="/agent/tickets/%d"`, callbackID),
			"Journal des appels", "sans réponse", "répondu", "4 min 00 s", "Compte agent",
			`<th scope="col">Début</th>`, `<th scope="row">Anne Dupont</th>`)
		// Requests most recent first: the call logged after the callback comes first.
		if i, j := strings.Index(p.body, "Attestation URSSAF"), strings.Index(p.body, "Rappel : appel manqué"); i < 0 || j < 0 || i > j {
			t.Fatalf("requests not most recent first (%d, %d)", i, j)
		}
		if strings.Contains(p.body, "/agent/appeler") {
			t.Fatal("an Appeler button without GUICHET_PBX_ORIGINATE_URL")
		}
		// English, and bad addresses.
		viewer.postForm(p, "/agent/lang", url.Values{"lang": {"en"}, "back": {"/agent/entreprises/44306184100047"}})
		mustContain(t, viewer.get("/agent/entreprises/44306184100047"), "Identity", "size unknown", "Call log", "no answer")
		for _, path := range []string{"/agent/entreprises/44306184100048", "/agent/entreprises/pas-un-siret",
			"/agent/entreprises/73282932000074"} {
			if p := viewer.get(path); p.code != http.StatusNotFound {
				t.Errorf("%s: %d", path, p.code)
			}
		}
		anon := f.browser()
		if p := anon.get("/agent/entreprises/44306184100047"); p.code != http.StatusSeeOther && p.code != http.StatusUnauthorized {
			t.Fatalf("signed out: %d", p.code)
		}
	})
}

// TestLinksToTheCompanyPage: the ticket page's company, the call log, the
// caller's card, the caller lookup of the call screen and a consultation's
// winner link to the company's page.
func TestLinksToTheCompanyPage(t *testing.T) {
	eachLive(t, func(t *testing.T, f *fixture, srv *httptest.Server, b *live.Broker) {
		callbackID, callID := companyCalls(t, f)
		seedCatalog(t, f) // its awarded consultation's winner is 443 061 841 00047
		br := f.browser()
		br.signIn(access.Agent)
		link := `href="/agent/entreprises/44306184100047"`
		for _, path := range []string{
			fmt.Sprintf("/agent/tickets/%d", callbackID),
			"/agent/appels",
			fmt.Sprintf("/agent/appels/%d/fiche", callID),
			"/agent/appel/appelant?q=" + url.QueryEscape("04 72 12 34 56"),
			consultationPathOf("decp:21690123100011:2026/77"),
		} {
			if p := br.get(path); p.code != http.StatusOK || !strings.Contains(p.body, link) {
				t.Errorf("%s (%d) does not link to the company page", path, p.code)
			}
		}
		if p := br.get("/agent/appels?company=44306184100047"); strings.Count(p.body, `<tr class="call call-`) != 2 {
			t.Fatalf("the company's calls in the log: %d rows", strings.Count(p.body, `<tr class="call call-`))
		}
	})
}

func consultationPathOf(ref string) string { return "/agent/consultations/" + url.PathEscape(ref) }

// The phone numbers of a page: every one must be inside a tel: link.
var (
	telAnchor = regexp.MustCompile(`<a [^>]*href="tel:\+\d+(?:;ext=\d+)?"[^>]*>[^<]*</a>`)
	anyTag    = regexp.MustCompile(`(?s)<[^>]*>`)
	// frenchNumber is a number as French pages write it, or in E.164.
	frenchNumber = regexp.MustCompile(`(?:\+33\s?(?:\(0\)\s?)?|\b0)[1-9](?:[\s.\-/]?\d{2}){4}\b`)
	// freeText is a message of the timeline (a missed call's note, "Appel manqué
	// du …"): text as written, not a number field of the page. A request's
	// subject is not exempt: its numbers are links too ("Rappel : appel manqué
	// du 04 72 12 34 56").
	freeText = regexp.MustCompile(`Appel manqué du (?:\+33|0)[1-9](?:[\s.]?\d{2}){4}`)
	// titleTag is the document's title (the tab's name): text only, it cannot
	// hold a link.
	titleTag = regexp.MustCompile(`(?s)<title>.*?</title>`)
)

// bareNumbers lists the phone numbers a page shows outside tel: links.
func bareNumbers(body string) []string {
	text := titleTag.ReplaceAllString(body, " ")
	text = telAnchor.ReplaceAllString(text, " ")
	text = html.UnescapeString(anyTag.ReplaceAllString(text, " "))
	text = freeText.ReplaceAllString(text, " ")
	return frenchNumber.FindAllString(text, -1)
}

func TestBareNumbersCheck(t *testing.T) {
	for body, want := range map[string]int{
		`<td>04 72 12 34 56</td>`:                                         1,
		`<td>+33472123456</td>`:                                           1,
		`<p>Tél. 04.72.12.34.56</p>`:                                      1,
		`<a href="tel:+33472123456">04 72 12 34 56</a>`:                   0,
		`<a href="tel:+33472123456;ext=12">04 72 12 34 56 poste 12</a>`:   0,
		`<input type="hidden" name="to" value="+33472123456">`:            0,
		`<span class="siret">443 061 841 00047</span> 24/11/2026 10 h 05`: 0,
		`Rappel : appel manqué du 04 72 12 34 56`:                         1,
		`Appel manqué du 04 72 12 34 56 le 24/11/2026 à 10 h 05`:          0,
		`<title>Rappel : appel manqué du 04 72 12 34 56</title>`:          0,
	} {
		if got := bareNumbers(body); len(got) != want {
			t.Errorf("%s: %v", body, got)
		}
	}
}

// TestPhoneNumbersAreTelLinks: on every workspace page that shows phone
// numbers, each is a tel: link in French form.
func TestPhoneNumbersAreTelLinks(t *testing.T) {
	eachLive(t, func(t *testing.T, f *fixture, srv *httptest.Server, b *live.Broker) {
		callbackID, callID := companyCalls(t, f)
		seedCatalog(t, f)
		if _, err := f.svc.BlockNumber(context.Background(), access.System(), "06 12 34 56 78", "injures"); err != nil {
			t.Fatal(err)
		}
		agent, admin := f.browser(), f.browser()
		agent.signIn(access.Agent)
		admin.signIn(access.Admin)
		pages := map[string]*browser{
			"/agent/entreprises/44306184100047":                            agent,
			"/agent/appels":                                                agent,
			fmt.Sprintf("/agent/appels/%d/fiche", callID):                  agent,
			fmt.Sprintf("/agent/appels/%d/fiche?fragment=1", callID):       agent,
			fmt.Sprintf("/agent/tickets/%d", callbackID):                   agent,
			fmt.Sprintf("/agent/tickets/%d/appels", callbackID):            agent,
			"/agent/appel/appelant?q=" + url.QueryEscape("04 72 12 34 56"): agent,
			"/agent":                         agent,
			consultationPathOf("26-REG-014"): agent,
			"/agent/admin/telephonie":        admin,
		}
		for path, br := range pages {
			p := br.get(path)
			if p.code != http.StatusOK {
				t.Errorf("%s: %d", path, p.code)
				continue
			}
			if bare := bareNumbers(p.body); len(bare) > 0 {
				t.Errorf("%s shows numbers outside tel: links: %q", path, bare)
			}
		}
		for path, want := range map[string]string{
			"/agent/entreprises/44306184100047":                            "tel:+33478001122",
			fmt.Sprintf("/agent/tickets/%d", callbackID):                   "tel:+33472123456",
			"/agent/appel/appelant?q=" + url.QueryEscape("04 72 12 34 56"): "tel:+33472123456",
			consultationPathOf("26-REG-014"):                               "tel:+33472000000",
			"/agent":                                                       "tel:+33472123456", // the callback's subject
			"/agent/admin/telephonie":                                      "tel:+33612345678",
		} {
			if p := pages[path].get(path); !strings.Contains(p.body, `href="`+want+`"`) {
				t.Errorf("%s lacks the link %s", path, want)
			}
		}
	})
}
