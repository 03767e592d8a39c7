package core

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/kb"
	"github.com/guichet/guichet/internal/kb/starter"
	"github.com/guichet/guichet/internal/search"
	"github.com/guichet/guichet/internal/store"
)

// The kinds of searchable documents.
const (
	KindRequest      = "request"
	KindMessage      = "message"
	KindArticle      = "article"
	KindConsultation = "consultation"
)

// SearchKinds lists the kinds, in the order facets show them.
var searchKinds = []string{KindRequest, KindMessage, KindArticle, KindConsultation}

// candidateCap bounds the documents ranked for one query among those that hold
// only common words: the newest matching ones (docs/search.md says what this
// means). It keeps a query's cost flat whatever the size of the index.
const candidateCap = 500

// rareBudget is how many documents the rare terms of a query may hold between
// them: the rarest terms are taken, rarest first, while their documents number
// at most this many, and every document holding one of them is ranked, however
// old. The cap above applies only to documents holding none of them.
const rareBudget = 1000

// exactPage is the page (the first results) a search proves exact when it can
// (see rank).
const exactPage = 20

// knowledge is what search and the knowledge base share: the analyser (with the
// glossary's acronyms in its thesaurus), the glossary and the renderer. It is
// built once from the embedded glossary, so that every instance of one release
// analyses alike. It also holds this instance's side of the search queue, which
// searches flush (search_queue.go).
type knowledge struct {
	once     sync.Once
	analyzer *search.Analyzer
	glossary *kb.Glossary
	renderer *kb.Renderer
	queue    requestQueue
}

// GlossaryURL is the public glossary page that article acronyms link to.
const GlossaryURL = "/faq/glossaire"

func (s *Service) knowledge() *knowledge {
	k := &s.kb
	k.once.Do(func() {
		k.glossary = kb.NewGlossary(nil)
		if data, err := starter.FS.ReadFile("glossary.tsv"); err == nil {
			if g, err := kb.ParseGlossary(string(data)); err == nil {
				k.glossary = g
			} else {
				s.log.Error("knowledge base: glossary unreadable, acronyms will not be linked", "err", err)
			}
		}
		k.analyzer = search.NewAnalyzer(search.NewThesaurus(search.MergeGlossary(search.DefaultConcepts(), k.glossary.Expansions())))
		k.renderer = kb.NewRenderer(k.glossary, GlossaryURL)
	})
	return k
}

// Analyzer is the French analyser search uses (for tests and tools).
func (s *Service) Analyzer() *search.Analyzer { return s.knowledge().analyzer }

// SearchInput is a search as the workspace or the API asks it.
type SearchInput struct {
	Q     string
	Kinds []string // empty: every kind
	Topic string   // empty: every topic
	Limit int      // results wanted; 20 when 0, 100 at most
}

// SearchHit is one result.
type SearchHit struct {
	Kind      string           `json:"kind"`
	ID        int64            `json:"id"` // the request, message, article or consultation id
	TicketID  int64            `json:"ticket_id,omitempty"`
	Ref       string           `json:"ref"` // ticket number, article slug, consultation reference
	Title     string           `json:"title"`
	Topic     string           `json:"topic,omitempty"`
	State     string           `json:"state,omitempty"`
	URL       string           `json:"url"`
	Score     float64          `json:"score"`
	Snippet   []search.Segment `json:"snippet"`
	UpdatedAt time.Time        `json:"updated_at"`
}

// FacetCount is how many results have one value of a facet.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// SearchResult is a page of results with the facets of the whole result set.
type SearchResult struct {
	Query  string                  `json:"query"`
	Total  int                     `json:"total"`
	Capped bool                    `json:"capped"` // the first page is not proven exact (docs/search.md)
	Hits   []SearchHit             `json:"items"`
	Facets map[string][]FacetCount `json:"facets"`
}

// Search finds requests, messages, articles and consultations for an agent.
// Whatever the query holds is text: it never fails on syntax.
func (s *Service) Search(ctx context.Context, a access.Actor, in SearchInput) (*SearchResult, error) {
	if err := a.Check(access.ReadTicket, a.TeamID); err != nil {
		return nil, err
	}
	kinds := slices.DeleteFunc(slices.Clone(in.Kinds), func(k string) bool { return !slices.Contains(searchKinds, k) })
	slices.Sort(kinds)
	if kinds = slices.Compact(kinds); len(kinds) == 0 {
		kinds = searchKinds
	}
	var filters [][]string
	if len(kinds) < len(searchKinds) {
		// Every document has one of the kinds: asking for them all filters
		// nothing, and the engine would merge four huge posting lists for it.
		filters = append(filters, markers("kind", kinds))
	}
	if in.Topic != "" {
		filters = append(filters, markers("topic", []string{in.Topic}))
	}
	q := s.knowledge().analyzer.ParseQuery(in.Q)
	res := &SearchResult{Query: q.Text, Facets: map[string][]FacetCount{}}
	ranked, docs, capped, err := s.rank(ctx, q, kinds, filters)
	if err != nil {
		return nil, err
	}
	res.Total, res.Capped = len(ranked), capped
	res.Facets = facets(ranked, docs)
	res.Hits, err = s.hits(ctx, q, ranked, limit(in.Limit, 20, 100), false)
	return res, err
}

func limit(n, def, most int) int {
	if n <= 0 {
		return def
	}
	return min(n, most)
}

func markers(facet string, values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = search.Marker(facet, v)
	}
	return out
}

// rank returns the candidates of q, best first, with their terms by id. Articles
// are few: all of them are read and filtered here. Other kinds go through the
// full-text engine: first the documents holding every term, then (when those
// are fewer than the cap) those holding any; all are ranked with BM25.
func (s *Service) rank(ctx context.Context, q search.Query, kinds []string, filters [][]string) ([]search.Scored, map[int64]string, bool, error) {
	if q.Empty() {
		return nil, nil, false, nil
	}
	articlesOnly := len(kinds) == 1 && kinds[0] == KindArticle
	if !articlesOnly {
		// Requests this instance created are indexed before the search reads
		// the index (nothing to do, no query, when none is pending).
		s.flushQueue(ctx)
	}
	var all []search.Doc
	var err error
	var common map[string]bool // the terms whose documents were not all read
	var df []float64           // their estimated frequency in the index
	capped := false
	if articlesOnly {
		all, err = s.articleCandidates(ctx, q, filters)
	} else {
		all, common, df, capped, err = s.engineCandidates(ctx, q, filters)
	}
	if err != nil {
		return nil, nil, false, err
	}
	coll, err := s.store.SearchCollection(ctx, kinds)
	if err != nil {
		return nil, nil, false, err
	}
	terms := make(map[int64]string, len(all))
	for _, d := range all {
		terms[d.ID] = d.Terms
	}
	ranked, idfs := search.RankKnown(q.Terms, all, coll, df)
	if capped {
		// A document not read holds common terms only: its score is at most the
		// sum of their ceilings. If a full page scores at least that, the page
		// is exact and nothing was missed that would have entered it.
		bound := 0.0
		for j, t := range q.Terms {
			if common[t] {
				bound += search.Ceiling(idfs[j])
			}
		}
		if len(ranked) >= exactPage && ranked[exactPage-1].Score >= bound {
			capped = false
		}
	}
	return ranked, terms, capped, nil
}

// articleCandidates reads every article and keeps those the filters allow and
// that hold a query term (Rank drops the others).
func (s *Service) articleCandidates(ctx context.Context, q search.Query, filters [][]string) ([]search.Doc, error) {
	docs, err := s.store.SearchKindDocs(ctx, KindArticle)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(docs, func(d search.Doc) bool { return !search.HasAll(d.Terms, filters) }), nil
}

// engineCandidates asks the full-text engine for the documents to rank, in two
// parts, so that age never hides a relevant document that holds a rare word:
//
//  1. Rare terms: the engine counts each term's documents (stopping past
//     rareBudget); the rarest terms are kept while their documents number at
//     most rareBudget together, and every document holding one of them is a
//     candidate. A term's document frequency among the candidates is then its
//     true one, so BM25 weighs the discriminating words exactly.
//  2. Common terms (if any are left): the newest candidateCap documents holding
//     every word typed, and when those do not fill a page the newest holding any
//     term. Only documents made of common words alone can be missed here, and
//     only then is the result "capped".
func (s *Service) engineCandidates(ctx context.Context, q search.Query, filters [][]string) ([]search.Doc, map[string]bool, []float64, bool, error) {
	tc, minID, maxID, err := s.store.SearchCounts(ctx, q.Terms, filters, rareBudget+1)
	if err != nil {
		return nil, nil, nil, false, err
	}
	counts := make([]int, len(tc))
	df := make([]float64, len(tc))
	for i, c := range tc {
		counts[i], df[i] = c.N, float64(c.N)
		if c.N > rareBudget && c.Last >= minID && minID > 0 {
			// Counted to the limit: its frequency is estimated from how much of
			// the index (by id, i.e. by age) its first postings span.
			df[i] = float64(c.N) * float64(maxID-minID+1) / float64(c.Last-minID+1)
		}
	}
	order := make([]int, len(q.Terms))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return counts[order[a]] < counts[order[b]] })
	var rare []string
	held, common := 0, map[string]bool{}
	for _, i := range order {
		switch {
		case counts[i] == 0:
		case len(common) == 0 && held+counts[i] <= rareBudget:
			rare, held = append(rare, q.Terms[i]), held+counts[i]
		default:
			common[q.Terms[i]] = true
		}
	}
	var all []search.Doc
	if len(rare) > 0 {
		// Complete: the rare terms' documents are at most rareBudget.
		if all, err = s.store.SearchCandidates(ctx, store.SearchMatch{Any: rare, Filters: filters, Limit: rareBudget}); err != nil {
			return nil, nil, nil, false, err
		}
	}
	if len(common) == 0 {
		return all, nil, df, false, nil // every document holding a query term is a candidate
	}
	seen := make(map[int64]bool, len(all))
	for _, d := range all {
		seen[d.ID] = true
	}
	add := func(docs []search.Doc) {
		for _, d := range docs {
			if !seen[d.ID] {
				seen[d.ID] = true
				all = append(all, d)
			}
		}
	}
	// Documents holding every word typed are the best ones by far: the wider
	// net of "any term" (synonyms included) is cast only when they do not fill
	// a page.
	// Rarest first, by estimated frequency (the counts stop at the budget): on
	// PostgreSQL the terms' postings are intersected in this order, the first
	// driving the scan (store.SearchCandidates); FTS5 does not mind.
	own := slices.Clone(q.OwnTerms())
	freq := make(map[string]float64, len(q.Terms))
	for i, t := range q.Terms {
		freq[t] = df[i]
	}
	sort.SliceStable(own, func(a, b int) bool { return freq[own[a]] < freq[own[b]] })
	every, err := s.store.SearchCandidates(ctx, store.SearchMatch{Any: own, All: true, Filters: filters, Limit: candidateCap})
	if err != nil {
		return nil, nil, nil, false, err
	}
	add(every)
	switch {
	case len(q.Terms) == 1:
		return all, common, df, len(every) >= candidateCap, nil
	case len(every) >= 20:
		// Documents holding some of the common words only were not read: the
		// result is capped unless rank proves its first page.
		return all, common, df, true, nil
	}
	anyTerm, err := s.store.SearchCandidates(ctx, store.SearchMatch{Any: q.Terms, Filters: filters, Limit: candidateCap})
	if err != nil {
		return nil, nil, nil, false, err
	}
	add(anyTerm)
	return all, common, df, len(anyTerm) >= candidateCap, nil
}

// facets counts the ranked documents by kind and by topic, from their markers.
func facets(ranked []search.Scored, terms map[int64]string) map[string][]FacetCount {
	out := map[string][]FacetCount{}
	for _, facet := range []string{"kind", "topic"} {
		count := map[string]int{}
		for _, r := range ranked {
			for _, v := range search.Markers(terms[r.ID], facet) {
				count[v]++
			}
		}
		list := []FacetCount{}
		for v, n := range count {
			list = append(list, FacetCount{v, n})
		}
		sort.Slice(list, func(i, j int) bool {
			if list[i].Count != list[j].Count {
				return list[i].Count > list[j].Count
			}
			return list[i].Value < list[j].Value
		})
		out[facet] = list
	}
	return out
}

// hits reads the first n ranked documents and builds their results with
// snippets; public results link to the public FAQ.
func (s *Service) hits(ctx context.Context, q search.Query, ranked []search.Scored, n int, public bool) ([]SearchHit, error) {
	ranked = ranked[:min(n, len(ranked))]
	ids := make([]int64, len(ranked))
	for i, r := range ranked {
		ids[i] = r.ID
	}
	docs, err := s.store.FindSearchDocs(ctx, ids)
	if err != nil {
		return nil, err
	}
	an := s.knowledge().analyzer
	out := make([]SearchHit, 0, len(ranked))
	for _, r := range ranked {
		d, ok := docs[r.ID]
		if !ok {
			continue // unindexed between the two reads
		}
		h := SearchHit{Kind: d.Kind, ID: d.RefID, TicketID: d.TicketID, Ref: d.Ref, Title: d.Title, Topic: d.Topic,
			State: d.State, Score: r.Score, Snippet: an.Snippet(d.Body, q), UpdatedAt: d.UpdatedAt}
		h.URL = hitURL(d, public)
		out = append(out, h)
	}
	return out, nil
}

func hitURL(d store.SearchDoc, public bool) string {
	switch d.Kind {
	case KindRequest:
		return fmt.Sprintf("/agent/tickets/%d", d.RefID)
	case KindMessage:
		return fmt.Sprintf("/agent/tickets/%d#m%d", d.TicketID, d.RefID)
	case KindArticle:
		if public || d.Audience == "public" {
			return "/faq/articles/" + d.Ref
		}
		return "/agent/kb/" + d.Ref
	case KindConsultation:
		return "/agent/consultations/" + url.PathEscape(d.Ref)
	}
	return ""
}

// Suggest returns the n published public articles that best answer a question as
// a company types it. It needs no account.
func (s *Service) Suggest(ctx context.Context, text string, n int) ([]SearchHit, error) {
	q := s.knowledge().analyzer.ParseQuery(text)
	filters := [][]string{{search.Marker("audience", "public")}}
	ranked, _, _, err := s.rank(ctx, q, []string{KindArticle}, filters)
	if err != nil {
		return nil, err
	}
	return s.hits(ctx, q, ranked, limit(n, 3, 10), true)
}

// Similar returns, for a request, the most similar answered requests and the
// most relevant published articles, for the agent who answers it.
func (s *Service) Similar(ctx context.Context, a access.Actor, id int64) (requests, articles []SearchHit, err error) {
	tk, err := s.Ticket(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	msgs, err := s.store.FindMessages(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	text := tk.Subject
	if len(msgs) > 0 {
		text += "\n" + msgs[0].Body
	}
	q := s.knowledge().analyzer.ParseQuery(text)
	answered := [][]string{{search.Marker("kind", KindRequest)}, {search.Marker("state", "answered")}}
	ranked, _, _, err := s.rank(ctx, q, []string{KindRequest}, answered)
	if err != nil {
		return nil, nil, err
	}
	if requests, err = s.hits(ctx, q, ranked, 6, false); err != nil {
		return nil, nil, err
	}
	requests = slices.DeleteFunc(requests, func(h SearchHit) bool { return h.ID == id })
	requests = requests[:min(5, len(requests))]
	published := [][]string{{search.Marker("kind", KindArticle)}, {search.Marker("status", string(kb.Published))}}
	if ranked, _, _, err = s.rank(ctx, q, []string{KindArticle}, published); err != nil {
		return nil, nil, err
	}
	articles, err = s.hits(ctx, q, ranked, 3, false)
	return requests, articles, err
}
