package web

import (
	"html/template"
	"regexp"
	"strings"

	"github.com/guichet/guichet/internal/phone"
)

// telLink is how every page shows a phone number: as the French write it
// ("04 72 12 34 56") inside a tel: link to its E.164 form
// (href="tel:+33472123456"), so that a softphone or the agent's desk phone
// calls it in one click. It takes a stored E.164 number or any written form (a
// buyer's number as the catalog gave it, with its "poste 12" kept in the link
// as ";ext=12", RFC 3966). Something that is not a number is shown as text:
// a link would call nobody. The template function is "telLink"; the
// "phone-link" part (calls.html) adds the click-to-call button beside it.
func telLink(number string) template.HTML {
	number = strings.TrimSpace(number)
	if number == "" {
		return ""
	}
	n, err := phone.Parse(number)
	if err != nil {
		return template.HTML(template.HTMLEscapeString(number))
	}
	href := "tel:" + n.E164
	shown := phone.Format(n.E164)
	if n.Extension != "" {
		href += ";ext=" + n.Extension
		shown += " poste " + n.Extension
	}
	// E.164 and the extension are digits and "+" only: nothing to escape.
	return template.HTML(`<a href="` + href + `">` + template.HTMLEscapeString(shown) + `</a>`)
}

// phoneInText finds the phone numbers written in a text: French ones as people
// write them ("04 72 12 34 56", "04.72.12.34.56", "+33 4 72 12 34 56",
// "+33 (0)4…") and E.164 ones ("+441632960961"). Dates ("03/11/2026"), SIRETs
// and request numbers ("2026-000123") do not match; a match that phone.Parse
// refuses stays text (telLink).
var phoneInText = regexp.MustCompile(`(?:\+33 ?(?:\(0\) ?)?[1-9]|\b0[1-9])(?:[ .\-]?\d{2}){4}\b|\+[1-9]\d{7,14}\b`)

// textWithPhones is a text escaped for HTML, each phone number in it a tel:
// link (telLink): a request's subject, such as a missed call's callback
// "Rappel : appel manqué du 04 72 12 34 56". The template function is
// "withPhones".
func textWithPhones(s string) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range phoneInText.FindAllStringIndex(s, -1) {
		b.WriteString(template.HTMLEscapeString(s[last:m[0]]))
		b.WriteString(string(telLink(s[m[0]:m[1]])))
		last = m[1]
	}
	b.WriteString(template.HTMLEscapeString(s[last:]))
	return template.HTML(b.String())
}

// linkWithPhones is a text that links to href, each phone number in it a tel:
// link beside that link rather than inside it (a link cannot hold another):
// the inbox's subjects, "<a href=ticket>Rappel : appel manqué du</a> <a
// href=tel:…>04 72 12 34 56</a>". The first stretch of words carries the link;
// a text made of a number only gets fallback (the request's number) as its
// link. The template function is "linkWithPhones".
func linkWithPhones(href, s, fallback string) template.HTML {
	var b strings.Builder
	linked := false
	link := func(text string) {
		words := strings.TrimSpace(text)
		if linked || words == "" {
			b.WriteString(template.HTMLEscapeString(text))
			return
		}
		// The spaces around the words stay outside the link, as the eye reads it.
		i := strings.Index(text, words)
		b.WriteString(template.HTMLEscapeString(text[:i]))
		b.WriteString(`<a href="` + template.HTMLEscapeString(href) + `">` + template.HTMLEscapeString(words) + `</a>`)
		b.WriteString(template.HTMLEscapeString(text[i+len(words):]))
		linked = true
	}
	last := 0
	for _, m := range phoneInText.FindAllStringIndex(s, -1) {
		link(s[last:m[0]])
		b.WriteString(string(telLink(s[m[0]:m[1]])))
		last = m[1]
	}
	link(s[last:])
	if !linked {
		return template.HTML(`<a href="` + template.HTMLEscapeString(href) + `">` + template.HTMLEscapeString(fallback) +
			`</a> ` + b.String())
	}
	return template.HTML(b.String())
}
