package boamp

import (
	"encoding/json"
	"fmt"
	"github.com/guichet/guichet/internal/importer/jsonstream"
	"strings"

	"github.com/guichet/guichet/internal/tender"
)

// parseRecord reads one element of the records array. The columns of the
// record come first; the body (donnees) fills what they leave empty and adds
// what only it has: CPV codes, lots, amounts, the buyer's contacts.
func parseRecord(index int, v any) (Record, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return Record{}, &RecordError{Index: index, Reason: "l'avis n'est pas un objet JSON mais " + kindOf(v)}
	}
	id := text(m["idweb"])
	if id == "" {
		return Record{}, &RecordError{Index: index, ID: text(m["id"]), Reason: "idweb manquant : l'avis ne peut pas être identifié"}
	}
	rec := Record{Index: index, IDWeb: id, Nature: strings.ToUpper(text(m["nature"]))}
	d := rec.body(m["donnees"])
	cols := details{
		object: text(m["objet"]), published: text(m["dateparution"]), deadline: text(m["datelimitereponse"]),
		procedure: text(m["procedure_libelle"]), departements: texts(m["code_departement"]),
		descriptors: texts(m["descripteur_libelle"]), buyer: buyerText{name: text(m["nomacheteur"])},
	}
	for _, t := range texts(m["type_marche"]) {
		if _, ok := tender.ParseContractType(t); ok && cols.contract == "" {
			cols.contract = t
		}
	}
	for _, name := range texts(m["titulaire"]) {
		cols.winners = append(cols.winners, winnerText{name: name})
	}
	rec.fill(merge(cols, d), text(m["etat"]))
	rec.Consultation.NoticeURL = text(m["url_avis"])
	rec.link(append(texts(m["annonce_lie"]), texts(m["annonces_anterieures"])...))
	return rec, nil
}

// link points an award or a cancellation at the consultation it concludes: BOAMP
// gives such a notice its own idweb and names the initial notice in annonce_lie,
// so the initial notice's consultation is the one marked awarded or cancelled.
func (rec *Record) link(linked []string) {
	rec.Linked = linked
	c := &rec.Consultation
	if len(linked) == 0 || (c.Status != tender.Awarded && c.Status != tender.Cancelled) {
		return
	}
	c.Reference = linked[0]
}

// body decodes donnees, a JSON document stored as a string (or, in some
// exports, already an object). A body that is not JSON is a warning: the
// columns still describe the notice.
func (rec *Record) body(v any) details {
	switch b := v.(type) {
	case nil:
		return details{}
	case map[string]any:
		return readBody(b)
	case string:
		if strings.TrimSpace(b) == "" {
			return details{}
		}
		dec := json.NewDecoder(strings.NewReader(b))
		dec.UseNumber()
		var body map[string]any
		if err := dec.Decode(&body); err != nil {
			rec.warn("donnees n'est pas un document JSON lisible (%s) : CPV, lots et montants inconnus", jsonstream.FrenchMessage(err.Error()))
			return details{}
		}
		return readBody(body)
	}
	rec.warn("donnees n'est ni un document JSON ni un objet : CPV, lots et montants inconnus")
	return details{}
}

// merge keeps the columns and fills their gaps from the body.
func merge(cols, body details) details {
	pick := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	body.object = pick(cols.object, body.object)
	body.published = pick(cols.published, body.published)
	body.deadline = pick(cols.deadline, body.deadline)
	body.procedure = pick(cols.procedure, body.procedure)
	body.contract = pick(cols.contract, body.contract)
	body.buyer.name = pick(cols.buyer.name, body.buyer.name)
	body.departements, body.descriptors = cols.departements, cols.descriptors
	if len(cols.winners) > 0 {
		sirets := body.winners
		body.winners = cols.winners
		if len(sirets) > 0 && body.winners[0].siret == "" {
			body.winners[0].siret = sirets[0].siret
		}
	}
	return body
}

func (rec *Record) warn(format string, args ...any) {
	rec.Warnings = append(rec.Warnings, fmt.Sprintf(format, args...))
}

// kindOf names a JSON value for a French message.
func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "un tableau"
	case string:
		return "une chaîne"
	case json.Number:
		return "un nombre"
	case bool:
		return "un booléen"
	}
	return "une valeur inconnue"
}
