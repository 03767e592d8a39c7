package faq

// table is the public FAQ, top to bottom: every route is public.
func (s *server) table() []route {
	return []route{
		{"GET /faq", s.home},
		{"GET /faq/{$}", s.home},
		{"GET /faq/recherche", s.searchPage},
		{"GET /faq/suggest", s.suggest},
		{"GET /faq/glossaire", s.glossary},
		{"GET /faq/articles/{slug}", s.article},
		{"POST /faq/articles/{slug}/vote", s.vote},
		{"GET /faq/static/{file...}", s.static},
		{"GET /faq/{topic}", s.topic},
	}
}

type route struct {
	pattern string
	handle  handlerFunc
}

// Routes lists the FAQ's patterns, for the tests that check the surface.
func Routes() []string {
	var out []string
	for _, rt := range (&server{}).table() {
		out = append(out, rt.pattern)
	}
	return out
}
