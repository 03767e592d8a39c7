package kb

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"
)

// Renderer turns an article's Markdown into safe HTML with its acronyms linked
// to the glossary. It is safe for concurrent use.
type Renderer struct {
	md       goldmark.Markdown
	policy   *bluemonday.Policy
	glossary *Glossary
	// GlossaryURL is the address of the glossary page; an acronym links to
	// GlossaryURL#ACRONYM.
	glossaryURL string
}

// NewRenderer builds a renderer; g may be nil (no linking).
func NewRenderer(g *Glossary, glossaryURL string) *Renderer {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("title").OnElements("abbr")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^glossaire$`)).OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoReferrerOnLinks(true)
	// Raw HTML in the Markdown is not rendered at all (goldmark's default); the
	// policy is the second wall for what Markdown itself can express (links).
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))
	return &Renderer{md: md, policy: p, glossary: g, glossaryURL: glossaryURL}
}

// Render returns the article body as sanitised HTML.
func (r *Renderer) Render(markdown string) template.HTML {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(markdown), &buf); err != nil {
		// goldmark fails only on a writer error; show the text escaped rather than nothing.
		return template.HTML("<p>" + template.HTMLEscapeString(markdown) + "</p>")
	}
	linked := r.linkAcronyms(buf.String())
	return template.HTML(r.policy.Sanitize(linked)) //nolint:gosec // sanitised just here
}

// linkAcronyms wraps every glossary acronym of the text (outside links, code and
// headings) in a link to its glossary entry, with the expansion as its title.
func (r *Renderer) linkAcronyms(htmlText string) string {
	if r.glossary == nil || r.glossary.re == nil {
		return htmlText
	}
	z := html.NewTokenizer(strings.NewReader(htmlText))
	var out strings.Builder
	skip := 0 // depth inside elements whose text is left alone
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out.String()
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			if noLink[string(name)] {
				if tt == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			}
			out.Write(z.Raw())
		case html.TextToken:
			if skip > 0 {
				out.Write(z.Raw())
				continue
			}
			out.WriteString(r.linkText(html.UnescapeString(string(z.Raw()))))
		default:
			out.Write(z.Raw())
		}
	}
}

var noLink = map[string]bool{"a": true, "code": true, "pre": true, "h1": true, "h2": true, "h3": true, "abbr": true}

// linkText escapes text and links its acronyms.
func (r *Renderer) linkText(text string) string {
	var b strings.Builder
	last := 0
	for _, m := range r.glossary.re.FindAllStringIndex(text, -1) {
		word := text[m[0]:m[1]]
		t, ok := r.glossary.byAcronym[word]
		if !ok {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[last:m[0]]))
		b.WriteString(`<a class="glossaire" href="` + template.HTMLEscapeString(r.glossaryURL+"#"+t.Acronym) + `">`)
		b.WriteString(`<abbr title="` + template.HTMLEscapeString(t.Expansion) + `">` + word + `</abbr></a>`)
		last = m[1]
	}
	b.WriteString(template.HTMLEscapeString(text[last:]))
	return b.String()
}

// PlainText is the article's Markdown reduced to its words, for the search index
// and the snippets: markup characters, link targets and HTML tags go.
func PlainText(markdown string) string {
	s := mdLinkRE.ReplaceAllString(markdown, "$1")
	s = tagRE.ReplaceAllString(s, " ")
	s = strings.NewReplacer("**", "", "__", "", "`", "", "#", "", "> ", "", "|", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

var (
	mdLinkRE = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	tagRE    = regexp.MustCompile(`<[^>]*>`)
)
