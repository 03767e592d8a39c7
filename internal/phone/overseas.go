package phone

// The overseas départements share the French ten-digit plan: from metropolitan
// France one dials 0262 12 34 56 to reach La Réunion. E.164 gives them their
// own country codes, and the national number is kept whole after the code:
// 0262 12 34 56 is +262 262 12 34 56, 0692 12 34 56 is +262 692 12 34 56.

// overseasCode maps the first three digits of a national significant number
// (the national number without its leading 0) to the country code of the
// overseas département it belongs to; absent prefixes are metropolitan (+33).
func overseasCode(prefix string) string {
	switch prefix {
	case "262", "692", "693": // La Réunion, fixed and mobile
		return "262"
	case "269", "639": // Mayotte, fixed and mobile, shares +262
		return "262"
	case "590", "690", "691": // Guadeloupe, Saint-Martin, Saint-Barthélemy
		return "590"
	case "594", "694": // Guyane
		return "594"
	case "596", "696", "697": // Martinique
		return "596"
	}
	return ""
}

// frenchE164 returns the E.164 form of a 9-digit national significant number.
func frenchE164(nsn string) string {
	if cc := overseasCode(nsn[:3]); cc != "" {
		return "+" + cc + nsn
	}
	return "+33" + nsn
}
