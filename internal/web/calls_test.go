package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/live"
)

// missedCall makes a switchboard, gives the agent extension 201 in the queue
// "marches", records a request of Menuiserie Dupont whose contact has the
// number 04 72 12 34 56, and lets that number ring unanswered: it returns the
// callback request's id and the call's id.
func missedCall(t *testing.T, f *fixture) (ticketID, callID int64) {
	t.Helper()
	ctx := context.Background()
	sys := access.System()
	f.user(access.Agent)
	tok, err := f.svc.AddPBX(ctx, sys, "Asterisk", "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.AuthenticatePBX(ctx, tok, netipLoopback())
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SetExtension(ctx, sys, "agent@region.example", "201", []string{"marches"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.CreateTicket(ctx, f.actor(access.Agent), core.NewTicket{Channel: "web", Subject: "Lot 2 du marché de voirie",
		Body: "Le lot 2 est-il réservé ?", Company: &core.CompanyInput{SIRET: "44306184100047", Name: "Menuiserie Dupont"},
		Contact: &core.ContactInput{Name: "Anne Dupont", Phone: "04 72 12 34 56"}}, ""); err != nil {
		t.Fatal(err)
	}
	for _, ev := range []core.CallEventInput{
		{Event: "new_call", CallID: "c1", From: "04 72 12 34 56", Queue: "marches"},
		{Event: "hangup", CallID: "c1", Cause: "no_answer"},
	} {
		res, err := f.svc.HandleCallEvent(ctx, p, ev)
		if err != nil {
			t.Fatal(err)
		}
		ticketID, callID = res.Call.TicketID, res.Call.ID
	}
	return ticketID, callID
}

func TestCallLogCardAndCallback(t *testing.T) {
	eachLive(t, func(t *testing.T, f *fixture, srv *httptest.Server, b *live.Broker) {
		ticketID, callID := missedCall(t, f)
		br := f.browser()
		br.signIn(access.Agent)
		log := br.get("/agent/appels")
		mustContain(t, log, "Journal des appels", "04 72 12 34 56", `href="tel:+33472123456"`, "sans réponse", "marches")
		if strings.Contains(log.body, "/agent/appeler") {
			t.Fatal("an Appeler button without GUICHET_PBX_ORIGINATE_URL")
		}
		if p := br.get("/agent/appels?phone=04.72.12.34.56&result=no_answer"); !strings.Contains(p.text(), "tel:+33472123456") {
			t.Fatalf("filter by the number in another written form:\n%s", p.body)
		}
		if p := br.get("/agent/appels?result=answered"); strings.Contains(p.text(), "tel:+33472123456") {
			t.Fatal("the result filter lets a missed call through")
		}
		if p := br.get("/agent/appels?phone=bonjour"); p.code != 422 || !strings.Contains(p.text(), "numéro de téléphone invalide") {
			t.Fatalf("bad number in the filter: %d", p.code)
		}
		card := br.get(fmt.Sprintf("/agent/appels/%d/fiche?fragment=1", callID))
		mustContain(t, card, "Menuiserie Dupont", "Anne Dupont", "Lot 2 du marché de voirie", "Le lot 2 est-il réservé ?",
			"Demandes en cours de l'entreprise")
		if strings.Contains(card.body, "<html") {
			t.Fatal("the card fragment carries the layout")
		}
		block := br.get(fmt.Sprintf("/agent/tickets/%d/appels", ticketID))
		mustContain(t, block, "Rappel à faire : 1 appel(s) manqué(s).", "Tentative de rappel")
		// Giving up needs a reason; a reached caller settles the callback.
		path := fmt.Sprintf("/agent/tickets/%d/rappel", ticketID)
		if p := br.postForm(block, path, url.Values{"outcome": {"give_up"}, "note": {""}}); p.code != 422 {
			t.Fatalf("giving up without a reason: %d", p.code)
		}
		if p := br.postForm(block, path, url.Values{"outcome": {"reached"}, "minutes": {"4"}, "note": {"Réponse donnée sur le lot 2"}}); p.code != http.StatusSeeOther {
			t.Fatalf("callback attempt: %d %s", p.code, p.body)
		}
		cb, _, _ := f.svc.Callback(context.Background(), f.actor(access.Agent), ticketID)
		if cb.Open || cb.Attempts != 1 || cb.ReachedAt.IsZero() {
			t.Fatalf("callback after the attempt: %+v", cb)
		}
		mustContain(t, br.get(fmt.Sprintf("/agent/tickets/%d", ticketID)), "Rappel n° 1 : appelant joint. Réponse donnée sur le lot 2")
	})
}

func TestClickToCall(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	pbx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.Method+" "+r.URL.RequestURI())
		mu.Unlock()
	}))
	defer pbx.Close()
	eachLive(t, func(t *testing.T, f *fixture, srv *httptest.Server, b *live.Broker) {
		asked = nil
		missedCall(t, f)
		br := f.browser()
		br.signIn(access.Agent)
		log := br.get("/agent/appels")
		mustContain(t, log, `action="/agent/appeler"`, "Appeler")
		p := br.postForm(log, "/agent/appeler", url.Values{"to": {"+33472123456"}, "back": {"/agent/appels"}})
		if p.code != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/agent/appels?") {
			t.Fatalf("click-to-call: %d → %s", p.code, p.location())
		}
		mu.Lock()
		defer mu.Unlock()
		if len(asked) != 1 || asked[0] != "POST /originate?ext=201&to=%2B33472123456&nat=0472123456" {
			t.Fatalf("the switchboard was asked %v", asked)
		}
	}, func(o *core.Options) {
		o.OriginateURL = pbx.URL + "/originate?ext={from_extension}&to={to}&nat={to_national}"
	})
}

func netipLoopback() netip.Addr { return netip.MustParseAddr("127.0.0.1") }

func TestTelephonyAdminScreen(t *testing.T) {
	eachLive(t, func(t *testing.T, f *fixture, srv *httptest.Server, b *live.Broker) {
		agent := f.browser()
		agent.signIn(access.Agent)
		if p := agent.get("/agent/admin/telephonie"); p.code != http.StatusForbidden {
			t.Fatalf("an agent opened the telephony admin: %d", p.code)
		}
		admin := f.browser()
		admin.signIn(access.Admin)
		page := admin.get("/agent/admin/telephonie")
		mustContain(t, page, "Postes des agents", "Numéros bloqués", "Aucun numéro bloqué.")
		p := admin.postForm(page, "/agent/admin/telephonie/postes", url.Values{"email": {"agent@region.example"},
			"extension": {"2O1"}, "queues": {"marches"}})
		if p.code != 422 || !strings.Contains(p.text(), "poste invalide « 2O1 »") || !strings.Contains(p.body, `value="2O1"`) {
			t.Fatalf("a bad extension: %d\n%s", p.code, p.body)
		}
		p = admin.postForm(page, "/agent/admin/telephonie/postes", url.Values{"email": {"agent@region.example"},
			"extension": {"201"}, "queues": {"marches, travaux"}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("set extension: %d %s", p.code, p.body)
		}
		if p := admin.postForm(page, "/agent/admin/telephonie/blocages", url.Values{"number": {"pas un numéro"}}); p.code != 422 {
			t.Fatalf("block a non-number: %d", p.code)
		}
		admin.postForm(page, "/agent/admin/telephonie/blocages", url.Values{"number": {"06.12.34.56.78"}, "reason": {"injures"}})
		page = admin.get("/agent/admin/telephonie?done=block")
		mustContain(t, page, "Numéro bloqué.", "201", "Compte agent", "marches, travaux", `href="tel:+33612345678">06 12 34 56 78</a> — injures`)
		admin.postForm(page, "/agent/admin/telephonie/deblocage", url.Values{"number": {"+33612345678"}})
		page = admin.get("/agent/admin/telephonie")
		mustContain(t, page, "Aucun numéro bloqué.", "Regroupement des appels manqués", `name="minutes"`, `value="120"`)
		// The grouping window of missed calls: minutes, refused in words.
		if p := admin.postForm(page, "/agent/admin/telephonie/rappels", url.Values{"minutes": {"deux heures"}}); p.code != 422 ||
			!strings.Contains(p.text(), "durée en minutes attendue") || !strings.Contains(p.body, `aria-invalid="true"`) {
			t.Fatalf("a window in words: %d\n%s", p.code, p.body)
		}
		if p := admin.postForm(page, "/agent/admin/telephonie/rappels", url.Values{"minutes": {"45"}}); p.code != http.StatusSeeOther {
			t.Fatalf("save the window: %d %s", p.code, p.body)
		}
		mustContain(t, admin.get("/agent/admin/telephonie?done=window"), "Délai de regroupement enregistré.", `value="45"`)
		if w, _ := f.svc.CallbackWindow(context.Background(), f.actor(access.Agent)); w != 45*time.Minute {
			t.Fatalf("window after saving: %v", w)
		}
	})
}
