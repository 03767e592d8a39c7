package demo

import (
	"fmt"
	"strings"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/phone"
)

// contact makes the i-th person of a firm: in a small company the first one is
// often the owner, whose name the company bears.
func (b *firmBuilder) contact(f *firm, i int, domain string) contact {
	r := b.r
	p := pick(r, firstNames)
	last := pick(r, familyNames)
	if i == 0 && f.owner != "" && r.chance(0.8) {
		last = f.owner
	}
	c := contact{first: p.first, last: last, woman: p.woman}
	c.Name = p.first + " " + last
	c.Email = b.email(f, &c, i, domain)
	c.Phone = b.phone(f, i)
	return c
}

// email writes an address the way small firms have them: contact@, the first
// name, first.last, or a shared mailbox for the tenders in larger ones.
func (b *firmBuilder) email(f *firm, c *contact, i int, domain string) string {
	r := b.r
	first, last := slug(c.first, "-"), slug(c.last, "")
	var local string
	switch {
	case i == 0 && f.co.Size == company.TPE && r.chance(0.25):
		local = "contact"
	case i > 0 && r.chance(0.25):
		local = pick(r, []string{"marches-publics", "appels-offres", "secretariat", "comptabilite", "commercial"})
	default:
		local = choices(wt[string]{first + "." + last, 5}, wt[string]{first[:1] + "." + last, 3},
			wt[string]{first, 2}).draw(r)
	}
	for _, other := range f.people {
		if strings.HasPrefix(other.Email, local+"@") {
			local += fmt.Sprint(i + 1)
		}
	}
	email, err := company.NormalizeEmail(local + "@" + domain)
	if err != nil {
		// The parts are slugs: an error here is a bug of this package.
		panic("demo: bad e-mail " + local + "@" + domain + ": " + err.Error())
	}
	return strings.ToLower(email)
}

// phone draws a mobile or a landline with the town's prefix.
func (b *firmBuilder) phone(f *firm, i int) string {
	r := b.r
	mobile := 0.3
	if f.co.Size == company.TPE {
		mobile = 0.6
	} else if i > 0 {
		mobile = 0.2
	}
	if r.chance(mobile) {
		return mobilePhone(r)
	}
	for {
		p := pick(r, f.town.phones)
		typed := fmt.Sprintf("%s %s %02d %02d %02d", p[:2], p[2:], r.IntN(100), r.IntN(100), r.IntN(100))
		if e164, ok := metropolitan(typed); ok {
			return e164
		}
	}
}

// mobilePhone draws a metropolitan mobile number (06, 07) in E.164.
func mobilePhone(r *rng) string {
	for {
		typed := fmt.Sprintf("0%d %02d %02d %02d %02d", 6+r.IntN(2), 10+r.IntN(80), r.IntN(100), r.IntN(100), r.IntN(100))
		if e164, ok := metropolitan(typed); ok {
			return e164
		}
	}
}

// metropolitan stores a number typed the French way in E.164, as the product
// does, and reports whether it is metropolitan: a few mobile ranges belong to
// overseas départements (06 39, 06 9x…), which a firm of the demo does not have.
func metropolitan(typed string) (string, bool) {
	e164, err := phone.Normalize(typed)
	return e164, err == nil && strings.HasPrefix(e164, "+33")
}

// folder folds French accents for domains and e-mail addresses.
var folder = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u", "ÿ", "y", "œ", "oe", "æ", "ae",
)

// slug lower-cases s, folds its accents and joins its words with sep.
func slug(s, sep string) string {
	s = folder.Replace(strings.ToLower(s))
	var b strings.Builder
	gap := false
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if gap && b.Len() > 0 {
				b.WriteString(sep)
			}
			gap = false
			b.WriteRune(c)
			continue
		}
		gap = true
	}
	return b.String()
}
