package starter

import (
	"bufio"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Topic ids of the default taxonomy (DESIGN.md, "Public contract").
var topics = map[string]bool{
	"repondre": true, "dce": true, "allotissement": true, "rejet": true,
	"attribution": true, "execution": true, "paiement": true,
	"dematerialisation": true, "seuils_procedures": true, "autre": true,
}

var (
	slugRe    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	fmKeys    = []string{"slug", "title", "topic", "tags", "legal", "visibility", "updated"}
	minWords  = 150
	minArts   = 45
	minEval   = 120
	minGlossy = 40
)

type article struct {
	file string
	meta map[string]string
	body string
}

// parseArticle splits front matter from body the way the KB loader must.
func parseArticle(name, text string) (article, []string) {
	a := article{file: name, meta: map[string]string{}}
	var problems []string
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if len(lines) == 0 || lines[0] != "---" {
		return a, []string{"pas de front matter : la première ligne doit être ---"}
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if lines[i] == "---" {
			end = i
			break
		}
		key, value, ok := strings.Cut(lines[i], ":")
		if !ok {
			problems = append(problems, "ligne "+strconv.Itoa(i+1)+" du front matter sans « clé: valeur »")
			continue
		}
		key = strings.TrimSpace(key)
		if _, dup := a.meta[key]; dup {
			problems = append(problems, "clé "+key+" en double")
		}
		a.meta[key] = strings.TrimSpace(value)
	}
	if end < 0 {
		return a, append(problems, "front matter non fermé par ---")
	}
	a.body = strings.Join(lines[end+1:], "\n")
	return a, problems
}

func loadArticles(t *testing.T) []article {
	t.Helper()
	names, err := fs.Glob(FS, "*.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []article
	for _, name := range names {
		data, err := FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		a, problems := parseArticle(name, string(data))
		for _, p := range problems {
			t.Errorf("%s : %s", name, p)
		}
		out = append(out, a)
	}
	return out
}

func TestArticles(t *testing.T) {
	arts := loadArticles(t)
	if len(arts) < minArts {
		t.Errorf("%d articles, il en faut au moins %d", len(arts), minArts)
	}
	slugs, titles := map[string]string{}, map[string]string{}
	internal := 0
	for _, a := range arts {
		for _, k := range fmKeys {
			if a.meta[k] == "" {
				t.Errorf("%s : champ %q absent ou vide", a.file, k)
			}
		}
		slug := a.meta["slug"]
		if slug+".md" != a.file {
			t.Errorf("%s : slug %q différent du nom de fichier", a.file, slug)
		}
		if !slugRe.MatchString(slug) {
			t.Errorf("%s : slug %q invalide (minuscules ASCII et tirets)", a.file, slug)
		}
		if !topics[a.meta["topic"]] {
			t.Errorf("%s : thème %q inconnu", a.file, a.meta["topic"])
		}
		switch a.meta["visibility"] {
		case "public":
		case "internal":
			internal++
		default:
			t.Errorf("%s : visibility %q (public ou internal attendu)", a.file, a.meta["visibility"])
		}
		if _, err := time.Parse(time.DateOnly, a.meta["updated"]); err != nil {
			t.Errorf("%s : updated %q n'est pas une date AAAA-MM-JJ", a.file, a.meta["updated"])
		}
		for _, tag := range strings.Split(a.meta["tags"], ",") {
			if strings.TrimSpace(tag) == "" {
				t.Errorf("%s : étiquette vide dans tags", a.file)
			}
		}
		if n := len(strings.Fields(a.body)); n < minWords {
			t.Errorf("%s : corps de %d mots, il en faut au moins %d", a.file, n, minWords)
		}
		if !strings.Contains(a.body, "Base légale") {
			t.Errorf("%s : section « Base légale » absente", a.file)
		}
		if prev, dup := slugs[slug]; dup {
			t.Errorf("%s : slug %q déjà utilisé par %s", a.file, slug, prev)
		}
		slugs[slug] = a.file
		title := strings.ToLower(a.meta["title"])
		if prev, dup := titles[title]; dup {
			t.Errorf("%s : titre déjà utilisé par %s", a.file, prev)
		}
		titles[title] = a.file
	}
	if internal < 3 || internal > 5 {
		t.Errorf("%d articles internes, 3 à 5 attendus", internal)
	}
}

func TestParseArticleRejectsBadFrontMatter(t *testing.T) {
	cases := map[string]string{
		"sans front matter":      "# Titre\ntexte",
		"non fermé":              "---\nslug: a\n",
		"ligne sans deux-points": "---\nslug a\n---\ntexte",
		"clé en double":          "---\nslug: a\nslug: b\n---\ntexte",
	}
	for name, text := range cases {
		if _, problems := parseArticle("a.md", text); len(problems) == 0 {
			t.Errorf("%s : aucune erreur signalée", name)
		}
	}
	a, problems := parseArticle("a.md", "---\nslug: a\ntitle: Titre : sous-titre\n---\ncorps")
	if len(problems) != 0 || a.meta["title"] != "Titre : sous-titre" || strings.TrimSpace(a.body) != "corps" {
		t.Errorf("article valide mal lu : %v %q %q", problems, a.meta, a.body)
	}
}

func readLines(t *testing.T, name string) []string {
	t.Helper()
	data, err := FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines
}

func TestEval(t *testing.T) {
	slugs := map[string]bool{}
	for _, a := range loadArticles(t) {
		slugs[a.meta["slug"]] = true
	}
	lines := readLines(t, "eval.tsv")
	if len(lines) < minEval {
		t.Errorf("%d questions, il en faut au moins %d", len(lines), minEval)
	}
	seen := map[string]int{}
	for i, line := range lines {
		n := i + 1
		fields := strings.Split(line, "\t")
		if len(fields) != 2 || strings.TrimSpace(fields[0]) == "" {
			t.Errorf("eval.tsv ligne %d : « question<TAB>slugs » attendu", n)
			continue
		}
		if prev, dup := seen[fields[0]]; dup {
			t.Errorf("eval.tsv ligne %d : question déjà posée ligne %d", n, prev)
		}
		seen[fields[0]] = n
		want := strings.Split(fields[1], ",")
		if len(want) < 1 || len(want) > 3 {
			t.Errorf("eval.tsv ligne %d : 1 à 3 articles attendus, %d donnés", n, len(want))
		}
		for _, s := range want {
			if !slugs[s] {
				t.Errorf("eval.tsv ligne %d : article %q inexistant", n, s)
			}
		}
	}
}

func TestGlossary(t *testing.T) {
	lines := readLines(t, "glossary.tsv")
	if len(lines) < minGlossy {
		t.Errorf("%d sigles, il en faut au moins %d", len(lines), minGlossy)
	}
	seen := map[string]int{}
	for i, line := range lines {
		n := i + 1
		fields := strings.Split(line, "\t")
		if len(fields) != 3 {
			t.Errorf("glossary.tsv ligne %d : 3 champs attendus, %d trouvés", n, len(fields))
			continue
		}
		for j, f := range fields {
			if strings.TrimSpace(f) == "" {
				t.Errorf("glossary.tsv ligne %d : champ %d vide", n, j+1)
			}
		}
		key := strings.ToUpper(fields[0])
		if prev, dup := seen[key]; dup {
			t.Errorf("glossary.tsv ligne %d : sigle %q déjà défini ligne %d", n, fields[0], prev)
		}
		seen[key] = n
	}
}
