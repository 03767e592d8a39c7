package store

import (
	"database/sql/driver"
	"fmt"
	"strings"

	"modernc.org/sqlite"
)

// Names are searched folded: lower case, and without the French diacritics, so
// that "ecole", "ECOLE" or "école" find "ÉCOLE DU BOIS" and "École Martin".
// One definition, in three places that must agree (TestFoldAgrees):
//   - fold, here, on the words typed;
//   - fold_name(text) on SQLite, which is fold itself (registered in init), used by
//     the queries and by the expression indexes of migration 0024;
//   - fold_name(text) on PostgreSQL, a SQL function of migration 0024:
//     translate() of the upper- and lower-case letters below, replace() of the
//     ligatures, lower().
//
// The set is small and explicit: the French letters. Other letters are only
// lower-cased (by Go here and on SQLite, by the database's locale on
// PostgreSQL), as before.
var folder = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a",
	"ç", "c",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i",
	"ô", "o", "ö", "o",
	"ù", "u", "û", "u", "ü", "u",
	"ÿ", "y",
	"œ", "oe", "æ", "ae",
)

// fold lower-cases s and removes its French diacritics ("SOCIÉTÉ" → "societe",
// "Œuvre" → "oeuvre").
func fold(s string) string { return folder.Replace(strings.ToLower(s)) }

// fold_name(text) is known to every SQLite connection the driver opens, from
// the start of the process: the expression indexes on fold_name(name) need it
// for every write to companies and contacts, the reads for their seeks, and so
// do connections opened without a Store (BackupFile's VACUUM INTO,
// CheckIntegrity's integrity_check, which evaluates those indexes).
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("fold_name", 1, foldValue)
}

// foldValue is fold_name for SQLite: NULL stays NULL, text and blobs are folded.
func foldValue(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	switch v := args[0].(type) {
	case nil:
		return nil, nil
	case string:
		return fold(v), nil
	case []byte:
		return fold(string(v)), nil
	default:
		return fold(fmt.Sprint(v)), nil
	}
}
