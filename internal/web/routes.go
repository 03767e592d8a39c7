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
		{"GET /login/sso", public, s.startSSO},         // sso.go: single sign-on (OIDC)
		{"GET /login/sso/retour", public, s.finishSSO}, // the provider's callback
		{"POST /logout", signedIn, s.signOut},
		{"POST /agent/lang", signedIn, s.setLang},

		{"GET /agent", can(access.ReadTicket), s.inbox},
		{"GET /agent/events", can(access.ReadTicket), s.liveEvents},
		{"GET /agent/appels", can(access.ReadTicket), s.callLog}, // calls.go: the switchboard's calls
		{"GET /agent/appels/{id}/fiche", can(access.ReadTicket), s.callerCard},
		{"GET /agent/tickets/{id}/appels", onTicket(access.ReadTicket), s.ticketCalls},
		{"POST /agent/tickets/{id}/rappel", onTicket(access.ReplyTicket), s.logCallback},
		{"POST /agent/appeler", can(access.ReplyTicket), s.originate},
		{"GET /agent/admin/telephonie", can(access.ManageConfig), s.telephonyAdmin},
		{"POST /agent/admin/telephonie/postes", can(access.ManageConfig), s.setExtension},
		{"POST /agent/admin/telephonie/blocages", can(access.ManageConfig), s.blockNumber},
		{"POST /agent/admin/telephonie/deblocage", can(access.ManageConfig), s.unblockNumber},
		{"POST /agent/admin/telephonie/rappels", can(access.ManageConfig), s.saveCallbackWindow},
		{"GET /agent/entreprises/{siret}", can(access.ReadCompany), s.companyPage}, // company.go
		{"GET /agent/tickets/{id}", onTicket(access.ReadTicket), s.ticketPage},
		{"GET /agent/attachments/{id}", onTicket(access.ReadTicket), s.attachment},
		{"POST /agent/tickets/{id}/reply", onTicket(access.ReplyTicket), s.reply},
		{"POST /agent/tickets/{id}/note", onTicket(access.NoteTicket), s.note},
		// live.go: "I am typing here"; core checks reply (or note) on the request.
		{"POST /agent/tickets/{id}/presence", onTicket(access.ReplyTicket), s.presence},
		{"POST /agent/tickets/{id}/state", onTicket(access.UpdateTicket), s.changeState},
		{"POST /agent/tickets/{id}/assign", onTicket(access.UpdateTicket), s.assignToMe},
		{"POST /agent/tickets/{id}/fields", onTicket(access.UpdateTicket), s.changeFields},
		{"POST /agent/tickets/{id}/escalate", onTicket(access.UpdateTicket), s.escalate},
		{"POST /agent/tickets/{id}/redirect", onTicket(access.ReplyTicket), s.redirectToBuyer},
		{"POST /agent/tickets/{id}/offtopic", onTicket(access.ReplyTicket), s.markOffTopic},
		{"GET /agent/tickets/{id}/macros/{macro}", onTicket(access.ReplyTicket), s.macroText},

		{"GET /agent/appel", can(access.CreateTicket), s.newCallPage},
		{"POST /agent/appel", can(access.CreateTicket), s.postCall},
		{"GET /agent/appel/appelant", can(access.ReadCompany), s.callerFragment},
		{"GET /agent/appel/siret", can(access.ReadCompany), s.siretFragment},
		{"GET /agent/appel/consultations", can(access.ReadTicket), s.consultationFragment},
		{"GET /agent/consultations/{ref}", can(access.ReadTicket), s.consultationPage},

		{"GET /agent/macros", can(access.ManageMacros), s.macrosPage},
		{"POST /agent/macros", can(access.ManageMacros), s.saveMacro},
		{"POST /agent/macros/{macro}", can(access.ManageMacros), s.saveMacro},

		{"GET /agent/kb", can(access.ReadTicket), s.kbList}, // kb.go: the knowledge base
		{"GET /agent/kb/nouveau", can(access.ReplyTicket), s.kbNew},
		{"POST /agent/kb", can(access.ReplyTicket), s.kbSave},
		{"GET /agent/kb/{slug}", can(access.ReadTicket), s.kbEdit},
		{"POST /agent/kb/{slug}", can(access.ReplyTicket), s.kbSave},
		{"GET /agent/kb/{slug}/versions", can(access.ReadTicket), s.kbVersions},
		{"GET /agent/recherche", can(access.ReadTicket), s.kbSearch},
		{"GET /agent/tickets/{id}/similaires", onTicket(access.ReadTicket), s.kbSimilar},

		{"GET /agent/tableau-de-bord", can(access.ReadReports), s.dashboard},
		{"GET /agent/tableau-de-bord/chiffres.csv", can(access.ReadReports), s.figuresCSV},
		{"GET /agent/tableau-de-bord/rapport.pdf", can(access.ReadReports), s.reportPDF},
		{"GET /agent/export.csv", can(access.ReadTicket), s.ticketsCSV},
		{"POST /agent/tickets/{id}/satisfaction", onTicket(access.ReplyTicket), s.phoneRating},
		{"GET /enquete/{token}", public, s.surveyPage},
		{"POST /enquete/{token}", public, s.surveyComment},

		{"POST /agent/tickets/{id}/qa", onTicket(access.ReplyTicket), s.publishQA}, // qa.go: equal treatment
		{"GET /agent/sans-reponse", can(access.ReadReports), s.unanswered},         // unanswered.go
		{"GET /agent/notifications", can(access.ReadTicket), s.notifications},      // notifications.go
		{"GET /agent/admin/routage", can(access.ManageConfig), s.adminRouting},     // admin_routing.go
		// mail_admin.go: the outbox, the ignored incoming mails, the mail templates.
		{"GET /agent/admin/courriels", can(access.ManageConfig), s.mailAdmin},
		{"POST /agent/admin/courriels/{id}/renvoi", can(access.ManageConfig), s.retryMail},
		{"GET /agent/admin/modeles", can(access.ManageConfig), s.mailTemplates},
		{"GET /agent/admin/modeles/{name}/{lang}", can(access.ManageConfig), s.mailTemplatePage},
		{"POST /agent/admin/modeles/{name}/{lang}", can(access.ManageConfig), s.saveMailTemplate},
		{"POST /agent/admin/modeles/{name}/{lang}/defaut", can(access.ManageConfig), s.resetMailTemplate},
		{"POST /agent/admin/routage/calendrier", can(access.ManageConfig), s.saveCalendar},
		{"POST /agent/admin/routage/delais", can(access.ManageConfig), s.savePolicies},
		{"POST /agent/admin/routage/regles", can(access.ManageConfig), s.saveRules},
		{"GET /consultations/{ref}/questions", public, s.qaPage}, // qa.go: public, anonymised
		{"POST /consultations/{ref}/questions", public, s.qaSubscribe},

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
