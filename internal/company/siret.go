package company

import (
	"fmt"
	"strings"
	"unicode"
)

// La Poste numbers its establishments with a rule of its own (see ValidSIRET).
const (
	laPosteSIREN      = "356000000"
	laPosteHeadOffice = "35600000000048" // the siège keeps the Luhn key
)

// ValidSIREN reports whether s is a SIREN: 9 ASCII digits whose Luhn key is
// right. It does not say that the company exists.
func ValidSIREN(s string) bool {
	return len(s) == 9 && allDigits(s) && luhn(s)
}

// ValidSIRET reports whether s is a SIRET: 14 ASCII digits, the first 9 a
// valid SIREN, and the whole number passing the Luhn check. La Poste has too
// many establishments for Luhn keys, so INSEE makes an exception: under SIREN
// 356000000 an establishment is valid when the sum of its 14 digits is a
// multiple of 5. The head office, 356 000 000 00048, is the exception to the
// exception: it keeps its Luhn key (its digits sum to 26).
func ValidSIRET(s string) bool {
	if len(s) != 14 || !allDigits(s) || !luhn(s[:9]) {
		return false
	}
	if s[:9] == laPosteSIREN && s != laPosteHeadOffice {
		return digitSum(s)%5 == 0
	}
	return luhn(s)
}

// NormalizeSIRET removes the separators people type ("443 061 841 00047",
// "443.061.841-00047", no-break spaces) and checks the result with
// ValidSIRET. It returns the 14 digits or an *IDError.
func NormalizeSIRET(s string) (string, error) {
	return normalizeID("SIRET", s, 14, ValidSIRET)
}

// NormalizeSIREN removes the separators people type ("443 061 841") and
// checks the result with ValidSIREN. It returns the 9 digits or an *IDError.
func NormalizeSIREN(s string) (string, error) {
	return normalizeID("SIREN", s, 9, ValidSIREN)
}

// SIRENOf returns the SIREN part of a SIRET (its first 9 characters), or ""
// when siret is shorter than that. It does not validate.
func SIRENOf(siret string) string {
	if len(siret) < 9 {
		return ""
	}
	return siret[:9]
}

// normalizeID strips separators and checks length, digits and key, in the
// order that gives the user the most useful message first.
func normalizeID(field, input string, want int, valid func(string) bool) (string, error) {
	fail := func(reason string) (string, error) {
		return "", &IDError{Field: field, Input: input, Reason: reason}
	}
	digits := stripSeparators(input)
	switch {
	case digits == "":
		return fail("aucun numéro saisi")
	case !allDigits(digits):
		return fail("seuls des chiffres sont attendus (« " + shorten(strings.TrimSpace(input)) + " »)")
	case len(digits) != want:
		return fail(lengthReason(field, want, len(digits)))
	case !valid(digits):
		return fail("la clé de contrôle ne correspond pas (" + groupDigits(digits) + ")")
	}
	return digits, nil
}

// lengthReason says how many digits were expected and, for the classic
// mix-up between SIREN and SIRET, which one was probably typed.
func lengthReason(field string, want, got int) string {
	reason := fmt.Sprintf("%d chiffres attendus, %d reçus", want, got)
	switch {
	case field == "SIRET" && got == 9:
		reason += " : c'est sans doute un SIREN, le SIRET y ajoute les 5 chiffres de l'établissement"
	case field == "SIREN" && got == 14:
		reason += " : c'est sans doute un SIRET, le SIREN en est les 9 premiers chiffres"
	}
	return reason
}

// stripSeparators removes spaces of every kind (the no-break and narrow
// no-break spaces of French typography included), dots and dashes.
func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if isSpace(r) || r == '.' || r == '-' {
			return -1
		}
		return r
	}, s)
}

// groupDigits writes an identifier the way INSEE prints it: groups of three
// for the SIREN, then the 5-digit NIC ("443 061 841 00047").
func groupDigits(d string) string {
	var b strings.Builder
	for i := 0; i < len(d) && i < 9; i += 3 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(d[i:min(i+3, len(d))])
	}
	if len(d) > 9 {
		b.WriteString(" " + d[9:])
	}
	return b.String()
}

// shorten keeps error messages readable when someone pastes a paragraph.
func shorten(s string) string {
	const maxRunes = 30
	if r := []rune(s); len(r) > maxRunes {
		return string(r[:maxRunes]) + "…"
	}
	return s
}

// luhn reports whether the digits of s pass the Luhn check: from the right,
// every second digit is doubled (minus 9 when over 9), and the sum of all is a
// multiple of 10. s must be ASCII digits.
func luhn(s string) bool {
	sum := 0
	for i := 0; i < len(s); i++ {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// digitSum adds the digits of s, which must be ASCII digits.
func digitSum(s string) int {
	sum := 0
	for i := 0; i < len(s); i++ {
		sum += int(s[i] - '0')
	}
	return sum
}

// allDigits reports whether s is made of ASCII digits only; unicode.IsDigit
// would let Arabic-Indic or full-width digits through.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isSpace reports invisible separators: Unicode spaces and the zero-width
// characters that copy and paste bring along.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}
