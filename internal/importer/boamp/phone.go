package boamp

import "strings"

// frenchPhone writes a phone number as notices print it — "05-46-98-24-64",
// "(+33) 1-44-59-44-00", "+33 466599003", "0033 1 44 59 44 00" — in E.164,
// "+33546982464". Numbers of other countries must carry their "+" prefix.
// It is deliberately small: the phone package of the product does the full
// job for numbers people type; notices print a handful of shapes.
func frenchPhone(s string) (string, bool) {
	d := strings.ReplaceAll(s, "(0)", "")
	d = strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9', r == '+':
			return r
		case strings.ContainsRune(" .-()/\u00a0\u202f\t", r):
			return -1
		}
		return 'x'
	}, d)
	switch {
	case strings.ContainsRune(d, 'x') || strings.LastIndex(d, "+") > 0:
		return "", false
	case strings.HasPrefix(d, "0033"):
		d = "+33" + d[4:]
	case len(d) == 10 && d[0] == '0' && d[1] != '0':
		d = "+33" + d[1:]
	}
	switch {
	case strings.HasPrefix(d, "+33"):
		return d, len(d) == 12 && d[3] != '0'
	case strings.HasPrefix(d, "+"):
		return d, len(d) >= 9 && len(d) <= 16 && d[1] != '0'
	}
	return "", false
}
