package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/kb"
)

const articleColumns = `id, slug, title, topic, tags, legal, visibility, status, body, related, version,
	helpful_yes, helpful_no, source_ticket_id, content_date, created_at, updated_at, published_at`

func scanArticle(r scanner) (*kb.Article, error) {
	var a kb.Article
	var tags, related string
	err := r.Scan(&a.ID, &a.Slug, &a.Title, &a.Topic, &tags, &a.Legal, &a.Visibility, &a.Status, &a.Body, &related,
		&a.Version, &a.HelpfulYes, &a.HelpfulNo, nullInt{&a.SourceTicketID}, nullTime{&a.ContentDate},
		nullTime{&a.CreatedAt}, nullTime{&a.UpdatedAt}, nullTime{&a.PublishedAt})
	if err != nil {
		return nil, err
	}
	a.Tags, a.Related = splitList(tags, ","), splitList(related, " ")
	return &a, nil
}

func splitList(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// CreateArticle inserts a new article and sets its id; a taken slug is ErrDuplicate.
func (t *Tx) CreateArticle(ctx context.Context, a *kb.Article) error {
	var err error
	a.ID, err = t.insert(ctx, `INSERT INTO kb_articles (slug, title, topic, tags, legal, visibility, status, body,
		related, version, source_ticket_id, content_date, created_at, updated_at, published_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.Slug, a.Title, a.Topic, strings.Join(a.Tags, ", "), a.Legal, a.Visibility, a.Status, a.Body,
		strings.Join(a.Related, " "), a.Version, nullID(a.SourceTicketID), micros(a.ContentDate), micros(a.CreatedAt),
		micros(a.UpdatedAt), micros(a.PublishedAt))
	if isUniqueViolation(err) {
		return ErrDuplicate
	}
	if err != nil {
		return fmt.Errorf("store: create article: %w", err)
	}
	return nil
}

// UpdateArticle writes an article's new state if its version is still read; a
// newer one is a conflict.
func (t *Tx) UpdateArticle(ctx context.Context, a *kb.Article, read int) error {
	res, err := t.exec(ctx, `UPDATE kb_articles SET title = ?, topic = ?, tags = ?, legal = ?, visibility = ?,
		status = ?, body = ?, related = ?, version = ?, content_date = ?, updated_at = ?, published_at = ?
		WHERE id = ? AND version = ?`,
		a.Title, a.Topic, strings.Join(a.Tags, ", "), a.Legal, a.Visibility, a.Status, a.Body,
		strings.Join(a.Related, " "), a.Version, micros(a.ContentDate), micros(a.UpdatedAt), micros(a.PublishedAt),
		a.ID, read)
	if err != nil {
		return fmt.Errorf("store: update article: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, "L'article « %s » a été modifié entre-temps : rechargez la page.", a.Slug)
	}
	return nil
}

// CreateArticleVersion stores one saved state of an article.
func (t *Tx) CreateArticleVersion(ctx context.Context, v kb.Version) error {
	_, err := t.exec(ctx, `INSERT INTO kb_versions (article_id, version, title, topic, tags, legal, visibility, status,
		body, related, author_id, author_name, note, diff, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.ArticleID, v.Version, v.Title, v.Topic, strings.Join(v.Tags, ", "), v.Legal, v.Visibility, v.Status, v.Body,
		strings.Join(v.Related, " "), nullID(v.AuthorID), v.AuthorName, v.Note, v.Diff, micros(v.At))
	if err != nil {
		return fmt.Errorf("store: article version: %w", err)
	}
	return nil
}

// FindArticleBySlug reads one article; a missing one is not_found.
func (s *Store) FindArticleBySlug(ctx context.Context, slug string) (*kb.Article, error) {
	return s.reader().FindArticleBySlug(ctx, slug)
}

// FindArticleBySlug reads one article inside the transaction.
func (t *Tx) FindArticleBySlug(ctx context.Context, slug string) (*kb.Article, error) {
	a, err := scanArticle(t.queryRow(ctx, "SELECT "+articleColumns+" FROM kb_articles WHERE slug = ?", slug))
	if isNoRows(err) {
		return nil, errs.E(errs.NotFound, "L'article « %s » n'existe pas.", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find article: %w", err)
	}
	return a, nil
}

// ArticleFilter selects articles; zero fields select all. Articles come in slug
// order, after After, at most Limit (0: all).
type ArticleFilter struct {
	Topic      string
	Status     kb.Status
	Visibility kb.Visibility
	Slugs      []string
	After      string
	Limit      int
}

// FindArticles lists the articles the filter selects, by slug.
func (s *Store) FindArticles(ctx context.Context, f ArticleFilter) ([]kb.Article, error) {
	var where []string
	var args []any
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if f.Topic != "" {
		add("topic = ?", f.Topic)
	}
	if f.Status != "" {
		add("status = ?", f.Status)
	}
	if f.Visibility != "" {
		add("visibility = ?", f.Visibility)
	}
	if f.After != "" {
		add("slug > ?", f.After)
	}
	if len(f.Slugs) > 0 {
		where = append(where, "slug IN ("+placeholders(len(f.Slugs))+")")
		for _, s := range f.Slugs {
			args = append(args, s)
		}
	}
	q := "SELECT " + articleColumns + " FROM kb_articles"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY slug"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.reader().query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: find articles: %w", err)
	}
	defer rows.Close()
	var out []kb.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("store: find articles: %w", err)
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// FindArticleVersions lists an article's saved states, newest first.
func (s *Store) FindArticleVersions(ctx context.Context, articleID int64) ([]kb.Version, error) {
	rows, err := s.reader().query(ctx, `SELECT article_id, version, title, topic, tags, legal, visibility, status, body,
		related, author_id, author_name, note, diff, at FROM kb_versions WHERE article_id = ? ORDER BY version DESC`, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: article versions: %w", err)
	}
	defer rows.Close()
	var out []kb.Version
	for rows.Next() {
		var v kb.Version
		var tags, related string
		if err := rows.Scan(&v.ArticleID, &v.Version, &v.Title, &v.Topic, &tags, &v.Legal, &v.Visibility, &v.Status,
			&v.Body, &related, nullInt{&v.AuthorID}, &v.AuthorName, &v.Note, &v.Diff, nullTime{&v.At}); err != nil {
			return nil, fmt.Errorf("store: article versions: %w", err)
		}
		v.Tags, v.Related = splitList(tags, ","), splitList(related, " ")
		out = append(out, v)
	}
	return out, rows.Err()
}

// VoteArticle records a visitor's "was this helpful?" answer; a second vote of
// the same visitor replaces the first, and the counters follow.
func (t *Tx) VoteArticle(ctx context.Context, articleID int64, voter string, helpful bool, at time.Time) error {
	var old int
	err := t.queryRow(ctx, `SELECT helpful FROM kb_votes WHERE article_id = ? AND voter_key = ?`, articleID, voter).Scan(&old)
	vote := 0
	if helpful {
		vote = 1
	}
	switch {
	case isNoRows(err):
		_, err = t.exec(ctx, `INSERT INTO kb_votes (article_id, voter_key, helpful, at) VALUES (?, ?, ?, ?)`,
			articleID, voter, vote, micros(at))
	case err == nil && old == vote:
		return nil
	case err == nil:
		_, err = t.exec(ctx, `UPDATE kb_votes SET helpful = ?, at = ? WHERE article_id = ? AND voter_key = ?`,
			vote, micros(at), articleID, voter)
		if err == nil {
			err = t.countVote(ctx, articleID, old == 1, -1)
		}
	}
	if err == nil {
		err = t.countVote(ctx, articleID, helpful, 1)
	}
	if err != nil {
		return fmt.Errorf("store: vote: %w", err)
	}
	return nil
}

func (t *Tx) countVote(ctx context.Context, articleID int64, helpful bool, delta int) error {
	col := "helpful_no"
	if helpful {
		col = "helpful_yes"
	}
	_, err := t.exec(ctx, "UPDATE kb_articles SET "+col+" = "+col+" + ? WHERE id = ?", delta, articleID)
	return err
}

// CreateSuggestion records the articles the public form showed for a query.
func (t *Tx) CreateSuggestion(ctx context.Context, session, query string, slugs []string, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO kb_suggestions (session, query, slugs, at) VALUES (?, ?, ?, ?)`,
		session, query, strings.Join(slugs, " "), micros(at))
	if err != nil {
		return fmt.Errorf("store: suggestion: %w", err)
	}
	return nil
}

// LinkSuggestions marks the suggestions shown in a form session since since as
// followed by the request the company sent anyway.
func (t *Tx) LinkSuggestions(ctx context.Context, session string, ticketID int64, since time.Time) error {
	_, err := t.exec(ctx, `UPDATE kb_suggestions SET ticket_id = ? WHERE session = ? AND at >= ? AND ticket_id IS NULL`,
		ticketID, session, micros(since))
	return err
}

// SuggestionStats counts, between from and to, the form sessions that were shown
// suggestions and those of them that still sent a question.
func (s *Store) SuggestionStats(ctx context.Context, from, to time.Time) (shown, sent int64, err error) {
	err = s.reader().queryRow(ctx, `SELECT COUNT(DISTINCT session), COUNT(DISTINCT CASE WHEN ticket_id IS NOT NULL
		THEN session END) FROM kb_suggestions WHERE at >= ? AND at < ? AND slugs <> ''`, micros(from), micros(to)).
		Scan(&shown, &sent)
	if err != nil {
		err = fmt.Errorf("store: suggestion stats: %w", err)
	}
	return shown, sent, err
}
