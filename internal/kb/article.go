// Package kb is the knowledge base's content model: articles written in Markdown
// (rendered and sanitised here), their front matter, their versions and diffs, the
// glossary of procurement acronyms linked wherever an acronym appears, and the
// "turn this answer into an FAQ" draft with the company's identity removed.
//
// Storage and permissions are internal/store's and internal/core's; this package
// only reads, checks and renders.
package kb

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet/internal/errs"
)

// Visibility says who may read an article.
type Visibility string

// The visibilities.
const (
	Public   Visibility = "public"   // the public FAQ and the suggestions
	Internal Visibility = "internal" // agents only
)

// Status is an article's publication state.
type Status string

// The statuses.
const (
	Draft     Status = "draft"
	Published Status = "published"
)

// Limits of an article.
const (
	MaxTitle = 200
	MaxBody  = 100_000
	MaxTags  = 20
	MaxTag   = 60
	MaxLegal = 500
)

// Article is one knowledge-base article.
type Article struct {
	ID             int64      `json:"id"`
	Slug           string     `json:"slug"`
	Title          string     `json:"title"`
	Topic          string     `json:"topic"`
	Tags           []string   `json:"tags"`
	Legal          string     `json:"legal"`
	Visibility     Visibility `json:"visibility"`
	Status         Status     `json:"status"`
	Body           string     `json:"body"` // Markdown
	Related        []string   `json:"related"`
	Version        int        `json:"version"`
	HelpfulYes     int64      `json:"helpful_yes"`
	HelpfulNo      int64      `json:"helpful_no"`
	SourceTicketID int64      `json:"source_ticket_id,omitempty"`
	// ContentDate is the date the content is up to date with the law, shown on
	// the public page ("à jour au").
	ContentDate time.Time `json:"content_date"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	PublishedAt time.Time `json:"published_at"`
}

// IsPublic reports whether anyone may read the article: published and public.
func (a *Article) IsPublic() bool { return a.Status == Published && a.Visibility == Public }

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s can be an article's address.
func ValidSlug(s string) bool { return len(s) <= 80 && slugRE.MatchString(s) }

// Normalize trims the fields and drops empty or repeated tags and related slugs.
func (a *Article) Normalize() {
	a.Slug, a.Title, a.Topic = strings.TrimSpace(a.Slug), strings.TrimSpace(a.Title), strings.TrimSpace(a.Topic)
	a.Legal, a.Body = strings.TrimSpace(a.Legal), strings.TrimSpace(a.Body)
	a.Tags = cleanList(a.Tags)
	a.Related = cleanList(a.Related)
	if a.Visibility == "" {
		a.Visibility = Public
	}
	if a.Status == "" {
		a.Status = Draft
	}
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Validate checks every field and reports all the wrong ones at once, in French;
// topics are the configured topic ids.
func (a *Article) Validate(topics []string) error {
	var fe errs.Fields
	add := fe.Add
	if !ValidSlug(a.Slug) {
		add("slug", "adresse invalide : lettres minuscules sans accent, chiffres et tirets (80 caractères au plus)")
	}
	if a.Title == "" || utf8.RuneCountInString(a.Title) > MaxTitle {
		add("title", "titre obligatoire, 200 caractères au plus")
	}
	if !slices.Contains(topics, a.Topic) {
		add("topic", "thème inconnu : "+a.Topic)
	}
	if a.Visibility != Public && a.Visibility != Internal {
		add("visibility", "visibilité : public ou internal")
	}
	if a.Status != Draft && a.Status != Published {
		add("status", "statut : draft ou published")
	}
	if a.Body == "" || len(a.Body) > MaxBody {
		add("body", "texte obligatoire, 100 000 caractères au plus")
	}
	if len(a.Tags) > MaxTags || slices.ContainsFunc(a.Tags, func(t string) bool { return utf8.RuneCountInString(t) > MaxTag }) {
		add("tags", "20 mots-clés au plus, de 60 caractères au plus")
	}
	if utf8.RuneCountInString(a.Legal) > MaxLegal {
		add("legal", "base légale de 500 caractères au plus")
	}
	for _, r := range a.Related {
		if !ValidSlug(r) || r == a.Slug {
			add("related", "article lié invalide : "+r)
			break
		}
	}
	return fe.Err()
}

// SearchText is what the search index reads of an article: the title four
// times and the tags twice, as they say what the article is about, then the
// text (the weights were measured on the evaluation set, docs/search.md).
func (a *Article) SearchText() (title, body string) {
	head := a.Title + "\n" + strings.Join(a.Tags, ", ")
	return a.Title, head + "\n" + head + "\n" + a.Title + "\n" + a.Title + "\n" + PlainText(a.Body)
}

// Version is one saved state of an article.
type Version struct {
	ArticleID  int64      `json:"article_id"`
	Version    int        `json:"version"`
	Title      string     `json:"title"`
	Topic      string     `json:"topic"`
	Tags       []string   `json:"tags"`
	Legal      string     `json:"legal"`
	Visibility Visibility `json:"visibility"`
	Status     Status     `json:"status"`
	Body       string     `json:"body"`
	Related    []string   `json:"related"`
	AuthorID   int64      `json:"author_id,omitempty"`
	AuthorName string     `json:"author_name"`
	Note       string     `json:"note"`
	Diff       string     `json:"diff"`
	At         time.Time  `json:"at"`
}

// Snapshot is the article's current state as a version.
func (a *Article) Snapshot() Version {
	return Version{ArticleID: a.ID, Version: a.Version, Title: a.Title, Topic: a.Topic, Tags: a.Tags, Legal: a.Legal,
		Visibility: a.Visibility, Status: a.Status, Body: a.Body, Related: a.Related}
}

// Text is the version as one text, the thing diffs compare: the fields, then the body.
func (v Version) Text() string {
	return "Titre : " + v.Title + "\nThème : " + v.Topic + "\nMots-clés : " + strings.Join(v.Tags, ", ") +
		"\nBase légale : " + v.Legal + "\nVisibilité : " + string(v.Visibility) + "\nStatut : " + string(v.Status) +
		"\nArticles liés : " + strings.Join(v.Related, ", ") + "\n\n" + v.Body + "\n"
}
