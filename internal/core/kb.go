package core

import (
	"context"
	"errors"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/kb"
	"github.com/guichet/guichet/internal/kb/starter"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// Writing the knowledge base is part of answering: whoever may reply to
// requests (on their own team at least) may write drafts and turn answers into
// articles; whoever may read requests reads internal articles and drafts.
// Publishing is a separate permission (access.PublishArticle: admins and
// supervisors by default): what is published speaks for the cell.
func canWriteKB(a access.Actor) error { return a.Check(access.ReplyTicket, a.TeamID) }
func canReadKB(a access.Actor) error  { return a.Check(access.ReadTicket, a.TeamID) }

// CanPublishArticles reports whether the actor may publish articles, or change
// or withdraw a published one (the editor hides the control otherwise).
func CanPublishArticles(a access.Actor) bool { return a.Can(access.PublishArticle, "") }

// checkPublish refuses a save that needs the publish permission the actor lacks:
// saving an article as published, or changing one that is published (which
// would change, or withdraw, what readers see). Without the permission, one
// writes and edits drafts; someone who publishes publishes them.
func checkPublish(a access.Actor, wasPublished bool, art *kb.Article) error {
	if CanPublishArticles(a) || (!wasPublished && art.Status != kb.Published) {
		return nil
	}
	msg := "Votre rôle (%[1]s) ne permet pas de publier un article : enregistrez-le en brouillon, un superviseur ou un administrateur le publiera."
	if wasPublished {
		msg = "L'article « %[2]s » est publié : votre rôle (%[1]s) ne permet pas de le modifier ni de le retirer ; un superviseur ou un administrateur le peut."
	}
	e := errs.E(errs.Forbidden, msg, a.Role, art.Slug)
	e.Fields = []errs.FieldError{{Field: "status", Message: "publication réservée aux superviseurs et administrateurs"}}
	return e
}

// ArticleInput is an article as an agent saves it.
type ArticleInput struct {
	Slug       string   `json:"slug"`
	Title      string   `json:"title"`
	Topic      string   `json:"topic"`
	Tags       []string `json:"tags"`
	Legal      string   `json:"legal"`
	Visibility string   `json:"visibility"`
	Status     string   `json:"status"`
	Body       string   `json:"body"`
	Related    []string `json:"related"`
	// Version is the version the agent edited; 0 creates a new article.
	Version int `json:"version"`
	// Note says what changed, for the history.
	Note string `json:"note"`
	// SourceTicketID is the request an article was made from.
	SourceTicketID int64 `json:"source_ticket_id,omitempty"`
}

// SaveArticle creates an article (Version 0) or saves a new version of it, with
// the diff from the previous one, and indexes it, in one transaction.
func (s *Service) SaveArticle(ctx context.Context, a access.Actor, in ArticleInput) (*kb.Article, error) {
	if err := canWriteKB(a); err != nil {
		return nil, err
	}
	art := kb.Article{Slug: in.Slug, Title: in.Title, Topic: in.Topic, Tags: in.Tags, Legal: in.Legal,
		Visibility: kb.Visibility(in.Visibility), Status: kb.Status(in.Status), Body: in.Body, Related: in.Related,
		SourceTicketID: in.SourceTicketID}
	art.Normalize()
	if art.Slug == "" && in.Version == 0 {
		art.Slug = kb.Slugify(art.Title)
	}
	if err := s.validateArticle(ctx, &art); err != nil {
		return nil, err
	}
	now := s.clock()
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		if in.Version == 0 {
			return s.createArticle(ctx, tx, a, &art, now, in.Note)
		}
		return s.updateArticle(ctx, tx, a, &art, in.Version, now, in.Note)
	})
	if errors.Is(err, store.ErrDuplicate) {
		return nil, errs.Field("slug", "adresse déjà prise par un autre article : "+art.Slug)
	}
	if err != nil {
		return nil, err
	}
	return &art, nil
}

func (s *Service) validateArticle(ctx context.Context, art *kb.Article) error {
	topics, err := s.Topics(ctx)
	if err != nil {
		return err
	}
	ids := make([]string, len(topics))
	for i, t := range topics {
		ids[i] = t.ID
	}
	return art.Validate(ids)
}

func (s *Service) createArticle(ctx context.Context, tx *store.Tx, a access.Actor, art *kb.Article, now time.Time, note string) error {
	art.Version, art.CreatedAt, art.UpdatedAt = 1, now, now
	if art.Status == kb.Published {
		art.PublishedAt = now
	}
	if art.ContentDate.IsZero() {
		art.ContentDate = now
	}
	if err := checkPublish(a, false, art); err != nil {
		return err
	}
	if err := tx.CreateArticle(ctx, art); err != nil {
		return err
	}
	return s.saveVersion(ctx, tx, a, art, kb.Version{}, now, note)
}

func (s *Service) updateArticle(ctx context.Context, tx *store.Tx, a access.Actor, art *kb.Article, read int, now time.Time, note string) error {
	old, err := tx.FindArticleBySlug(ctx, art.Slug)
	if err != nil {
		return err
	}
	if old.Version != read {
		return errs.E(errs.Conflict, "L'article « %s » a été modifié entre-temps (version %d) : rechargez la page.", old.Slug, old.Version)
	}
	if err := checkPublish(a, old.Status == kb.Published, art); err != nil {
		return err
	}
	art.ID, art.CreatedAt, art.UpdatedAt, art.Version = old.ID, old.CreatedAt, now, old.Version+1
	art.HelpfulYes, art.HelpfulNo, art.SourceTicketID = old.HelpfulYes, old.HelpfulNo, old.SourceTicketID
	art.ContentDate, art.PublishedAt = now, old.PublishedAt
	if art.Status == kb.Published && old.Status != kb.Published {
		art.PublishedAt = now
	}
	if err := tx.UpdateArticle(ctx, art, read); err != nil {
		return err
	}
	return s.saveVersion(ctx, tx, a, art, old.Snapshot(), now, note)
}

// saveVersion records the article's new state with its diff from prev, and
// re-indexes it.
func (s *Service) saveVersion(ctx context.Context, tx *store.Tx, a access.Actor, art *kb.Article, prev kb.Version, now time.Time, note string) error {
	v := art.Snapshot()
	v.AuthorID, v.AuthorName, v.At, v.Note = a.UserID, a.Name, now, strings.TrimSpace(note)
	oldText := ""
	if prev.Version > 0 {
		oldText = prev.Text()
	}
	v.Diff = kb.Diff(oldText, v.Text())
	if err := tx.CreateArticleVersion(ctx, v); err != nil {
		return err
	}
	return s.indexArticle(ctx, tx, art)
}

// Article reads an article for an agent, draft or internal included.
func (s *Service) Article(ctx context.Context, a access.Actor, slug string) (*kb.Article, error) {
	if err := canReadKB(a); err != nil {
		return nil, err
	}
	return s.store.FindArticleBySlug(ctx, slug)
}

// PublicArticle reads a published public article; anything else is not found,
// so the public site never learns that a draft or an internal article exists.
func (s *Service) PublicArticle(ctx context.Context, slug string) (*kb.Article, error) {
	if !kb.ValidSlug(slug) {
		return nil, errs.E(errs.NotFound, "Cet article n'existe pas.")
	}
	art, err := s.store.FindArticleBySlug(ctx, slug)
	if err != nil || !art.IsPublic() {
		return nil, errs.E(errs.NotFound, "Cet article n'existe pas.")
	}
	return art, nil
}

// ArticleFilter selects articles for a list.
type ArticleFilter = store.ArticleFilter

// Articles lists articles for an agent (every status and visibility unless the
// filter says otherwise).
func (s *Service) Articles(ctx context.Context, a access.Actor, f ArticleFilter) ([]kb.Article, error) {
	if err := canReadKB(a); err != nil {
		return nil, err
	}
	return s.store.FindArticles(ctx, f)
}

// PublicArticles lists the published public articles of a topic ("" for all).
func (s *Service) PublicArticles(ctx context.Context, topic string) ([]kb.Article, error) {
	return s.store.FindArticles(ctx, store.ArticleFilter{Topic: topic, Status: kb.Published, Visibility: kb.Public})
}

// RelatedArticles reads the articles an article names as related; publicOnly
// keeps the published public ones.
func (s *Service) RelatedArticles(ctx context.Context, art *kb.Article, publicOnly bool) ([]kb.Article, error) {
	if len(art.Related) == 0 {
		return nil, nil
	}
	list, err := s.store.FindArticles(ctx, store.ArticleFilter{Slugs: art.Related})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(list, func(r kb.Article) bool { return publicOnly && !r.IsPublic() }), nil
}

// ArticleVersions lists an article's saved states, newest first.
func (s *Service) ArticleVersions(ctx context.Context, a access.Actor, slug string) (*kb.Article, []kb.Version, error) {
	art, err := s.Article(ctx, a, slug)
	if err != nil {
		return nil, nil, err
	}
	vs, err := s.store.FindArticleVersions(ctx, art.ID)
	return art, vs, err
}

// RenderArticle is the article's body as sanitised HTML, acronyms linked to the
// glossary.
func (s *Service) RenderArticle(art *kb.Article) template.HTML {
	return s.knowledge().renderer.Render(art.Body)
}

// Glossary is the procurement acronyms' glossary.
func (s *Service) Glossary() *kb.Glossary { return s.knowledge().glossary }

// VoteArticle records a visitor's "was this helpful?" on a public article. voter
// identifies the visitor (a hash of their cookie): one vote each, the last counts.
func (s *Service) VoteArticle(ctx context.Context, slug, voter string, helpful bool) (*kb.Article, error) {
	art, err := s.PublicArticle(ctx, slug)
	if err != nil {
		return nil, err
	}
	if voter == "" || len(voter) > 128 {
		return nil, errs.Field("voter", "visiteur non identifié")
	}
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		return tx.VoteArticle(ctx, art.ID, voter, helpful, s.clock())
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindArticleBySlug(ctx, slug)
}

// FAQDraft prefills an article from a resolved request: its question (the first
// company message) and the cell's last answer, with the company's identity
// removed. Nothing is saved: the agent reviews it in the editor.
func (s *Service) FAQDraft(ctx context.Context, a access.Actor, ticketID int64) (*kb.Article, error) {
	if err := canWriteKB(a); err != nil {
		return nil, err
	}
	tk, err := s.Ticket(ctx, a, ticketID)
	if err != nil {
		return nil, err
	}
	if tk.State != ticket.Resolved && tk.State != ticket.Closed {
		return nil, errs.E(errs.Conflict, "Seule une demande résolue peut devenir une question de la FAQ.")
	}
	msgs, err := s.store.FindMessages(ctx, ticketID)
	if err != nil {
		return nil, err
	}
	var question, answer string
	for _, m := range msgs {
		switch {
		case m.Kind == ticket.Inbound && question == "":
			question = m.Body
		case m.Kind == ticket.Outbound:
			answer = m.Body
		}
	}
	if answer == "" {
		return nil, errs.E(errs.Conflict, "Cette demande n'a pas de réponse écrite à reprendre.")
	}
	id := kb.Identity{}
	if tk.Company != nil {
		id.CompanyName, id.SIRET = tk.Company.Name, tk.Company.SIRET
	}
	if tk.Contact != nil {
		id.ContactName, id.Email, id.Phone = tk.Contact.Name, tk.Contact.Email, tk.Contact.Phone
	}
	d := kb.FAQDraft(tk.Subject, question, answer, string(tk.Topic), id)
	d.Slug, d.SourceTicketID = kb.Slugify(d.Title), tk.ID
	return &d, nil
}

// LoadStarterContent publishes the starter articles (internal/kb/starter) that
// are not in the knowledge base yet; an article already there, edited or not, is
// left alone. It returns how many it created.
func (s *Service) LoadStarterContent(ctx context.Context) (int, error) {
	topics, err := s.Topics(ctx)
	if err != nil {
		return 0, err
	}
	ids := make([]string, len(topics))
	for i, t := range topics {
		ids[i] = t.ID
	}
	st, err := kb.LoadStarter(starter.FS, ids)
	if err != nil {
		return 0, err
	}
	return s.loadArticles(ctx, st.Articles)
}

// loadArticles creates the articles whose slug is free, as the system.
func (s *Service) loadArticles(ctx context.Context, arts []kb.Article) (int, error) {
	existing, err := s.store.FindArticles(ctx, store.ArticleFilter{})
	if err != nil {
		return 0, err
	}
	have := map[string]bool{}
	for _, a := range existing {
		have[a.Slug] = true
	}
	n := 0
	now := s.clock()
	sys := access.System()
	sys.Name = "Contenu de départ"
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		for i := range arts {
			art := arts[i]
			if have[art.Slug] {
				continue
			}
			if err := s.createArticle(ctx, tx, sys, &art, now, "Contenu de départ de Guichet"); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// RecordSuggestions notes the articles the public form showed for what a
// company typed (session identifies the form visit, without personal data).
func (s *Service) RecordSuggestions(ctx context.Context, session, query string, shown []SearchHit) error {
	if session == "" || len(session) > 128 {
		return nil
	}
	slugs := make([]string, len(shown))
	for i, h := range shown {
		slugs[i] = h.Ref
	}
	q := []rune(strings.TrimSpace(query))
	return s.store.Write(ctx, func(tx *store.Tx) error {
		return tx.CreateSuggestion(ctx, session, string(q[:min(len(q), 500)]), slugs, s.clock())
	})
}

// SuggestionsFollowed records that the visitor of the public form (the key
// faq.VisitorKey gives) sent its question anyway, as request ticketID: the
// suggestions it was shown in the last day did not answer it.
func (s *Service) SuggestionsFollowed(ctx context.Context, visitor string, ticketID int64) error {
	if visitor == "" || ticketID == 0 {
		return nil
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		return tx.LinkSuggestions(ctx, visitor, ticketID, s.clock().Add(-24*time.Hour))
	})
}

// Deflection is how often suggestions answered: of the form visits shown
// articles, the share that did not send their question.
type Deflection struct {
	Shown int64   `json:"shown"`
	Sent  int64   `json:"sent"`
	Rate  float64 `json:"rate"` // (shown - sent) / shown, 0 when none shown
}

// DeflectionRate computes the deflection between from and to.
func (s *Service) DeflectionRate(ctx context.Context, a access.Actor, from, to time.Time) (Deflection, error) {
	if err := a.Check(access.ReadReports, ""); err != nil {
		return Deflection{}, err
	}
	shown, sent, err := s.store.SuggestionStats(ctx, from, to)
	d := Deflection{Shown: shown, Sent: sent}
	if shown > 0 {
		d.Rate = float64(shown-sent) / float64(shown)
	}
	return d, err
}
