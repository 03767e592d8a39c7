// Package sirene streams INSEE's SIRENE stock files — StockEtablissement
// (establishments, about 6 GB) and StockUniteLegale (legal units, about
// 1 GB) — into records the catalog imports, with memory that stays flat
// whatever the size of the file.
//
// The reader is header-driven: it finds its columns by name, in any order,
// and accepts a UTF-8 byte-order mark, "," or ";" as separator (sniffed on
// the header line) and files saved in Latin-1 / Windows-1252, recognised
// because their bytes are not valid UTF-8. A bad row never stops the stream:
// Next returns a *RowError for it, or keeps it with warnings (a SIRET that
// fails its check is kept, flagged SIRETValid=false), and the following call
// goes on with the next row. Only a broken header, an I/O error or a record
// that cannot end (a quote never closed) stop it.
//
// # Combining the two files
//
// StockEtablissement carries the establishment: SIRET, address, commune,
// NAF code, headcount bracket of the establishment, state. It carries neither
// the legal name (denominationUniteLegale), nor categorieEntreprise, nor the
// headcount of the whole company: those are in StockUniteLegale, one line per
// SIREN. On an establishment file the reader therefore names the record after
// the establishment (denominationUsuelleEtablissement, then
// enseigne1Etablissement — blank for most rows) and sizes it on the
// establishment's own headcount, which is only a hint: a 5-person branch of a
// large group is not a TPE. An importer completes it in two passes:
//
//  1. Stream StockEtablissement with the territory's départements (a few
//     percent of the file's 40 million lines are kept); save each kept
//     establishment and add its SIREN to a SIRENSet.
//  2. Stream StockUniteLegale with no filter; skip the units whose SIREN is
//     not in the set (almost all of them), and apply the others to their
//     establishments: Record.WithUnit does it on records, or one UPDATE …
//     WHERE siren = ? in the store.
//
// Reading the units first would mean holding 25 million of them in memory
// or in a temporary table; the establishments of one territory are what
// decides which units matter, so they come first.
package sirene
