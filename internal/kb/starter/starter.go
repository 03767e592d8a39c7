// Package starter holds the knowledge base's starter content: the articles the
// demo loads and a new cell can publish on its first day, the glossary of
// procurement acronyms linked from articles, and the labelled questions that
// the search evaluation harness measures recall@3 and MRR on.
//
// The content is plain files so that a procurement lawyer can review and
// correct it without touching code:
//
//   - <slug>.md: one article. It starts with front matter between two "---"
//     lines, one "key: value" per line: slug, title, topic (a default topic
//     id such as repondre or paiement), tags (comma-separated), legal (the
//     legal basis), visibility (public or internal) and updated (YYYY-MM-DD);
//     then the Markdown body: a direct answer first, details, pitfalls and a
//     "Base légale" section.
//   - glossary.tsv: "acronym<TAB>expansion<TAB>short definition" per line.
//   - eval.tsv: "question<TAB>slug1,slug2" per line: a question written the
//     way companies write (typos, missing accents, acronyms) and the one to
//     three articles that answer it. No header line.
//
// Thresholds and rates change by decree: articles state the figures in force
// on their "updated" date and say where to check them; review them whenever a
// decree changes a figure.
package starter

import "embed"

// FS holds every article, the glossary and the evaluation set.
//
//go:embed *.md glossary.tsv eval.tsv
var FS embed.FS
