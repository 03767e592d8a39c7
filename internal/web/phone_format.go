package web

import (
	"html/template"
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
