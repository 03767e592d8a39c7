package company

import (
	"net/mail"
	"strings"
)

// maxEmailLen is the longest address SMTP can carry (RFC 5321, 4.5.3.1.3).
const maxEmailLen = 254

// NormalizeEmail checks that s is one bare e-mail address ("nom@domaine.fr":
// no display name, no angle brackets, no list) whose domain has a dot, and
// returns it trimmed with the domain lower-cased. The local part keeps its
// case: RFC 5321 lets the receiving server tell "Jean" from "jean". Errors
// are *IDError values.
func NormalizeEmail(s string) (string, error) {
	in := strings.TrimFunc(s, isSpace)
	fail := func(reason string) (string, error) {
		return "", &IDError{Field: "adresse e-mail", Input: s, Reason: reason}
	}
	switch {
	case in == "":
		return fail("aucune adresse saisie")
	case len(in) > maxEmailLen:
		return fail("trop longue : 254 caractères au plus")
	case !strings.Contains(in, "@"):
		return fail("il manque le « @ », par exemple nom@domaine.fr")
	case strings.ContainsAny(in, ",;"):
		return fail("une seule adresse à la fois")
	case strings.ContainsAny(in, "<>"):
		return fail("donnez l'adresse seule, sans nom ni chevrons, par exemple nom@domaine.fr")
	case strings.ContainsAny(in, "[]"):
		// Address literals ("jean@[192.0.2.1]") are valid RFC 5322 but no
		// company writes from one.
		return fail("forme attendue : nom@domaine.fr")
	}
	addr, err := mail.ParseAddress(in)
	if err != nil || addr.Name != "" || addr.Address != in {
		// A quoted local part or a comment also lands here: legal in
		// RFC 5322, but never what someone means in a help-desk form.
		return fail("forme attendue : nom@domaine.fr")
	}
	at := strings.LastIndexByte(in, '@')
	local, domain := in[:at], in[at+1:]
	if !validDomain(domain) {
		return fail("le domaine « " + shorten(domain) + " » doit contenir un point, par exemple domaine.fr")
	}
	return local + "@" + strings.ToLower(domain), nil
}

// validDomain wants a host name with at least one dot and no empty label.
func validDomain(d string) bool {
	if !strings.Contains(d, ".") {
		return false
	}
	for label := range strings.SplitSeq(d, ".") {
		if label == "" {
			return false
		}
	}
	return true
}
