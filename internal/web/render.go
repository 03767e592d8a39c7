package web

import (
	"context"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/assets"
	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/ticket"
)

//go:embed templates/*.html
var templateFS embed.FS

// screens lists the templates of templates/ that are whole pages.
var screens = []string{"login", "inbox", "ticket", "error", "newcall", "macros", "dashboard", "consultation", "unanswered", "notifications", "admin_routing", "qa_public",
	"kb_list", "kb_edit", "kb_versions", "kb_search", "kb_similar", "survey",
	"calls", "mail_admin", "mail_template", "company"}

// mustParsePages parses every template once, at start-up: a broken template
// stops the program before it serves anything.
func mustParsePages() assets.Pages { return assets.MustParsePages(templateFS, funcs, screens...) }

// funcs are the few helpers templates need beyond page's methods.
var funcs = template.FuncMap{
	// fe pairs a field's id with its error message, for the "fielderror" part.
	"fe": func(id, msg string) fieldError { return fieldError{ID: id, Msg: msg} },
	// tel is a stored (E.164) number's tel: link, for the phones shown anywhere.
	"tel": phoneLinks{}.Tel,
	// macroForm pairs the page with a macro's id, for the "macro-form" template.
	"macroForm": func(p *page, id int64) macroForm { return macroForm{Page: p, ID: id} },
	// consultationPath is the address of a consultation's page.
	"consultationPath": consultationPath,
	// callPhone pairs the page with a number, for the "phone-link" part (calls.go).
	"callPhone": func(p *page, number string) callPhone { return callPhone{Page: p, Number: number} },
	// excerpt shortens a message for the screen pop (calls.go).
	"excerpt": excerpt,
	// telLink shows a phone number as a tel: link in French form (phone_format.go).
	"telLink": telLink,
	// withPhones shows a request's subject with its phone numbers as tel: links;
	// linkWithPhones also links it to the request (phone_format.go).
	"withPhones":     textWithPhones,
	"linkWithPhones": linkWithPhones,
	// companyPath is the address of a company's page (company.go).
	"companyPath": companyPath,
}

// fieldError is a field's error as the "fielderror" part shows it.
type fieldError struct{ ID, Msg string }

// page is what every template receives: the screen's own data in Data, and what
// the layout needs. Its methods translate and format in the page's language.
type page struct {
	Lang     lang
	Title    string
	Actor    access.Actor
	SignedIn bool
	CSRF     string
	Here     string // the current address, for the language switch to come back to
	Data     any
	Alerts   int // unseen SLA notifications, for the layout's badge (notifications.go)
	loc      *time.Location
	now      time.Time
	labels   *labels
}

// render writes a screen. It executes the template into a buffer first, so that
// a template error is still a clean error page rather than half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, v *visit, status int, screen, title string, data any) error {
	p := s.pageFor(r, v, data)
	p.Title, p.SignedIn, p.CSRF = title, v.signedIn, v.session.CSRF
	p.Alerts = s.alertBadge(r, v)
	return assets.Write(w, status, s.pages[screen], "layout.html", p)
}

// renderPart writes one named template of a screen, without the layout: the
// HTML fragments the workspace's script fetches (call screen lookups).
func (s *server) renderPart(w http.ResponseWriter, r *http.Request, v *visit, screen, part string, data any) error {
	p := s.pageFor(r, v, data)
	p.SignedIn, p.CSRF = v.signedIn, v.session.CSRF
	return assets.Write(w, http.StatusOK, s.pages[screen], part, p)
}

// pageFor is the page a view is rendered in. Parts of a view translated before
// rendering (the timeline) use it too.
func (s *server) pageFor(r *http.Request, v *visit, data any) *page {
	p := &page{Lang: v.lang, Actor: v.actor, Here: r.URL.RequestURI(), Data: data, loc: s.loc, now: s.now()}
	if l, ok := data.(interface{ labelSet() *labels }); ok {
		p.labels = l.labelSet()
	}
	if r.Method != http.MethodGet {
		// The page answers a post: coming back here must not post again.
		p.Here = "/agent"
		if h, ok := data.(interface{ here() string }); ok {
			p.Here = h.here()
		}
	}
	return p
}

// CanCall reports whether the viewer may log calls: the call screen's link and
// shortcut are shown only then.
func (p *page) CanCall() bool { return canLogCalls(p.Actor) }

// CanManageMacros reports whether the viewer may write canned answers.
func (p *page) CanManageMacros() bool { return p.Actor.Can(access.ManageMacros, "") }

// T translates a message key.
func (p *page) T(key string, args ...any) string { return p.Lang.T(key, args...) }

// DateTime writes an instant in full ("mardi 24 novembre 2026 à 10 h 05").
func (p *page) DateTime(t time.Time) string { return longDateTime(p.Lang, t, p.loc) }

// Short writes an instant for a table cell ("24/11/2026 10 h 05").
func (p *page) Short(t time.Time) string { return shortDateTime(p.Lang, t, p.loc) }

// ISO writes an instant for a <time datetime> attribute.
func (p *page) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Phone writes a stored (E.164) number as the French read it: "04 72 12 34 56".
func (p *page) Phone(e164 string) string { return phone.Format(e164) }

// Number writes a count with its thousands grouped ("1 234").
func (p *page) Number(n int) string { return number(p.Lang, int64(n)) }

// Duration writes a call's length.
func (p *page) Duration(d time.Duration) string { return duration(d) }

// Overdue reports whether a due time has passed.
func (p *page) Overdue(t time.Time) bool { return !t.IsZero() && t.Before(p.now) }

// Label translates a value of a closed list: Label "state" "new" is "nouvelle".
func (p *page) Label(list string, value any) string {
	v := fmt.Sprint(value) // the closed lists are string types
	if v == "" {
		return ""
	}
	return p.T(list + "." + v)
}

// Topic is a topic's label in the page's language.
func (p *page) Topic(id string) string {
	if p.labels != nil {
		for _, t := range p.labels.topics {
			if t.ID == id {
				if p.Lang == english && t.LabelEN != "" {
					return t.LabelEN
				}
				return t.LabelFR
			}
		}
	}
	return id
}

// Team is a team's name.
func (p *page) Team(id string) string {
	if p.labels != nil {
		for _, t := range p.labels.teams {
			if t.ID == id {
				return t.Name
			}
		}
	}
	return id
}

// labels are the configured lists that pages show by name.
type labels struct {
	topics []ticket.Topic
	teams  []ticket.Team
}

func (l *labels) labelSet() *labels { return l }

// Topics lists the active topics, for the pickers.
func (l *labels) Topics() []ticket.Topic { return activeTopics(l.topics) }

// Teams lists the active teams, for the pickers.
func (l *labels) Teams() []ticket.Team { return activeTeams(l.teams) }

// loadLabels reads the topics and teams (two small tables).
func (s *server) loadLabels(ctx context.Context) (*labels, error) {
	topics, err := s.core.Topics(ctx)
	if err != nil {
		return nil, err
	}
	teams, err := s.core.Teams(ctx)
	if err != nil {
		return nil, err
	}
	return &labels{topics: topics, teams: teams}, nil
}

func activeTopics(all []ticket.Topic) []ticket.Topic {
	var out []ticket.Topic
	for _, t := range all {
		if t.Active {
			out = append(out, t)
		}
	}
	return out
}

func activeTeams(all []ticket.Team) []ticket.Team {
	var out []ticket.Team
	for _, t := range all {
		if t.Active {
			out = append(out, t)
		}
	}
	return out
}
