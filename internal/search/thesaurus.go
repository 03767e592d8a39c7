package search

import (
	"slices"
	"strings"
)

// Concept is one entry of the acronym thesaurus: its key (the acronym, folded:
// "dce", "dc4") and the phrases that name the same thing.
type Concept struct {
	Key     string
	Phrases []string
}

// Thesaurus makes a procurement acronym and its expansions meet: a text that
// names the concept either way gets the concept's key among its terms, and so
// does a query.
type Thesaurus struct {
	keys     map[string]bool
	phrases  map[string][][]string // first stem → phrases as stem sequences, each ending with its key
	synonyms map[string][]string   // a company's word (stemmed) → the cell's words (stemmed)
}

// NewThesaurus builds a thesaurus; phrases are analysed like any text (so "acte
// d'engagement" becomes [act engag]). Entries with the same key are merged.
func NewThesaurus(concepts []Concept) *Thesaurus {
	th := &Thesaurus{keys: map[string]bool{}, phrases: map[string][][]string{}}
	for _, c := range concepts {
		key := Fold(strings.TrimSpace(c.Key))
		if key == "" || strings.ContainsFunc(key, func(r rune) bool { return !isAlnum(r) }) {
			continue
		}
		th.keys[key] = true
	}
	plain := &Analyzer{th: &Thesaurus{keys: th.keys}}
	th.synonyms = map[string][]string{}
	for _, syn := range DefaultSynonyms() {
		words := plain.Terms(syn.Words)
		for _, w := range words {
			for _, t := range plain.Terms(syn.Means) {
				if !slices.Contains(th.synonyms[w], t) && t != w {
					th.synonyms[w] = append(th.synonyms[w], t)
				}
			}
		}
	}
	for _, c := range concepts {
		key := Fold(strings.TrimSpace(c.Key))
		if !th.keys[key] {
			continue
		}
		for _, p := range c.Phrases {
			stems := plain.Terms(p)
			if len(stems) < 1 || (len(stems) == 1 && stems[0] == key) {
				continue
			}
			seq := append(slices.Clone(stems), key)
			if !slices.ContainsFunc(th.phrases[stems[0]], func(s []string) bool { return slices.Equal(s, seq) }) {
				th.phrases[stems[0]] = append(th.phrases[stems[0]], seq)
			}
		}
	}
	return th
}

func isAlnum(r rune) bool { return ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') }

// isKey reports whether the folded word is an acronym of the thesaurus.
func (th *Thesaurus) isKey(w string) bool { return th.keys[w] }

// Keys lists the thesaurus' acronyms, sorted.
func (th *Thesaurus) Keys() []string {
	out := make([]string, 0, len(th.keys))
	for k := range th.keys {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// concepts returns the key of every phrase found in the stem sequence, once per
// occurrence.
func (th *Thesaurus) concepts(stems []string) []string {
	var out []string
	for i, s := range stems {
		for _, seq := range th.phrases[s] {
			n := len(seq) - 1
			if i+n <= len(stems) && slices.Equal(stems[i:i+n], seq[:n]) {
				out = append(out, seq[n])
			}
		}
	}
	return out
}

// phraseStems returns the stems of every phrase of key, for highlighting the
// expansion when a query names the acronym.
func (th *Thesaurus) phraseStems(key string) []string {
	var out []string
	for _, list := range th.phrases {
		for _, seq := range list {
			if seq[len(seq)-1] == key {
				out = append(out, seq[:len(seq)-1]...)
			}
		}
	}
	return out
}

// DefaultThesaurus is the procurement vocabulary of DOMAIN.md: the acronyms
// companies use and the words they use instead. The knowledge base's glossary
// adds its expansions to it (see MergeGlossary).
func DefaultThesaurus() *Thesaurus { return NewThesaurus(DefaultConcepts()) }

// DefaultConcepts lists the built-in thesaurus entries.
func DefaultConcepts() []Concept {
	return []Concept{
		{"dce", []string{"dossier de consultation des entreprises", "dossier de consultation", "documents de la consultation", "pièces du marché"}},
		{"rc", []string{"règlement de la consultation", "règlement de consultation"}},
		{"ccap", []string{"cahier des clauses administratives particulières"}},
		{"cctp", []string{"cahier des clauses techniques particulières"}},
		{"ccag", []string{"cahier des clauses administratives générales"}},
		{"ae", []string{"acte d'engagement", "attri1"}},
		{"dc1", []string{"lettre de candidature"}},
		{"dc2", []string{"déclaration du candidat", "declaration du candidat individuel"}},
		{"dc4", []string{"sous-traitance", "sous-traitant", "sous-traitants", "sous traitance", "sous traitant", "déclaration de sous-traitance"}},
		{"dume", []string{"document unique de marché européen", "document unique européen"}},
		{"dlro", []string{"date limite de remise des offres", "date limite de dépôt", "date limite de réception des offres", "date limite"}},
		{"bpu", []string{"bordereau des prix unitaires", "bordereau de prix"}},
		{"dpgf", []string{"décomposition du prix global et forfaitaire", "décomposition du prix global"}},
		{"dqe", []string{"détail quantitatif estimatif"}},
		{"mapa", []string{"marché à procédure adaptée", "procédure adaptée"}},
		{"ao", []string{"appel d'offres", "appels d'offres", "appel d'offre"}},
		{"siret", []string{"numéro siret"}},
		{"cpv", []string{"vocabulaire commun pour les marchés publics", "code cpv"}},
		{"boamp", []string{"bulletin officiel des annonces des marchés publics"}},
		{"joue", []string{"journal officiel de l'union européenne"}},
		{"pme", []string{"petites et moyennes entreprises", "petite et moyenne entreprise"}},
		{"tpe", []string{"très petite entreprise", "très petites entreprises"}},
		{"dgp", []string{"délai global de paiement", "délai de paiement", "délais de paiement"}},
		{"oab", []string{"offre anormalement basse", "offres anormalement basses"}},
		{"ccp", []string{"code de la commande publique"}},
	}
}

// MergeGlossary returns the default concepts with, for each glossary acronym,
// its expansion added as a phrase (a new acronym becomes a new concept).
func MergeGlossary(base []Concept, glossary map[string]string) []Concept {
	out := slices.Clone(base)
	index := map[string]int{}
	for i, c := range out {
		index[c.Key] = i
	}
	keys := make([]string, 0, len(glossary))
	for k := range glossary {
		keys = append(keys, k)
	}
	slices.Sort(keys) // a stable thesaurus whatever the map order
	for _, acronym := range keys {
		key := Fold(acronym)
		exp := glossary[acronym]
		if i, ok := index[key]; ok {
			out[i].Phrases = append(slices.Clone(out[i].Phrases), exp)
			continue
		}
		index[key] = len(out)
		out = append(out, Concept{Key: key, Phrases: []string{exp}})
	}
	return out
}

// Synonym says that a company writing one of Words (a space-separated list)
// means the cell's words Means.
type Synonym struct {
	Words string
	Means string
}

// DefaultSynonyms are the everyday words companies use for the procurement
// terms the knowledge base is written with. They widen a query only (a document
// keeps its own words), so that "j'ai perdu" finds the articles on rejection.
func DefaultSynonyms() []Synonym {
	return []Synonym{
		{"perdu perdre perdus", "rejet retenu"},
		{"gagné gagner gagnée remporté remporter", "attributaire attribution titulaire"},
		{"boîte boite société sarl sas eurl", "entreprise"},
		{"papiers paperasse", "documents pièces"},
		{"contester contestation attaquer", "recours"},
		{"payé payée payer réglé régler facture factures", "paiement"},
		{"signé signer", "signature"},
		{"candidater postuler", "candidature"},
		{"plateforme site", "profil acheteur dématérialisation"},
		{"déposer envoyer envoi", "dépôt remise"},
		{"mairie commune département région collectivité", "acheteur"},
		{"sous-traiter", "sous-traitance"},
		{"annulé annulée abandonné", "sans suite"},
		{"prix", "offre"},
		{"cotraitant cotraitants associé associer", "groupement"},
	}
}

// expand returns the synonyms' terms of the query's terms.
func (th *Thesaurus) expand(terms []string) []string {
	var out []string
	for _, t := range terms {
		out = append(out, th.synonyms[t]...)
	}
	return out
}
