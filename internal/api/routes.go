package api

import (
	"net/http"
	"slices"
)

// The authentication a route needs. Permissions beyond "who is it" are checked by
// internal/core, per action and per ticket team, and come back as errs.Forbidden.
const (
	public = false // anyone may call it
	bearer = true  // Authorization: Bearer TOKEN, resolved by core.Service.Authenticate
)

// The query parameters each list accepts; any other is refused, to catch typos
// that would otherwise silently widen a selection.
var (
	noQuery     []string
	pageQuery   = []string{"limit", "cursor"}
	companyList = append([]string{"q"}, pageQuery...)
	buyerList   = append([]string{"q"}, pageQuery...)
	picker      = []string{"q", "open", "buyer", "limit"} // a picker page: no cursor
	ticketList  = append([]string{"state", "channel", "topic", "scope", "team", "assignee", "company",
		"consultation", "created_from", "created_to", "q", "sort"}, append(pageQuery, figureQuery...)...)
	articleList  = append([]string{"topic", "status", "visibility"}, pageQuery...) // kb.go
	suggestQuery = []string{"q", "limit"}                                          // kb.go
	searchQuery  = []string{"q", "kind", "topic", "limit"}                         // search.go
)

// table is the whole API, top to bottom: pattern, authentication, accepted query
// parameters, handler.
func table(s *server) []route {
	return []route{
		{"GET /api/v1/openapi.json", public, noQuery, s.openAPI},

		{"POST /api/v1/tickets", bearer, noQuery, s.createTicket},
		{"GET /api/v1/tickets", bearer, ticketList, s.listTickets},
		{"GET /api/v1/tickets/{id}", bearer, noQuery, s.getTicket},
		{"PATCH /api/v1/tickets/{id}", bearer, noQuery, s.updateTicket},
		{"GET /api/v1/tickets/{id}/messages", bearer, noQuery, s.listMessages},
		{"POST /api/v1/tickets/{id}/messages", bearer, noQuery, s.addMessage},
		{"GET /api/v1/tickets/{id}/history", bearer, noQuery, s.history},
		{"GET /api/v1/tickets/{id}/guidance", bearer, noQuery, s.getGuidance}, // routing.go
		{"POST /api/v1/tickets/{id}/qa", bearer, noQuery, s.publishQA},
		{"GET /api/v1/tickets/unanswered", bearer, pageQuery, s.listUnanswered},
		{"GET /api/v1/notifications", bearer, []string{"cursor"}, s.listNotifications},
		{"GET /api/v1/routing", bearer, noQuery, s.getRouting},
		{"PUT /api/v1/routing/calendar", bearer, noQuery, s.putCalendar},
		{"PUT /api/v1/routing/policies", bearer, noQuery, s.putPolicies},
		{"PUT /api/v1/routing/rules", bearer, noQuery, s.putRules},
		{"GET /api/v1/absences", bearer, noQuery, s.listAbsences},
		{"POST /api/v1/absences", bearer, noQuery, s.createAbsence},
		{"DELETE /api/v1/absences/{id}", bearer, noQuery, s.deleteAbsence},

		{"GET /api/v1/companies", bearer, companyList, s.listCompanies},
		{"POST /api/v1/companies", bearer, noQuery, s.createCompany},
		{"GET /api/v1/companies/{siret}", bearer, noQuery, s.getCompany},

		{"GET /api/v1/buyers", bearer, buyerList, s.listBuyers},
		{"GET /api/v1/buyers/{id}", bearer, noQuery, s.getBuyer},
		{"GET /api/v1/consultations", bearer, picker, s.pickConsultations},
		{"GET /api/v1/consultations/{ref}", bearer, noQuery, s.getConsultation},
		{"GET /api/v1/consultations/{ref}/questions", bearer, noQuery, s.listConsultationQA}, // routing.go

		// The switchboard's webhook: its own token (telephony.go), not a user's.
		{"POST /api/v1/telephony/events", public, noQuery, newPBXWebhook(s).handle},
		{"GET /api/v1/calls", bearer, callList, s.listCalls}, // calls.go: the call log
		{"GET /api/v1/calls/{id}", bearer, noQuery, s.getCall},

		{"GET /api/v1/teams", bearer, noQuery, s.listTeams},
		{"GET /api/v1/topics", bearer, noQuery, s.listTopics},

		{"GET /api/v1/reports/weekly", bearer, reportQuery, s.weeklyReport},

		{"GET /api/v1/kb/articles", bearer, articleList, s.listArticles},
		{"GET /api/v1/kb/articles/{slug}", bearer, noQuery, s.getArticle},
		{"POST /api/v1/kb/articles", bearer, noQuery, s.createArticle},                      // kb.go
		{"PATCH /api/v1/kb/articles/{slug}", bearer, noQuery, s.updateArticle},              // kb.go
		{"GET /api/v1/kb/articles/{slug}/versions", bearer, noQuery, s.listArticleVersions}, // kb.go
		{"GET /api/v1/kb/suggest", public, suggestQuery, s.suggestArticles},
		{"GET /api/v1/search", bearer, searchQuery, s.search},
	}
}

// route is one row of the table.
type route struct {
	pattern string
	auth    bool
	query   []string
	handle  handlerFunc
}

// handlerFunc is a handler that leaves error responses to problem.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route describes one endpoint as the route table declares it, for the tests that
// hold the OpenAPI document to the real surface.
type Route struct {
	Pattern string   // "METHOD /api/v1/path/{param}"
	Public  bool     // served without a token
	Query   []string // the query parameters it accepts
}

// Routes lists the endpoints, read from the route table itself.
func Routes() []Route {
	var out []Route
	for _, rt := range table(&server{}) {
		out = append(out, Route{Pattern: rt.pattern, Public: rt.auth == public, Query: slices.Clone(rt.query)})
	}
	return out
}

// endpoint runs a route: authentication, then the query check, then the handler;
// the first error stops the chain and becomes the response.
func (s *server) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := func() error {
			if rt.auth == bearer {
				var err error
				if r, err = s.authenticate(r); err != nil {
					return err
				}
			}
			if err := onlyParams(r, rt.query); err != nil {
				return err
			}
			return rt.handle(w, r)
		}()
		if err != nil {
			s.problem(w, r, err)
		}
	})
}
