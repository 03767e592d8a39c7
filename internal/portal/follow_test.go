package portal_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/ticket"
)

const linkBase = "http://guichet.test/suivi/connexion?t="

// issue makes a sign-in link for address, as an agent would, and returns its token.
func (f *fixture) issue(address string) string {
	f.t.Helper()
	link, err := f.svc.IssuePortalLink(context.Background(), f.agent, address, linkBase)
	if err != nil || !strings.HasPrefix(link, linkBase) {
		f.t.Fatalf("link: %q %v", link, err)
	}
	return strings.TrimPrefix(link, linkBase)
}

// open posts a link's token and returns the response.
func (f *fixture) open(token string) (code int, cookie string) {
	w := f.postForm("/suivi/connexion", url.Values{"t": {token}}, "")
	for _, c := range w.Result().Cookies() {
		if c.Name == "guichet_suivi" && c.Value != "" {
			if c.Path != "/suivi" || !c.HttpOnly {
				f.t.Fatalf("portal cookie not scoped: %+v", c)
			}
			cookie = c.Value
		}
	}
	return w.Code, cookie
}

// signIn opens a portal session for address.
func (f *fixture) signIn(address string) string {
	f.t.Helper()
	code, cookie := f.open(f.issue(address))
	if code != 303 || cookie == "" {
		f.t.Fatalf("sign-in: %d", code)
	}
	return cookie
}

// ask creates a web request as the public form does.
func (f *fixture) ask(siret, name, email, subject string) *ticket.Ticket {
	f.t.Helper()
	tk, err := f.svc.PublicQuestion(context.Background(), core.NewTicket{Subject: subject, Body: "Bonjour, " + subject,
		Company: &core.CompanyInput{SIRET: siret, Name: name}, Contact: &core.ContactInput{Name: "X", Email: email}},
		"192.0.2."+email[:1])
	if err != nil {
		f.t.Fatal(err)
	}
	return tk
}

func TestSignInLinkIsSingleUseAndExpires(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		f.ask("44306184100047", "Menuiserie Dupont", "anne@dupont.example", "Lot 2")
		token := f.issue("Anne@Dupont.example")
		// The landing page does not use the link (mail filters open links).
		for range 2 {
			if w := f.get("/suivi/connexion?t="+token, ""); w.Code != 200 || !strings.Contains(body(w), `value="`+token+`"`) {
				t.Fatalf("landing: %d", w.Code)
			}
		}
		code, cookie := f.open(token)
		if code != 303 || cookie == "" {
			t.Fatalf("first use: %d", code)
		}
		if code, c := f.open(token); code != 401 || c != "" {
			t.Fatalf("second use: %d", code)
		}
		mustContain(t, "signed in", body(f.get("/suivi", cookie)), "Lot 2", "anne@dupont.example")

		late := f.issue("anne@dupont.example")
		f.advance(core.PortalLinkTTL + time.Second)
		if code, _ := f.open(late); code != 401 {
			t.Fatalf("expired link: %d", code)
		}
		if code, _ := f.open("not-a-token"); code != 401 {
			t.Fatalf("made-up link: %d", code)
		}
		// The session itself ends when unused.
		f.advance(core.PortalSessionIdle)
		if w := f.get("/suivi/demandes/x", cookie); w.Code != 303 || w.Header().Get("Location") != "/suivi?expire=1" {
			t.Fatalf("ended session: %d %s", w.Code, w.Header().Get("Location"))
		}
	})
}

func TestLinkRequestSaysTheSameForUnknownAddresses(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		f.ask("44306184100047", "Menuiserie Dupont", "anne@dupont.example", "Lot 2")
		known := f.postForm("/suivi", url.Values{"email": {"anne@dupont.example"}}, "")
		unknown := f.postForm("/suivi", url.Values{"email": {"personne@ailleurs.example"}}, "")
		if known.Code != 200 || unknown.Code != 200 {
			t.Fatalf("%d %d", known.Code, unknown.Code)
		}
		same := func(s string) string {
			return strings.ReplaceAll(strings.ReplaceAll(s, "anne@dupont.example", "X"), "personne@ailleurs.example", "X")
		}
		if same(body(known)) != same(body(unknown)) {
			t.Fatal("the page tells known addresses from unknown ones")
		}
		// The mail carrying the link is queued for the known address only.
		admin := f.admin()
		mails, err := f.svc.Outbox(context.Background(), admin, "", 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		links := map[string]int{}
		for _, m := range mails {
			if m.Template == "portal_link" {
				links[strings.Join(m.To, ",")]++
			}
		}
		if links["anne@dupont.example"] != 1 || len(links) != 1 {
			t.Fatalf("sign-in mails queued: %v", links)
		}
		bad := f.postForm("/suivi", url.Values{"email": {"pas une adresse"}}, "")
		if bad.Code != 422 || !strings.Contains(body(bad), `aria-invalid="true"`) {
			t.Fatalf("bad address: %d", bad.Code)
		}
		for range 2 {
			f.postForm("/suivi", url.Values{"email": {"anne@dupont.example"}}, "")
		}
		if w := f.postForm("/suivi", url.Values{"email": {"anne@dupont.example"}}, ""); w.Code != 429 {
			t.Fatalf("4th link in a quarter of an hour: %d", w.Code)
		}
	})
}

// TestACompanyNeverSeesAnotherCompanysRequest tries every address a contact
// could type to reach a request that is not its own.
func TestACompanyNeverSeesAnotherCompanysRequest(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		mine := f.ask("44306184100047", "Menuiserie Dupont", "anne@dupont.example", "Ma question")
		colleague := f.ask("44306184100047", "Menuiserie Dupont", "paul@dupont.example", "Question du collègue")
		other := f.ask("73282932000074", "Charpentes du Rhône", "bob@charpentes.example", "Question secrète")
		att, _ := f.svc.StoreAttachment(ctx, ticket.Web, "offre.pdf", strings.NewReader(string(pdf)))
		if _, err := f.svc.AddMessage(ctx, f.agent, other.ID, core.NewMessage{Kind: "outbound", Body: "Réponse à Bob",
			Attachments: []ticket.Attachment{att}}); err != nil {
			t.Fatal(err)
		}
		msgs, _ := f.svc.Messages(ctx, f.agent, other.ID)
		otherFile := msgs[len(msgs)-1].Attachments[0].ID
		cookie := f.signIn("anne@dupont.example")

		list := body(f.get("/suivi", cookie))
		mustContain(t, "own list", list, mine.Number, "Ma question")
		for _, leak := range []string{other.Number, "Question secrète", colleague.Number} {
			if strings.Contains(list, leak) {
				t.Fatalf("list shows %q", leak)
			}
		}
		csrf := csrfOf(t, f.get("/suivi/demandes/"+mine.Number, cookie))
		fileID := sprint(otherFile)
		for _, path := range []string{
			"/suivi/demandes/" + other.Number, "/suivi/demandes/" + colleague.Number,
			"/suivi/demandes/" + sprint(other.ID), "/suivi/demandes/" + other.Number + "/fichiers/" + fileID,
			"/suivi/demandes/" + mine.Number + "/fichiers/" + fileID, "/suivi/demandes/..%2F" + other.Number,
			"/suivi/demandes/" + other.Number + "%20", "/suivi/demandes/%25",
		} {
			w := f.get(path, cookie)
			if w.Code != 404 || strings.Contains(body(w), "Question secrète") || strings.Contains(body(w), "Réponse à Bob") {
				t.Errorf("GET %s: %d\n%s", path, w.Code, body(w))
			}
		}
		for _, path := range []string{"/suivi/demandes/" + other.Number + "/reponse", "/suivi/demandes/" + other.Number + "/cloture"} {
			w := f.postMultipart(path, [][2]string{{"csrf", csrf}, {"body", "intrusion"}}, nil, cookie, "")
			if w.Code != 404 {
				t.Errorf("POST %s: %d", path, w.Code)
			}
		}
		msgs, _ = f.svc.Messages(ctx, f.agent, other.ID)
		if len(msgs) != 2 || f.mustTicket(other.ID).State == ticket.Closed {
			t.Fatalf("another company's request changed: %d messages", len(msgs))
		}
		// Bob's own session does not open Anne's request either, even with her cookie's CSRF.
		bob := f.signIn("bob@charpentes.example")
		if w := f.get("/suivi/demandes/"+mine.Number, bob); w.Code != 404 {
			t.Fatalf("bob reads anne's: %d", w.Code)
		}
		if w := f.get("/suivi/demandes/"+other.Number+"/fichiers/"+fileID, bob); w.Code != 200 || w.Body.String() != string(pdf) ||
			!strings.HasPrefix(w.Header().Get("Content-Disposition"), "attachment;") {
			t.Fatalf("bob's own file: %d %v", w.Code, w.Header())
		}
	})
}

func TestAllRequestsOfTheSIRETWhenEnabled(t *testing.T) {
	each(t, true, func(t *testing.T, f *fixture) {
		f.ask("44306184100047", "Menuiserie Dupont", "anne@dupont.example", "Ma question")
		colleague := f.ask("44306184100047", "Menuiserie Dupont", "paul@dupont.example", "Question du collègue")
		other := f.ask("73282932000074", "Charpentes du Rhône", "bob@charpentes.example", "Question secrète")
		cookie := f.signIn("anne@dupont.example")
		list := body(f.get("/suivi", cookie))
		mustContain(t, "SIRET list", list, colleague.Number, "Question du collègue")
		if strings.Contains(list, other.Number) {
			t.Fatal("another SIRET's request is listed")
		}
		if w := f.get("/suivi/demandes/"+other.Number, cookie); w.Code != 404 {
			t.Fatalf("other SIRET: %d", w.Code)
		}
	})
}

func TestCompanyReadsAnswersRepliesWithFilesAndCloses(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		tk := f.ask("44306184100047", "Menuiserie Dupont", "anne@dupont.example", "Lot 2")
		f.svc.AddMessage(ctx, f.agent, tk.ID, core.NewMessage{Kind: "note", Body: "NOTE INTERNE à ne pas montrer"})
		f.svc.AddMessage(ctx, f.agent, tk.ID, core.NewMessage{Kind: "outbound", Body: "Envoyez-nous votre DC1."})
		waiting := ticket.WaitingCompany
		if _, err := f.svc.UpdateTicket(ctx, f.agent, tk.ID, ticket.Update{State: &waiting}, 0); err != nil {
			t.Fatal(err)
		}
		cookie := f.signIn("anne@dupont.example")
		page := f.get("/suivi/demandes/"+tk.Number, cookie)
		mustContain(t, "request page", body(page), "Envoyez-nous votre DC1.", "Bonjour, Lot 2")
		if strings.Contains(body(page), "NOTE INTERNE") {
			t.Fatal("an internal note is shown to the company")
		}
		if strings.Contains(body(page), `action="/suivi/demandes/`+tk.Number+`/cloture"`) {
			t.Fatal("closing offered before resolution")
		}
		csrf := csrfOf(t, page)
		path := "/suivi/demandes/" + tk.Number + "/reponse"
		if w := f.postMultipart(path, [][2]string{{"csrf", "faux"}, {"body", "Voici"}}, []upFile{{"DC1.pdf", pdf}}, cookie, ""); w.Code != 403 {
			t.Fatalf("forged CSRF: %d", w.Code)
		}
		if w := f.postMultipart(path, [][2]string{{"csrf", csrf}, {"body", "Voici"}}, []upFile{{"DC1.pdf", exe()}}, cookie, ""); w.Code != 422 ||
			!strings.Contains(body(w), "type de fichier refusé") || !strings.Contains(body(w), "Voici") {
			t.Fatalf("forbidden file: %d %s", w.Code, body(w))
		}
		w := f.postMultipart(path, [][2]string{{"csrf", csrf}, {"body", "Voici le DC1."}}, []upFile{{"DC1.pdf", pdf}}, cookie, "")
		if w.Code != 303 {
			t.Fatalf("reply: %d %s", w.Code, body(w))
		}
		after := f.mustTicket(tk.ID)
		msgs, _ := f.svc.Messages(ctx, f.agent, tk.ID)
		last := msgs[len(msgs)-1]
		if after.State != ticket.Open || last.Kind != ticket.Inbound || last.Body != "Voici le DC1." || len(last.Attachments) != 1 {
			t.Fatalf("after the reply: %s %+v", after.State, last)
		}
		resolved, outcome := ticket.Resolved, ticket.AnsweredByCell
		if _, err := f.svc.UpdateTicket(ctx, f.agent, tk.ID, ticket.Update{State: &resolved, Outcome: &outcome}, 0); err != nil {
			t.Fatal(err)
		}
		if w := f.postForm("/suivi/demandes/"+tk.Number+"/cloture", url.Values{}, cookie); w.Code != 403 {
			t.Fatalf("close without CSRF: %d", w.Code)
		}
		if w := f.postForm("/suivi/demandes/"+tk.Number+"/cloture", url.Values{"csrf": {csrf}}, cookie); w.Code != 303 {
			t.Fatalf("close: %d %s", w.Code, body(w))
		}
		if st := f.mustTicket(tk.ID).State; st != ticket.Closed {
			t.Fatalf("state %s", st)
		}
		w = f.postMultipart(path, [][2]string{{"csrf", csrf}, {"body", "Encore une chose"}}, nil, cookie, "")
		if w.Code != 422 || !strings.Contains(body(w), "close") {
			t.Fatalf("reply to a closed request: %d %s", w.Code, body(w))
		}
	})
}

func (f *fixture) mustTicket(id int64) *ticket.Ticket {
	f.t.Helper()
	tk, err := f.svc.Ticket(context.Background(), f.agent, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return tk
}

// admin is an administrator, who may read the outbox.
func (f *fixture) admin() access.Actor {
	f.t.Helper()
	u, err := f.svc.AddUser(context.Background(), access.System(), core.NewUser{Email: "admin@region.example", Name: "Admin", Role: "admin"})
	if err != nil {
		f.t.Fatal(err)
	}
	return u.Actor()
}
