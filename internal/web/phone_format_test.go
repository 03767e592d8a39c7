package web

import (
	"testing"
	"time"
)

// A subject's phone numbers become tel: links; everything else stays text,
// escaped, and dates, SIRETs and request numbers are not taken for numbers.
func TestPhonesInASubject(t *testing.T) {
	for in, want := range map[string]string{
		"Rappel : appel manqué du 04 72 12 34 56": `Rappel : appel manqué du <a href="tel:+33472123456">04 72 12 34 56</a>`,
		"Rappel : appel manqué du +441632960961":  `Rappel : appel manqué du <a href="tel:+441632960961">+441632960961</a>`,
		"Tél. 04.72.12.34.56 ou +33 (0)6 12 34 56 78, <b>vite</b>": `Tél. <a href="tel:+33472123456">04 72 12 34 56</a> ou ` +
			`<a href="tel:+33612345678">06 12 34 56 78</a>, &lt;b&gt;vite&lt;/b&gt;`,
		"Demande 2026-000123 du 03/11/2026, SIRET 443 061 841 00047": "Demande 2026-000123 du 03/11/2026, SIRET 443 061 841 00047",
		"04 72 12 34 567": "04 72 12 34 567",
	} {
		if got := string(textWithPhones(in)); got != want {
			t.Errorf("%q:\n got %s\nwant %s", in, got, want)
		}
	}
}

// In a list, the subject links to the request and its numbers sit beside that
// link, not inside it.
func TestLinkWithPhones(t *testing.T) {
	tel := `<a href="tel:+33472123456">04 72 12 34 56</a>`
	for in, want := range map[string]string{
		"Question sur le lot 2":                   `<a href="/agent/tickets/7">Question sur le lot 2</a>`,
		"Rappel : appel manqué du 04 72 12 34 56": `<a href="/agent/tickets/7">Rappel : appel manqué du</a> ` + tel,
		"04 72 12 34 56 <rappeler> vite":          tel + ` <a href="/agent/tickets/7">&lt;rappeler&gt; vite</a>`,
		"Rappel 04 72 12 34 56 urgent":            `<a href="/agent/tickets/7">Rappel</a> ` + tel + ` urgent`,
		"04 72 12 34 56":                          `<a href="/agent/tickets/7">2026-000007</a> ` + tel,
	} {
		if got := string(linkWithPhones("/agent/tickets/7", in, "2026-000007")); got != want {
			t.Errorf("%q:\n got %s\nwant %s", in, got, want)
		}
	}
}

// Ranges of a dashboard figure's list in words, both languages.
func TestSpanWords(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	for _, c := range []struct {
		l              lang
		from, to, want string
	}{
		{french, "2026-11-03", "2026-11-09", "entre le 3 et le 9 novembre 2026"},
		{french, "2026-10-28", "2026-11-03", "entre le 28 octobre et le 3 novembre 2026"},
		{french, "2026-12-28", "2027-01-01", "entre le 28 décembre 2026 et le 1er janvier 2027"},
		{french, "2026-11-01", "2026-11-01", "le 1er novembre 2026"},
		{french, "01/11/2026", "", "depuis le 1er novembre 2026"},
		{french, "", "2026-11-09", "jusqu'au 9 novembre 2026"},
		// A Monday midnight in Paris ends the week before; another instant is written in full.
		{french, "2026-11-16", "2026-11-22T23:00:00Z", "entre le 16 et le 22 novembre 2026"},
		{french, "2026-11-23", "2026-11-28T13:05:00Z", "entre le 23 et le 28 novembre 2026 à 14 h 05"},
		{french, "", "2026-11-28T13:05:00Z", "avant le 28 novembre 2026 à 14 h 05"},
		{french, "2026-06-01T07:00:00Z", "", "depuis le 1er juin 2026 à 9 h 00"},
		{english, "2026-11-03", "2026-11-09", "between 3 and 9 November 2026"},
		{english, "2026-11-01", "", "since 1 November 2026"},
		{english, "", "2026-11-28T13:05:00Z", "before 28 November 2026 at 14:05"},
	} {
		if got := spanWords(c.l, paris, c.from, c.to); got != c.want {
			t.Errorf("%s %q–%q: %q, want %q", c.l, c.from, c.to, got, c.want)
		}
	}
}
