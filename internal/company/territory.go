package company

import (
	"fmt"
	"slices"
	"strings"
)

// Territory is the list of départements a cell serves; a company established
// in one of them is local.
type Territory struct {
	Name         string
	Departements []string // canonical codes: "01", "2A", "974"
}

// DefaultTerritory returns Auvergne-Rhône-Alpes (region 84), the territory of
// the cell Guichet was built for. It returns a fresh value each call, so a
// caller may change it without changing anyone else's.
func DefaultTerritory() Territory {
	return Territory{
		Name:         "Auvergne-Rhône-Alpes",
		Departements: []string{"01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"},
	}
}

// Contains reports whether the département dep is in the territory. It
// accepts the forms ParseTerritory accepts ("1", " 2a "); blank is false.
func (t Territory) Contains(dep string) bool {
	d := canonicalDepartement(dep)
	return d != "" && slices.Contains(t.Departements, d)
}

// ParseTerritory builds a territory from a name and a list of départements as
// configuration gives it: "01,03,07" (commas, semicolons or spaces separate;
// "1" means "01"; "2a" means "2A"; duplicates are dropped). Every département
// must be valid and the list must not be empty; errors are *IDError values.
func ParseTerritory(name, csv string) (Territory, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Territory{}, &IDError{Field: "territoire", Input: name, Reason: "il faut lui donner un nom"}
	}
	fields := strings.FieldsFunc(csv, func(r rune) bool {
		return r == ',' || r == ';' || isSpace(r)
	})
	t := Territory{Name: name}
	for _, f := range fields {
		d := canonicalDepartement(f)
		if !ValidDepartement(d) {
			return Territory{}, &IDError{Field: "département", Input: f, Reason: unknownDepartement(f)}
		}
		if !slices.Contains(t.Departements, d) {
			t.Departements = append(t.Departements, d)
		}
	}
	if len(t.Departements) == 0 {
		return Territory{}, &IDError{
			Field: "territoire", Input: csv,
			Reason: fmt.Sprintf("« %s » ne liste aucun département ; écrivez par exemple 01,03,07", name),
		}
	}
	return t, nil
}

// ValidDepartement reports whether d is the canonical code of a département:
// 01 to 95 except 20, 2A and 2B for Corsica (since 1976), and 971 to 976
// overseas. It is strict: "1" or "2a" are not canonical.
func ValidDepartement(d string) bool {
	switch len(d) {
	case 2:
		if d == "2A" || d == "2B" {
			return true
		}
		return allDigits(d) && d >= "01" && d <= "95" && d != "20"
	case 3:
		return allDigits(d) && d >= "971" && d <= "976"
	}
	return false
}

// DepartementFromCommune returns the département of an INSEE commune code
// (code officiel géographique, 5 characters): its first 2 characters, or 3
// overseas (97x), and 2A or 2B in Corsica. The postal code is not the commune
// code and must not be used: 69001 is a postal code of Lyon, whose commune
// codes are 69123 and 69381–69389. Errors are *IDError values.
func DepartementFromCommune(code string) (string, error) {
	c := strings.ToUpper(strings.TrimFunc(code, isSpace))
	fail := func(reason string) (string, error) {
		return "", &IDError{Field: "code commune", Input: code, Reason: reason}
	}
	if n := len([]rune(c)); n != 5 {
		return fail(fmt.Sprintf("5 caractères attendus, %d reçus", n))
	}
	if !allDigits(c[2:]) || !(allDigits(c[:2]) || c[:2] == "2A" || c[:2] == "2B") {
		return fail("il faut 5 chiffres, ou 2A ou 2B suivis de 3 chiffres pour la Corse")
	}
	dep := c[:2]
	if dep == "97" || dep == "98" {
		dep = c[:3]
	}
	if !ValidDepartement(dep) {
		return fail(unknownDepartement(dep))
	}
	return dep, nil
}

// canonicalDepartement trims and upper-cases a typed département and pads a
// single digit ("1" is Ain, "01"). It does not validate.
func canonicalDepartement(dep string) string {
	d := strings.ToUpper(strings.TrimFunc(dep, isSpace))
	if len(d) == 1 && allDigits(d) {
		d = "0" + d
	}
	return d
}

// unknownDepartement explains the codes people most often get wrong.
func unknownDepartement(dep string) string {
	switch d := canonicalDepartement(dep); {
	case d == "20":
		return "20 n'est plus un département depuis 1976 : la Corse s'écrit 2A ou 2B"
	case strings.HasPrefix(d, "97") || strings.HasPrefix(d, "98"):
		return fmt.Sprintf("« %s » n'est pas un département d'outre-mer (971 à 976)", shorten(d))
	}
	return fmt.Sprintf("aucun département ne porte le code « %s »", shorten(dep))
}
