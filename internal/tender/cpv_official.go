package tender

// officialShift lists the subtrees of the CPV 2008 list whose published check
// digits do not follow the 3-7-1 rule, with the amount to add to the weighted
// sum to find the published digit. A key is a prefix of the 8-digit code; the
// longest matching prefix wins, so "09" shifts the whole division and
// "09000000" puts its root back on the rule.
//
// Why a table: the Publications Office acknowledged the errors of the 2008
// revision and will not fix them (OP-TED/ePO discussion 589, 2024), and
// tenders carry the published digits, so a validator that only knows the rule
// flags real codes such as 09310000-5 (electricity) or 72212000-4's children.
//
// How it was built: the 9,456 codes of the list (testdata/cpv2008.txt, from
// ProzorroUKR/standards classifiers/cpv_en.json, a copy of regulation (EC)
// 213/2008) were checked against the rule; 532 differ, and the smallest set
// of prefixes reproducing every published digit is these 56 entries.
// TestCheckDigitOfficialList keeps them honest.
var officialShift = map[string]int{
	"03300000": 8, "0331": 8, "0332": 8, "034": 9,
	"09": 6, "09000000": 0,
	"31711154": 3, "31711155": 3,
	"33141113": 9,
	"34211100": 9, "34211200": 8, "34211300": 7, "34421000": 3, "34422000": 6,
	"35113110": 7, "35125300": 3, "35331300": 7, "35642000": 1,
	"37442100": 9, "37442200": 8, "37442300": 7, "37442400": 6, "37442500": 5,
	"37442600": 4, "37442700": 3, "37442800": 2, "37442900": 1,
	"38941000": 4, "38942000": 7, "38944000": 3, "38945000": 6, "38946000": 9, "38947000": 2,
	"421":      3,
	"45233139": 1,
	"48628000": 3,
	"51000000": 7,
	"65122000": 6, "65123000": 2,
	"71351920": 4, "71351921": 7, "71351923": 3, "71351924": 6,
	"72212": 5, "72212000": 0, "72267100": 5, "72267200": 5, "72330000": 5,
	"724": 5, "726": 5, "727": 5, "728": 5, "729": 5,
	"79342410": 4,
	"85210000": 9,
	"92225100": 2,
}

// officialOffset returns what to add to the weighted sum of an 8-digit code
// for its published check digit: 0 outside the subtrees of officialShift.
func officialOffset(code string) int {
	for n := len(code); n > 0; n-- {
		if shift, ok := officialShift[code[:n]]; ok {
			return shift
		}
	}
	return 0
}
