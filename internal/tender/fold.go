package tender

import "strings"

// folder lower-cases and removes the French accents and ligatures, so that
// "Région Auvergne-Rhône-Alpes" and "region auvergne-rhone-alpes" compare equal.
var folder = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "á", "a", "ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "í", "i", "ô", "o", "ö", "o", "ó", "o", "ù", "u", "û", "u", "ü", "u", "ú", "u",
	"ÿ", "y", "ñ", "n", "œ", "oe", "æ", "ae", "’", "'",
)

// Fold returns s lower-cased, without accents, with runs of spaces made one.
func Fold(s string) string {
	return strings.Join(strings.Fields(folder.Replace(strings.ToLower(s))), " ")
}

// SearchKey is what the consultation picker matches typed words against: the
// reference, the object, the buyer and the CPV codes, folded.
func (c *Consultation) SearchKey() string {
	return Fold(c.Reference + " " + c.Object + " " + c.BuyerName + " " + strings.Join(c.CPV, " "))
}
