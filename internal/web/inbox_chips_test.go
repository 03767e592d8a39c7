package web_test

import (
	"html"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
)

// chipItem is a chip of the inbox: its text, its removal link and that link's
// accessible name.
var chipItem = regexp.MustCompile(`<li(?: class="chip-invalid")?><span>([^<]*)</span> <a href="([^"]*)" aria-label="([^"]*)">(?:Retirer|Remove)</a></li>`)

type shownChip struct{ text, remove, name string }

func chipsOf(t *testing.T, p page) []shownChip {
	t.Helper()
	var out []shownChip
	for _, m := range chipItem.FindAllStringSubmatch(p.body, -1) {
		out = append(out, shownChip{html.UnescapeString(m[1]), html.UnescapeString(m[2]), html.UnescapeString(m[3])})
	}
	return out
}

// removed lists the parameters of from that to lacks, and fails on any other
// difference: a removal link keeps every other filter as it was.
func removed(t *testing.T, from url.Values, to string) []string {
	t.Helper()
	path, raw, _ := strings.Cut(to, "?")
	q, err := url.ParseQuery(raw)
	if path != "/agent" || err != nil || q.Has("after") {
		t.Errorf("removal link %q: not the inbox's first page", to)
	}
	var gone []string
	for k, v := range from {
		switch {
		case !q.Has(k):
			gone = append(gone, k)
		case !slices.Equal(q[k], v):
			t.Errorf("removal link %q changes %s: %v → %v", to, k, v, q[k])
		}
	}
	for k := range q {
		if !from.Has(k) {
			t.Errorf("removal link %q adds %s", to, k)
		}
	}
	slices.Sort(gone)
	return gone
}

// A dashboard figure's list shows each filter the form does not show as a chip
// in words, whose link drops exactly that filter; « Tout effacer » drops them
// all and keeps the form's own.
func TestInboxShowsDrillDownFiltersAsChips(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		b := f.browser()
		b.signIn(access.Agent)
		query := url.Values{"view": {"all"}, "channel": {"phone"}, "created_from": {"2026-11-01"},
			"outcome": {"answered_by_cell"}, "resolved_from": {"2026-11-03"}, "resolved_to": {"2026-11-09"},
			"answered_from": {"2026-11-01"}, "answered_to": {"2026-11-01"},
			// The SLA figure of a past week: its end is the next Monday, midnight in Paris.
			"due": {"first"}, "due_from": {"2026-11-16"}, "due_to": {"2026-11-22T23:00:00Z"}, "sla": {"missed"},
			"past_due": {"2026-11-24T13:05:00Z"}, "held_by": {"travaux"},
			"rated": {"online"}, "rating": {"5"}, "rated_from": {"2026-10-28"}, "rated_to": {"2026-11-03"},
			"surveyed_from": {"2026-11-01"}, "departement": {"69"}, "size": {"tpe"}}
		p := b.get("/agent?" + query.Encode())
		if p.code != http.StatusOK {
			t.Fatalf("drill-down list: %d\n%s", p.code, p.body)
		}
		want := []struct {
			text string
			gone []string
		}{
			{"Résultat : répondue par la cellule", []string{"outcome"}},
			{"Résolues entre le 3 et le 9 novembre 2026", []string{"resolved_from", "resolved_to"}},
			{"Première réponse le 1er novembre 2026", []string{"answered_from", "answered_to"}},
			{"Échéance de réponse entre le 16 et le 22 novembre 2026", []string{"due_from", "due_to"}},
			{"Échéance de réponse manquée", []string{"sla"}},
			{"Sans réponse après l'échéance, au 24 novembre 2026 à 14 h 05", []string{"past_due"}},
			{"Tenue par : Travaux à un moment", []string{"held_by"}},
			{"Note : 5/5 en ligne", []string{"rated", "rating"}},
			{"Notées entre le 28 octobre et le 3 novembre 2026", []string{"rated_from", "rated_to"}},
			{"Enquête envoyée depuis le 1er novembre 2026", []string{"surveyed_from"}},
			{"Département : 69", []string{"departement"}},
			{"Taille : TPE", []string{"size"}},
		}
		chips := chipsOf(t, p)
		if len(chips) != len(want) {
			t.Fatalf("%d chips, want %d (the form's own filters have none): %q", len(chips), len(want), chips)
		}
		for i, w := range want {
			c := chips[i]
			if c.text != w.text || c.name != "Retirer le filtre « "+w.text+" »" {
				t.Errorf("chip %d: %q named %q, want %q", i, c.text, c.name, w.text)
			}
			if gone := removed(t, query, c.remove); !slices.Equal(gone, w.gone) {
				t.Errorf("%s: its link drops %v, want %v", w.text, gone, w.gone)
			}
			if next := b.get(c.remove); next.code != http.StatusOK || len(chipsOf(t, next)) != len(want)-1 {
				t.Errorf("%s: after its removal, %d with %d chips", w.text, next.code, len(chipsOf(t, next)))
			}
		}
		clear := regexp.MustCompile(`<a class="chips-clear" href="([^"]*)">Tout effacer</a>`).FindStringSubmatch(p.body)
		if clear == nil {
			t.Fatal("no « Tout effacer » link")
		}
		if gone := removed(t, query, html.UnescapeString(clear[1])); len(gone) != len(query)-3 {
			t.Errorf("« Tout effacer » drops %v, want every filter but the view, the channel and the period", gone)
		}
		// The page and CSV export links keep them all (the chips only show them).
		if !strings.Contains(p.text(), "/agent/export.csv?"+query.Encode()) {
			t.Error("the export link lost a filter")
		}
	})
}

// The chips of the SLA lists say which due time they speak of, as the list
// reads it; a refused value is a chip too, to be removed.
func TestInboxChipsOfDueTimesAndRefusedValues(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		b := f.browser()
		inbox := b.signIn(access.Agent)
		for raw, want := range map[string]struct {
			text string
			gone []string
		}{
			// The last chip speaking of "due" takes it away with it.
			"due=resolution&sla=met": {"Échéance de résolution respectée", []string{"due", "sla"}},
			// Without a range of first-response due times, "met" is judged on the resolution.
			"due=first&sla=missed":                            {"Échéance de résolution manquée", []string{"due", "sla"}},
			"due=resolution&due_to=2026-11-22":                {"Échéance de résolution jusqu'au 22 novembre 2026", []string{"due", "due_to"}},
			"rated=phone":                                     {"Notées par téléphone", []string{"rated"}},
			"departement=01,38,%2069":                         {"Départements : 01, 38, 69", []string{"departement"}},
			"resolved_from=2026-12-28&resolved_to=2027-01-03": {"Résolues entre le 28 décembre 2026 et le 3 janvier 2027", []string{"resolved_from", "resolved_to"}},
		} {
			query, _ := url.ParseQuery(raw)
			p := b.get("/agent?" + raw)
			chips := chipsOf(t, p)
			if p.code != http.StatusOK || len(chips) != 1 || chips[0].text != want.text {
				t.Errorf("%s: %d, chips %q, want %q", raw, p.code, chips, want.text)
				continue
			}
			if gone := removed(t, query, chips[0].remove); !slices.Equal(gone, want.gone) {
				t.Errorf("%s: its link drops %v, want %v", raw, gone, want.gone)
			}
		}

		p := b.get("/agent?view=all&sla=bof&size=tpe")
		chips := chipsOf(t, p)
		if p.code != http.StatusUnprocessableEntity || len(chips) != 2 || !strings.Contains(p.body, `class="chip-invalid"`) ||
			chips[0].text != "Filtre refusé « sla=bof » : valeur inconnue « bof » (met ou missed)" {
			t.Fatalf("refused value: %d %q", p.code, chips)
		}
		if next := b.get(chips[0].remove); next.code != http.StatusOK || len(chipsOf(t, next)) != 1 {
			t.Errorf("removing the refused filter: %d", next.code)
		}

		// In English.
		b.postForm(inbox, "/agent/lang", url.Values{"lang": {"en"}, "back": {"/agent"}})
		p = b.get("/agent?view=all&resolved_from=2026-11-03&resolved_to=2026-11-09&held_by=travaux&rated=online&rating=4" +
			"&past_due=2026-11-24T13:05:00Z")
		got := map[string]string{}
		for _, c := range chipsOf(t, p) {
			got[c.text] = c.name
		}
		for _, text := range []string{"Resolved between 3 and 9 November 2026", "Held by: Travaux at some point",
			"Rating: 4/5 online", "Unanswered past the due time, as of 24 November 2026 at 14:05"} {
			if got[text] != "Remove the filter “"+text+"”" {
				t.Errorf("English chip %q missing or misnamed: %q", text, slices.Collect(maps.Keys(got)))
			}
		}
		mustContain(t, p, "Other filters applied", ">Clear all</a>")
	})
}
