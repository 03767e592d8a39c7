package phone

import (
	"fmt"
	"strings"
	"unicode"
)

// maxInputLen bounds what Parse reads: no phone number, even with a long
// extension and generous spacing, is longer, and the bound keeps error
// messages short.
const maxInputLen = 100

// maxExtensionLen is the longest extension accepted; switchboards use 2 to 6.
const maxExtensionLen = 8

// The reasons given to the user. They say what is wrong and show a good form.
const (
	reasonEmpty         = "aucun numéro saisi"
	reasonTooShort      = "trop court : il faut 10 chiffres, par exemple 04 72 00 00 00"
	reasonTooLong       = "trop long : il faut 10 chiffres, par exemple 04 72 00 00 00"
	reasonNoLeadingZero = "un numéro français commence par 0 : il faut 10 chiffres, par exemple 04 72 00 00 00"
	reasonSecondDigit   = "après le 0 initial vient un chiffre de 1 à 9, par exemple 04 72 00 00 00"
	reasonMissingPlus   = "indicatif sans « + » : écrivez +33 4 72 00 00 00 ou 04 72 00 00 00"
	reasonLetters       = "il contient des lettres : seuls les chiffres, les espaces et un poste (« poste 12 ») sont admis"
	reasonExtension     = "poste mal écrit : mettez ses chiffres après le mot, par exemple « poste 12 »"
	reasonPlus          = "le « + » se met une seule fois, devant l'indicatif, par exemple +33 4 72 00 00 00"
	reasonCountry       = "indicatif de pays inconnu : après + ou 00 vient l'indicatif, par exemple +33 pour la France"
	reasonIntlShort     = "trop court pour un numéro international : 8 à 15 chiffres, indicatif compris"
	reasonIntlLong      = "trop long pour un numéro international : 15 chiffres au plus, indicatif compris"
)

// splitExtension cuts the input at its first letter or '#': what comes before
// is the number, what comes after must be an extension marker and its digits.
// Any other letter makes the input invalid.
func splitExtension(input string) (body, ext, reason string) {
	i := strings.IndexFunc(input, func(r rune) bool { return r == '#' || unicode.IsLetter(r) })
	if i < 0 {
		return input, "", ""
	}
	tail := strings.ToLower(input[i:])
	// The words that introduce an extension, longest first so that "poste"
	// is not read as "p" followed by letters.
	for _, m := range [...]string{"extension", "poste", "ext", "p", "x", "#"} {
		rest, ok := strings.CutPrefix(tail, m)
		if !ok {
			continue
		}
		// "p. 12", "ext: 12", "poste #12": punctuation between the word and
		// the digits is noise.
		rest = strings.TrimLeftFunc(rest, func(r rune) bool {
			return isSpace(r) || r == '.' || r == ':' || r == '#'
		})
		if rest == "" || len(rest) > maxExtensionLen || !allDigits(rest) {
			if strings.IndexFunc(rest, unicode.IsLetter) >= 0 {
				return "", "", reasonLetters
			}
			return "", "", reasonExtension
		}
		return input[:i], rest, ""
	}
	return "", "", reasonLetters
}

// cleanDigits drops the separators people type and returns the digits, and
// whether the number was written in international form ("+" or "00").
// A "(0)" after an international prefix is the national trunk prefix that
// must not be dialled from abroad ("+33 (0)4 72…"), so it is removed.
func cleanDigits(body string) (digits string, international bool, reason string) {
	var compact strings.Builder
	plus, seenDigit := false, false
	for _, r := range body {
		switch {
		case isSpace(r) || r == '.' || r == '-' || r == '/':
			// separators
		case r == '+':
			if plus || seenDigit {
				return "", false, reasonPlus
			}
			plus = true
		case r == '(' || r == ')':
			compact.WriteRune(r)
		case r >= '0' && r <= '9':
			seenDigit = true
			compact.WriteRune(r)
		default:
			return "", false, fmt.Sprintf("caractère « %c » non admis", r)
		}
	}
	s := compact.String()
	if !plus {
		s, international = strings.CutPrefix(s, "00")
	}
	if plus || international {
		s = strings.Replace(s, "(0)", "", 1)
	}
	s = strings.NewReplacer("(", "", ")", "").Replace(s)
	return s, plus || international, ""
}

// fromNational reads ten digits in the French closed numbering plan.
func fromNational(d string) (string, string) {
	switch {
	case len(d) == 11 && strings.HasPrefix(d, "33"):
		return "", reasonMissingPlus
	case len(d) > 10:
		return "", reasonTooLong
	case len(d) > 0 && d[0] != '0':
		return "", reasonNoLeadingZero
	case len(d) < 10:
		return "", reasonTooShort
	case d[1] == '0':
		// Only reached when parentheses hid a "00" prefix: "0(0)…".
		return "", reasonSecondDigit
	}
	return frenchE164(d[1:]), ""
}

// fromInternational reads the digits that followed "+" or "00".
func fromInternational(d string) (string, string) {
	if d == "" {
		return "", reasonIntlShort
	}
	if d[0] == '0' {
		return "", reasonCountry // no country code starts with 0
	}
	// The codes whose numbers follow the French plan (9 digits after the
	// code). Country codes are prefix-free, so the order does not matter.
	for _, cc := range [...]string{"33", "262", "590", "594", "596"} {
		if nsn, ok := strings.CutPrefix(d, cc); ok {
			return fromFrenchPlan(cc, nsn)
		}
	}
	switch {
	case len(d) < 8:
		return "", reasonIntlShort
	case len(d) > 15:
		return "", reasonIntlLong
	}
	return "+" + d, ""
}

// fromFrenchPlan checks the national significant number that follows +33 or
// an overseas code: 9 digits, the first not 0. The common mistake of keeping
// the trunk 0 ("+33 04 72…") is forgiven.
func fromFrenchPlan(cc, nsn string) (string, string) {
	if len(nsn) == 10 && nsn[0] == '0' {
		nsn = nsn[1:]
	}
	switch {
	case len(nsn) < 9:
		return "", fmt.Sprintf("trop court : après +%s, il faut 9 chiffres, par exemple +33 4 72 00 00 00", cc)
	case len(nsn) > 9:
		return "", fmt.Sprintf("trop long : après +%s, il faut 9 chiffres, par exemple +33 4 72 00 00 00", cc)
	case nsn[0] == '0':
		return "", fmt.Sprintf("après +%s, le numéro ne commence pas par 0, par exemple +33 4 72 00 00 00", cc)
	}
	if cc == "33" {
		// "+33 6 92…" is a Réunion mobile written with the metropolitan
		// code: give it the code it is dialled with, as for "06 92…".
		return frenchE164(nsn), ""
	}
	return "+" + cc + nsn, ""
}

// isSpace reports separators that are invisible: every Unicode space (which
// includes the no-break and narrow no-break spaces French typography puts in
// numbers) and the zero-width characters that come with copy and paste.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

// allDigits reports whether s is made of ASCII digits only.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
