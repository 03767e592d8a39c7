package web

import (
	"net/http"

	"github.com/guichet/guichet/internal/access"
)

// need is what a route asks of the visitor before its handler runs.
type need struct {
	// session: the session cookie is read (a static file never costs a query).
	session  bool
	signedIn bool
	// action is the permission the route uses. Without perTicket, the role must
	// grant it (on the actor's own team at least) or the route answers 403.
	action access.Action
	// perTicket routes act on one request: core checks the action against the
	// request's team, and records a refusal in the request's audit trail.
	perTicket bool
}

var (
	staticFile = need{}                              // anyone, and no session read
	public     = need{session: true}                 // anyone; the session is read when there is one
	signedIn   = need{session: true, signedIn: true} // any signed-in account
)

// can is a route the role must be allowed.
func can(a access.Action) need { return need{session: true, signedIn: true, action: a} }

// onTicket is a route about one request; core checks a on that request.
func onTicket(a access.Action) need {
	return need{session: true, signedIn: true, action: a, perTicket: true}
}

// table is the whole workspace, top to bottom: pattern, permission, handler.
// Every POST but the sign-in form checks the session's CSRF token; the sign-in
// form checks its own (login.go).
func (s *server) table() []route {
	return []route{
		{"GET /login", public, s.loginPage},
		{"POST /login", public, s.signIn},
		{"POST /logout", signedIn, s.signOut},
		{"POST /agent/lang", signedIn, s.setLang},

		{"GET /agent", can(access.ReadTicket), s.inbox},
		{"GET /agent/tickets/{id}", onTicket(access.ReadTicket), s.ticketPage},
		{"POST /agent/tickets/{id}/reply", onTicket(access.ReplyTicket), s.reply},
		{"POST /agent/tickets/{id}/note", onTicket(access.NoteTicket), s.note},
		{"POST /agent/tickets/{id}/state", onTicket(access.UpdateTicket), s.changeState},
		{"POST /agent/tickets/{id}/assign", onTicket(access.UpdateTicket), s.assignToMe},

		{"GET /static/{file...}", staticFile, s.static},
	}
}

// route is one row of the table.
type route struct {
	pattern string
	need    need
	handle  handlerFunc
}

// handlerFunc is a handler that leaves error pages to fail.
type handlerFunc func(w http.ResponseWriter, r *http.Request, v *visit) error

// Route describes one endpoint as the table declares it, for the tests that
// check the surface's security row by row.
type Route struct {
	Pattern   string // "METHOD /path/{param}"
	SignedIn  bool
	Action    access.Action // "" when the route needs no permission
	PerTicket bool          // checked by core on the ticket's team
}

// Routes lists the endpoints, read from the route table itself.
func Routes() []Route {
	var out []Route
	for _, rt := range (&server{}).table() {
		out = append(out, Route{Pattern: rt.pattern, SignedIn: rt.need.signedIn, Action: rt.need.action,
			PerTicket: rt.need.perTicket})
	}
	return out
}
