package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// The trigram indexes of SQLite (FTS5 tokenize='trigram', migrations 0011 and
// 0013) find the rows holding a word anywhere in a text column. PostgreSQL needs
// none of this: its pg_trgm GIN indexes serve the LIKE '%word%' terms of the
// queries themselves, and its planner chooses between them and the B-trees.

// trigramIndex names a SQLite trigram table and the column it indexes.
// intersect: when every word is frequent, look them up together (see
// trigramCandidates). folded: the table folds case and diacritics
// (remove_diacritics, 0024) and is looked up with MATCH on the words' trigrams,
// since LIKE would read the whole table there; the words are folded (fold).
type trigramIndex struct {
	table, column     string
	intersect, folded bool
}

// The trigram tables. The consultations do not intersect frequent words: their
// objects are made of few words, so two frequent words are usually frequent
// together, and the intersection (each candidate row checked, and the rows are
// wide) cost 6–7 ms more of CPU than it saved for "rénovation lycée" at
// 100,000 consultations; the ordered scan finds such a page at once. Names are
// short rows, and "dupont maçonnerie" is rare where both words are frequent.
var (
	consultationsTrigram = trigramIndex{"consultations_trigram", "search_key", false, false}
	companiesTrigram     = trigramIndex{"companies_trigram", "name", true, true}
	contactsTrigram      = trigramIndex{"contacts_trigram", "name", true, true}
)

// maxTrigramCandidates bounds the first step of a SQLite search: when the
// trigram index finds at most this many rows for the typed words, those rows are
// fetched and ordered (a few milliseconds); beyond, the words are frequent and the
// ordered scan of an index finds its page of matches at once.
const maxTrigramCandidates = 1000

// enoughCandidates ends the trigram lookups of a search: fetching and ordering
// that many rows costs less than looking up another word.
const enoughCandidates = 200

// trigramCandidates returns the ids of the rows whose column holds the rarest
// typed word, with few=true, when that word is held by at most
// maxTrigramCandidates rows; the caller's LIKE filters then check every word on
// those rows only. Each word of three characters or more is looked up alone
// first (the trigram index cannot serve shorter ones, and looking several words up
// together checks every row holding all their trigrams); a frequent word stops at
// the bound, so a lookup costs little either way. When every word is frequent,
// an index with intersect set looks them up together. few=false when no word is
// rare enough, or none can use the index.
func (s *Store) trigramCandidates(ctx context.Context, ix trigramIndex, words []string) (ids []int64, few bool, err error) {
	// Longest first: a long word is usually a rare one, and a small enough set
	// ends the lookups.
	words = slices.DeleteFunc(slices.Clone(words), func(w string) bool {
		return utf8.RuneCountInString(w) < 3 || strings.ContainsAny(w, `%_\`) || ix.folded && foldsLigature(w)
	})
	slices.SortStableFunc(words, func(a, b string) int { return len(b) - len(a) })
	for _, word := range words {
		if few && len(ids) <= enoughCandidates {
			break
		}
		got, err := s.trigramLookup(ctx, ix, word)
		if err != nil {
			return nil, false, err
		}
		if len(got) <= maxTrigramCandidates && (!few || len(got) < len(ids)) {
			ids, few = got, true
		}
	}
	if few || len(words) < 2 || !ix.intersect {
		return ids, few, nil
	}
	// Every word is frequent, but together they may be rare ("dupont
	// maçonnerie"), and then the ordered scan that follows would read the whole
	// table for a few matches. The index intersects the words' trigrams and
	// checks the rows it finds; it stops at the bound when they are frequent
	// together too, and the ordered scan finds its page at once.
	got, err := s.trigramLookup(ctx, ix, words...)
	if err != nil || len(got) > maxTrigramCandidates {
		return nil, false, err
	}
	return got, true, nil
}

// foldsLigature: a folded word may come from œ or æ, which the trigram tables
// keep as they are (remove_diacritics does not spell them out), so that its
// trigrams may be missing from them: such a word is left to the LIKE terms.
func foldsLigature(w string) bool { return strings.Contains(w, "oe") || strings.Contains(w, "ae") }

// trigramLookup lists up to maxTrigramCandidates+1 rows holding every word.
func (s *Store) trigramLookup(ctx context.Context, ix trigramIndex, words ...string) ([]int64, error) {
	conds, args := make([]string, len(words)), make([]any, len(words))
	for i, w := range words {
		conds[i], args[i] = ix.column+" LIKE ?", "%"+w+"%"
	}
	if ix.folded {
		conds, args = []string{ix.table + " MATCH ?"}, []any{trigramQuery(words)}
	}
	rows, err := s.reader().query(ctx, fmt.Sprintf("SELECT rowid FROM %s WHERE %s LIMIT %d",
		ix.table, strings.Join(conds, " AND "), maxTrigramCandidates+1), args...)
	if err != nil {
		return nil, fmt.Errorf("store: trigram lookup in %s: %w", ix.table, err)
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// trigramQuery is the FTS5 query of the rows holding every trigram of every word
// ("ecole" → "eco" "col" "ole"): each trigram is a term, which a table with
// detail='none' can look up (a phrase it cannot). It finds the rows holding the
// words and a few more (trigrams apart); the LIKE terms then check the words.
func trigramQuery(words []string) string {
	var terms []string
	for _, w := range words {
		r := []rune(w)
		for i := 0; i+3 <= len(r); i++ {
			terms = append(terms, `"`+strings.ReplaceAll(string(r[i:i+3]), `"`, `""`)+`"`)
		}
	}
	return strings.Join(terms, " ")
}

// addTrigramCandidates restricts w to the rows of the rarest typed word on
// SQLite (idColumn IN the candidates), when one is rare enough; elsewhere, and
// when every word is frequent, w is left to its LIKE terms. The LIKE terms for
// every word must be in w too: the candidates only narrow the rows.
func (s *Store) addTrigramCandidates(ctx context.Context, w *where, ix trigramIndex, idColumn string, words []string) error {
	if s.dialect != SQLite {
		return nil
	}
	ids, few, err := s.trigramCandidates(ctx, ix, words)
	if err != nil || !few {
		return err
	}
	b, _ := json.Marshal(ids)
	w.add(idColumn+" IN (SELECT value FROM json_each(?))", string(b))
	return nil
}

// planEachTime prepends to a query's arguments, on PostgreSQL, the pgx option
// that plans it with its values (an unnamed statement) instead of a cached
// prepared one. After five runs, PostgreSQL reuses a generic plan that cannot
// see how rare a LIKE '%word%' is: for the caller lookup it chose to read the
// names' B-tree in order and filter — every row for a word found nowhere (0.4 s
// at 100,000 companies) — where the value's plan reads the trigram index (1 ms).
// Planning costs a fraction of a millisecond.
func (s *Store) planEachTime(args []any) []any {
	if s.dialect != Postgres {
		return args
	}
	return append([]any{pgx.QueryExecModeExec}, args...)
}
