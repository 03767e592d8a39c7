package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/ticket"
)

// knownCaller records an earlier request of Menuiserie Dupont, whose contact
// has the number 04 72 12 34 56.
func knownCaller(t *testing.T, f *fixture) *ticket.Ticket {
	t.Helper()
	tk, _, err := f.svc.CreateTicket(context.Background(), f.actor(access.Agent), core.NewTicket{Channel: "email",
		Subject: "Demande précédente sur le DCE", Body: "Bonjour", Topic: "dce",
		Company: &core.CompanyInput{SIRET: "44306184100047", Name: "Menuiserie Dupont"},
		Contact: &core.ContactInput{Name: "Anne Dupont", Phone: "+33472123456"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// callForm is a call as an agent fills the screen.
func callForm(ending string) url.Values {
	return url.Values{"siret": {"443 061 841 00047"}, "company_name": {"Menuiserie Dupont"},
		"contact_name": {"Anne Dupont"}, "contact_phone": {"04 72 12 34 56"}, "topic": {"dce"}, "scope": {"general"},
		"question": {"Où trouver le DCE du lot 2 ?"}, "answer": {"Sur le profil d'acheteur."}, "duration": {"4:05"},
		"ending": {ending}, "key": {"k-" + ending}, "do": {"save"}}
}

func TestCallScreenFindsTheCallerByAnyWrittenNumber(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		knownCaller(t, f)
		b := f.browser()
		inbox := b.signIn(access.Agent)
		mustContain(t, inbox, `href="/agent/appel"`, `accesskey="n"`, "Nouvel appel")
		for _, typed := range []string{"+33 4 72 12 34 56", "04.72.12.34.56", "0033472123456", "443 061 841", "menuiserie", "anne"} {
			p := b.get("/agent/appel?q=" + url.QueryEscape(typed))
			if p.code != http.StatusOK {
				t.Fatalf("lookup %q: %d", typed, p.code)
			}
			mustContain(t, p, "Menuiserie Dupont", "Demande précédente sur le DCE", "Choisir")
		}
		frag := b.get("/agent/appel/appelant?q=" + url.QueryEscape("04 72 12 34 56"))
		mustContain(t, frag, "Menuiserie Dupont", "04 72 12 34 56")
		if strings.Contains(frag.body, "<html") {
			t.Fatal("the lookup fragment is a whole page")
		}
		if p := b.get("/agent/appel/appelant?q=" + url.QueryEscape("06 00 00 00 00")); !strings.Contains(p.text(), "Aucun appelant connu") {
			t.Fatalf("unknown number:\n%s", p.body)
		}
		// Without JavaScript, "Choisir" posts the form back with the caller filled in.
		form := b.get("/agent/appel?q=anne")
		pick := regexpValue(t, form.body, `name="pick" value="([^"]+)"`)
		p := b.postForm(form, "/agent/appel", url.Values{"pick": {pick}, "question": {"déjà tapé"}})
		mustContain(t, p, `value="44306184100047"`, `value="Anne Dupont"`, "déjà tapé", "Entreprise connue : Menuiserie Dupont")
	})
}

func TestCallResolvedDuringTheCall(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		knownCaller(t, f)
		b := f.browser()
		b.signIn(access.Agent)
		form := b.get("/agent/appel")
		mustContain(t, form, `<label for="c-q">`, `<label for="c-duration">`, "Alt+Maj+N")
		r := b.postForm(form, "/agent/appel", callForm("resolved"))
		if r.code != http.StatusSeeOther || !strings.Contains(r.location(), "?done=call") {
			t.Fatalf("save: %d → %q\n%s", r.code, r.location(), r.body)
		}
		p := b.get(r.location())
		mustContain(t, p, "Appel enregistré.", "résolue", "répondue par la cellule", "durée 4 min 05 s",
			"Où trouver le DCE du lot 2 ?", "Sur le profil d'acheteur.", "Menuiserie Dupont")
		// The same form posted again (a double click) records one call.
		again := b.postForm(form, "/agent/appel", callForm("resolved"))
		if again.location() != r.location() {
			t.Fatalf("a second post made another call: %q", again.location())
		}
		// The same form changed after its save (the Back button) is refused, said above the form.
		changed := callForm("resolved")
		changed.Set("question", "Une autre question")
		if p := b.postForm(form, "/agent/appel", changed); p.code != http.StatusUnprocessableEntity ||
			!strings.Contains(p.text(), "cette clé a déjà servi") || !strings.Contains(p.text(), "Une autre question") {
			t.Fatalf("a changed form reusing its key: %d\n%s", p.code, p.body)
		}
	})
}

func TestCallFailedSaveKeepsWhatWasTyped(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		b := f.browser()
		b.signIn(access.Agent)
		form := b.get("/agent/appel")
		typed := callForm("")
		typed.Set("siret", "443 061 841 00048")
		typed.Set("question", "")
		typed.Set("answer", "Réponse <b>longue</b> tapée pendant l'appel")
		typed.Set("duration", "quatre minutes")
		typed.Set("contact_phone", "12")
		r := b.postForm(form, "/agent/appel", typed)
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad call: %d", r.code)
		}
		mustContain(t, r, "L'appel n'est pas enregistré", `id="c-duration-error"`, "durée illisible",
			"Réponse <b>longue</b> tapée pendant l'appel", `value="443 061 841 00048"`, `value="Menuiserie Dupont"`)
		typed.Set("duration", "4:05")
		r = b.postForm(form, "/agent/appel", typed)
		mustContain(t, r, `id="c-siret-error"`, `id="c-question-error"`, `id="c-contact-phone-error"`,
			`id="c-ending-error"`, `aria-describedby="c-question-error"`, "numéro de téléphone invalide")
		if strings.Contains(r.body, "<b>longue") {
			t.Fatal("typed text came back unescaped")
		}
		page, _ := f.svc.Tickets(context.Background(), f.actor(access.Agent), ticket.Filter{})
		if len(page.Items) != 0 {
			t.Fatalf("a refused call wrote %d requests", len(page.Items))
		}
		// An escalation needs a service; the French message is beside the field.
		esc := callForm("escalated")
		r = b.postForm(form, "/agent/appel", esc)
		mustContain(t, r, `id="c-team-error"`, "choisissez le service thématique")
	})
}

func TestCallScreenPrefilledByTheTelephony(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		knownCaller(t, f)
		b := f.browser()
		b.signIn(access.Agent)
		started := f.clock().Unix() - 125
		p := b.get("/agent/appel?phone=%2B33472123456&call_id=PBX-42&started=" + strconv.FormatInt(started, 10))
		mustContain(t, p, `value="04 72 12 34 56"`, `name="call_id" value="PBX-42"`,
			`id="c-started" value="`+strconv.FormatInt(started, 10)+`"`, "Menuiserie Dupont", "Demande précédente sur le DCE")
		in := callForm("follow_up")
		in.Del("duration")
		in.Set("started", strconv.FormatInt(started, 10))
		in.Set("call_id", "PBX-42")
		r := b.postForm(p, "/agent/appel", in)
		if r.code != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", r.code, r.body)
		}
		mustContain(t, b.get(r.location()), "durée 2 min 05 s", "en cours", "Compte agent")
		if !strings.Contains(f.logs.String(), `"call_id":"PBX-42"`) {
			t.Error("the call id was not passed through")
		}
	})
}

func TestUnknownCallerIsCreatedInline(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		b := f.browser()
		b.signIn(access.Agent)
		mustContain(t, b.get("/agent/appel/siret?siret=732+829+320+00074"), "SIRET valide, entreprise inconnue")
		bad := b.get("/agent/appel/siret?siret=732+829+320+00075")
		mustContain(t, bad, "SIRET")
		if !strings.Contains(bad.body, "field-error") {
			t.Fatalf("an invalid SIRET is not an error:\n%s", bad.body)
		}
		form := b.get("/agent/appel")
		in := callForm("resolved")
		in.Set("siret", "732 829 320 00074")
		in.Set("company_name", "")
		r := b.postForm(form, "/agent/appel", in)
		mustContain(t, r, `id="c-company-error"`, "le nom est obligatoire")
		in.Set("company_name", "Boulangerie Martin")
		r = b.postForm(form, "/agent/appel", in)
		if r.code != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", r.code, r.body)
		}
		mustContain(t, b.get("/agent/appel/siret?siret=73282932000074"), "Entreprise connue : Boulangerie Martin")
	})
}

func TestViewerHasNoCallScreen(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		b := f.browser()
		inbox := b.signIn(access.Viewer)
		if strings.Contains(inbox.body, `href="/agent/appel"`) {
			t.Fatal("a viewer is offered the call screen")
		}
		if p := b.get("/agent/appel"); p.code != http.StatusForbidden {
			t.Fatalf("viewer's call screen: %d", p.code)
		}
	})
}
