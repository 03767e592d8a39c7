package portal

import "net/http"

// table is the companies' whole surface, top to bottom: pattern, who may call
// it, handler. "contact" routes need a portal session and check its CSRF token
// on every post; "anyone" routes are public (the question form guards itself
// with a signed start time, a honeypot field and rate limits).
func (s *server) table() []route {
	return []route{
		{"GET /question", anyone, s.questionPage},
		{"POST /question", anyone, s.questionPost},
		{"GET /question/envoyee", anyone, s.questionSent},
		{"GET /question/siret", anyone, s.siretCheck},
		{"GET /question/consultations", anyone, s.consultationSearch},

		{"GET /suivi", anyone, s.followHome},
		{"POST /suivi", anyone, s.askLink},
		{"GET /suivi/connexion", anyone, s.linkPage},
		{"POST /suivi/connexion", anyone, s.openLink},
		{"POST /suivi/deconnexion", contact, s.signOut},
		{"GET /suivi/demandes/{number}", contact, s.requestPage},
		{"POST /suivi/demandes/{number}/reponse", contact, s.reply},
		{"POST /suivi/demandes/{number}/cloture", contact, s.closeRequest},
		{"GET /suivi/demandes/{number}/fichiers/{id}", contact, s.download},

		{"GET /portail/static/{file...}", anyone, s.static},
	}
}

// need says what a route asks of the visitor.
type need int

const (
	anyone  need = iota // public; the portal session is read when there is one
	contact             // a signed-in company contact
)

type route struct {
	pattern string
	need    need
	handle  handlerFunc
}

// handlerFunc is a handler that leaves error pages to fail.
type handlerFunc func(w http.ResponseWriter, r *http.Request, v *visit) error

// Route describes one endpoint, for the tests that check the surface.
type Route struct {
	Pattern  string
	SignedIn bool
}

// Routes lists the endpoints, read from the table itself.
func Routes() []Route {
	var out []Route
	for _, rt := range (&server{}).table() {
		out = append(out, Route{Pattern: rt.pattern, SignedIn: rt.need == contact})
	}
	return out
}
