package kb

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

// ParseArticle reads an article file: front matter between two "---" lines, one
// "key: value" per line (slug, title, topic, tags, legal, visibility, updated,
// and optionally related and status), then the Markdown body. Errors name the
// file and the line.
func ParseArticle(name, data string) (Article, error) {
	a := Article{Status: Published}
	lines := strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return a, errs.E(errs.Invalid, "%s, ligne 1 : l'en-tête doit commencer par ---", name)
	}
	end := slices.IndexFunc(lines[1:], func(l string) bool { return strings.TrimSpace(l) == "---" })
	if end < 0 {
		return a, errs.E(errs.Invalid, "%s : l'en-tête n'est pas fermé par ---", name)
	}
	seen := map[string]bool{}
	for i, line := range lines[1 : end+1] {
		n := i + 2
		if strings.TrimSpace(line) == "" {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if !ok || key == "" {
			return a, errs.E(errs.Invalid, "%s, ligne %d : « clé: valeur » attendu", name, n)
		}
		if seen[key] {
			return a, errs.E(errs.Invalid, "%s, ligne %d : clé %s en double", name, n, key)
		}
		seen[key] = true
		if err := a.set(key, value); err != nil {
			return a, errs.E(errs.Invalid, "%s, ligne %d : %s", name, n, err.(*errs.Error).Message)
		}
	}
	for _, k := range []string{"slug", "title", "topic", "legal", "visibility", "updated"} {
		if !seen[k] {
			return a, errs.E(errs.Invalid, "%s : clé %s manquante dans l'en-tête", name, k)
		}
	}
	a.Body = strings.TrimSpace(strings.Join(lines[end+2:], "\n"))
	a.Normalize()
	return a, nil
}

// set applies one front-matter key.
func (a *Article) set(key, value string) error {
	switch key {
	case "slug":
		a.Slug = value
	case "title":
		a.Title = value
	case "topic":
		a.Topic = value
	case "tags":
		a.Tags = strings.Split(value, ",")
	case "related":
		a.Related = strings.Split(value, ",")
	case "legal":
		a.Legal = value
	case "visibility":
		a.Visibility = Visibility(value)
	case "status":
		a.Status = Status(value)
	case "updated":
		d, err := time.Parse("2006-01-02", value)
		if err != nil {
			return errs.E(errs.Invalid, "date %q invalide (AAAA-MM-JJ attendu)", value)
		}
		a.ContentDate = d
	default:
		return errs.E(errs.Invalid, "clé inconnue %q", key)
	}
	return nil
}

// EvalCase is one labelled question of the search evaluation set.
type EvalCase struct {
	Line     int
	Question string
	Slugs    []string // the articles that answer it
}

// Starter is the starter content read from its folder.
type Starter struct {
	Articles []Article
	Glossary *Glossary
	Eval     []EvalCase
}

// LoadStarter reads every <slug>.md, glossary.tsv and eval.tsv of fsys. Each
// article's file name must be its slug; topics are the valid topic ids.
func LoadStarter(fsys fs.FS, topics []string) (*Starter, error) {
	st := &Starter{}
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var all errs.Fields
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		a, err := ParseArticle(name, string(data))
		if err == nil {
			if strings.TrimSuffix(path.Base(name), ".md") != a.Slug {
				err = errs.E(errs.Invalid, "%s : le nom du fichier doit être le slug (%s.md)", name, a.Slug)
			} else if verr := a.Validate(topics); verr != nil {
				all.AddErr(name, verr)
				continue
			}
		}
		if err != nil {
			all.AddErr(name, err)
			continue
		}
		st.Articles = append(st.Articles, a)
	}
	if err := all.Err(); err != nil {
		return nil, err
	}
	if data, err := fs.ReadFile(fsys, "glossary.tsv"); err == nil {
		if st.Glossary, err = ParseGlossary(string(data)); err != nil {
			return nil, err
		}
	} else {
		st.Glossary = NewGlossary(nil)
	}
	if data, err := fs.ReadFile(fsys, "eval.tsv"); err == nil {
		if st.Eval, err = ParseEval(string(data), st.Articles); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// ParseEval reads "question<TAB>slug1,slug2" lines; every slug must be one of
// the articles.
func ParseEval(data string, articles []Article) ([]EvalCase, error) {
	known := map[string]bool{}
	for _, a := range articles {
		known[a.Slug] = true
	}
	var out []EvalCase
	for i, line := range strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, slugs, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(q) == "" {
			return nil, errs.E(errs.Invalid, "eval.tsv, ligne %d : « question<TAB>slugs » attendu", i+1)
		}
		c := EvalCase{Line: i + 1, Question: strings.TrimSpace(q), Slugs: cleanList(strings.Split(slugs, ","))}
		for _, s := range c.Slugs {
			if !known[s] {
				return nil, errs.E(errs.Invalid, "eval.tsv, ligne %d : article %q inconnu", i+1, s)
			}
		}
		if len(c.Slugs) == 0 {
			return nil, errs.E(errs.Invalid, "eval.tsv, ligne %d : aucun article attendu", i+1)
		}
		out = append(out, c)
	}
	return out, nil
}
