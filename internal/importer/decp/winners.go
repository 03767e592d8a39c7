package decp

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// winners reads titulaires in both shapes files use: flat,
// [{"id": …, "typeIdentifiant": …}], and wrapped as schema v2 says,
// [{"titulaire": {…}}]. A malformed entry is a warning and is left out; a
// SIRET failing its check is kept, flagged; other identifiers (TVA…) are kept
// as written. where prefixes the warnings of a modification.
func (rec *Record) winners(v any, where string) []Winner {
	var out []Winner
	for i, item := range list(v) {
		t, ok := unwrap(item, "titulaire")
		if !ok {
			rec.warn("%stitulaire %d mal formé (%s) : ignoré", where, i+1, describe(item))
			continue
		}
		id, kind := text(t["id"]), strings.ToUpper(text(t["typeIdentifiant"]))
		switch {
		case id == "":
			rec.warn("%stitulaire %d sans identifiant : ignoré", where, i+1)
			continue
		case kind == "":
			rec.warn("%stitulaire %d (%s) : typeIdentifiant manquant", where, i+1, id)
		case kind == "SIRET":
			id = rec.siret(id, fmt.Sprintf("%sSIRET du titulaire %d", where, i+1))
		}
		out = append(out, Winner{IDType: kind, ID: id})
	}
	return out
}

// describe shows what a malformed entry holds, for the warning.
func describe(item any) string {
	if m := object(item); m != nil {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			return fmt.Sprintf("« %s » vaut %s", k, shorten(m[k]))
		}
		return "objet vide"
	}
	return kindOf(item)
}

// modifications reads the amendments: wrapped {"modification": {…}} or flat.
func (rec *Record) modifications(v any) {
	for i, item := range list(v) {
		m, ok := unwrap(item, "modification")
		if !ok {
			rec.warn("modification %d mal formée (%s) : ignorée", i+1, describe(item))
			continue
		}
		where := fmt.Sprintf("modification %d : ", i+1)
		mod := Modification{ID: text(m["id"])}
		if d := m["dateNotificationModification"]; d != nil {
			mod.NotifiedAt = rec.date(d, where+"dateNotificationModification")
		}
		mod.DurationMonths = rec.months(m["dureeMois"], where+"dureeMois")
		mod.AmountCents = rec.amount(m["montant"], where)
		mod.Winners = rec.winners(m["titulaires"], where)
		rec.Modifications = append(rec.Modifications, mod)
	}
}

// publication checks datePublicationDonnees: data cannot be published before
// the contract was notified.
func (rec *Record) publication(v any) {
	if v == nil {
		return
	}
	pub := rec.date(v, "datePublicationDonnees")
	if !pub.IsZero() && !rec.NotifiedAt.IsZero() && pub.Before(rec.NotifiedAt) {
		rec.warn("datePublicationDonnees (%s) antérieure à la notification (%s)", pub.Format("02/01/2006"), rec.NotifiedAt.Format("02/01/2006"))
	}
}

// booleans checks fields the schema types as true/false: "non" is a warning.
func (rec *Record) booleans(m map[string]any, fields ...string) {
	for _, f := range fields {
		if v, ok := m[f]; ok && v != nil {
			if _, isBool := v.(bool); !isBool {
				rec.warn("%s : « %s » au lieu de true ou false", f, shorten(v))
			}
		}
	}
}
