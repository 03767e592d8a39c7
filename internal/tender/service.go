package tender

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// ServiceTable sends a consultation to the thematic purchasing service that
// runs it, by the division of its main CPV code. It is configuration, not a
// legal fact: a buyer sets its own with ParseServiceTable.
type ServiceTable struct {
	Divisions map[string]string // CPV division ("45") → service (team) id
	Default   string            // the service for every other division
}

// DefaultServiceTable returns the routing of the region the product was built
// for (DOMAIN.md): works and engineering to "travaux"; IT, software, office
// and telecom equipment, business services and training to
// "prestations_intellectuelles"; vehicles and transport to "mobilite";
// everything else to "fournitures_services". The ids are those of
// ticket.DefaultTeams. Each call returns a fresh map the caller may change.
func DefaultServiceTable() ServiceTable {
	return ServiceTable{
		Divisions: map[string]string{
			"45": "travaux", "71": "travaux",
			"72": "prestations_intellectuelles", "48": "prestations_intellectuelles",
			"30": "prestations_intellectuelles", "32": "prestations_intellectuelles",
			"79": "prestations_intellectuelles", "80": "prestations_intellectuelles",
			"34": "mobilite", "60": "mobilite",
		},
		Default: "fournitures_services",
	}
}

// ServiceFor returns the service of a CPV code ("45112500-0", "45112500" or
// just "45"), or Default when the division is not in the table or the code
// has no division.
func (t ServiceTable) ServiceFor(cpv string) string {
	if s, ok := t.Divisions[Division(cpv)]; ok {
		return s
	}
	return t.Default
}

// String writes the table in the form ParseServiceTable reads, services in
// alphabetical order and the default last, so that a configuration round-trips.
func (t ServiceTable) String() string {
	byService := map[string][]string{}
	for div, svc := range t.Divisions {
		byService[svc] = append(byService[svc], div)
	}
	var parts []string
	for _, svc := range slices.Sorted(maps.Keys(byService)) {
		divs := byService[svc]
		slices.Sort(divs)
		parts = append(parts, strings.Join(divs, ",")+"="+svc)
	}
	return strings.Join(append(parts, "*="+t.Default), ";")
}

// ParseServiceTable reads a table from configuration:
//
//	45,71=travaux;72,48=prestations_intellectuelles;*=fournitures_services
//
// Rules are separated by ";" (or new lines), divisions by ",", spaces are
// ignored; "*" names the default service, which is required. A division is
// 2 digits and may appear once. Errors are *InputError values in French.
func ParseServiceTable(s string) (ServiceTable, error) {
	t := ServiceTable{Divisions: map[string]string{}}
	rules := strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' })
	for _, rule := range rules {
		if strings.TrimSpace(rule) == "" {
			continue
		}
		if err := t.addRule(rule); err != nil {
			return ServiceTable{}, err
		}
	}
	if t.Default == "" {
		return ServiceTable{}, tableError(s, "il manque le service par défaut : ajoutez par exemple « *=fournitures_services »")
	}
	return t, nil
}

// addRule reads one "45,71=travaux" rule into the table.
func (t *ServiceTable) addRule(rule string) error {
	left, service, ok := strings.Cut(rule, "=")
	service = strings.TrimSpace(service)
	switch {
	case !ok:
		return tableError(rule, fmt.Sprintf("« %s » n'a pas de « = » : écrivez divisions=service, par exemple 45,71=travaux", shorten(strings.TrimSpace(rule))))
	case !validServiceID(service):
		return tableError(rule, fmt.Sprintf("« %s » n'est pas un identifiant de service (lettres minuscules, chiffres, _ ou -)", shorten(service)))
	}
	for _, div := range strings.Split(left, ",") {
		if err := t.addDivision(strings.TrimSpace(div), service, rule); err != nil {
			return err
		}
	}
	return nil
}

// addDivision maps one division (or "*", the default) to a service.
func (t *ServiceTable) addDivision(div, service, rule string) error {
	switch {
	case div == "*":
		if t.Default != "" {
			return tableError(rule, "le service par défaut (*) est donné deux fois")
		}
		t.Default = service
	case len(div) != 2 || !allDigits(div):
		return tableError(rule, fmt.Sprintf("« %s » n'est pas une division CPV : 2 chiffres attendus, comme 45", shorten(div)))
	default:
		if prev, dup := t.Divisions[div]; dup {
			return tableError(rule, fmt.Sprintf("la division %s est déjà envoyée à « %s »", div, prev))
		}
		t.Divisions[div] = service
	}
	return nil
}

// validServiceID accepts the ids teams use: "travaux", "prestations_intellectuelles".
func validServiceID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func tableError(input, reason string) error {
	return &InputError{Field: "table des services", Input: input, Reason: reason}
}
