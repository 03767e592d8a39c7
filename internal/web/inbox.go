package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// pageSize is the inbox's page. Counting a view would read every matching
// request, so the inbox says "50+" past a page instead of counting.
const pageSize = ticket.DefaultLimit

// inboxView is the inbox screen.
type inboxView struct {
	*labels
	Query    inboxQuery
	Views    []tab
	Current  string
	Items    []*ticket.Ticket
	Count    string // "12", or "50+" when more pages follow; "" past the first page
	NextURL  string
	FirstURL string // on a later page: back to the first
	Errors   map[string]string
	Members  []ticket.UserRef // the agent filter's choices (every active account)
	States   []ticket.State
	Channels []ticket.Channel
	Scopes   []ticket.Scope
	Sorts    []ticket.Sort
	// Chips are the filters the form has no field for (a dashboard figure's
	// list), each removable; ClearURL drops them all.
	Chips    []chip
	ClearURL string
}

// tab is a view's link, with the number of requests in the view.
type tab struct {
	ID      string
	URL     string
	Current bool
	Count   string // "12", "1 000+"
}

// countViews counts each view's requests (capped: core.ViewCountLimit).
func (s *server) countViews(r *http.Request, v *visit, tabs []tab) error {
	for i := range tabs {
		f := ticket.Filter{}
		findView(tabs[i].ID, v.actor).apply(&f, v.actor)
		n, more, err := s.core.CountTickets(r.Context(), v.actor, f)
		if err != nil {
			return err
		}
		tabs[i].Count = number(v.lang, int64(n))
		if more {
			tabs[i].Count += "+"
		}
	}
	return nil
}

// inbox lists the requests of a view and its filters, one page at a time.
func (s *server) inbox(w http.ResponseWriter, r *http.Request, v *visit) error {
	lb, err := s.loadLabels(r.Context())
	if err != nil {
		return err
	}
	q := readInboxQuery(r.URL.Query())
	in := &inboxView{labels: lb, Query: q, States: ticket.States(), Channels: ticket.Channels(),
		Scopes: ticket.Scopes(), Sorts: []ticket.Sort{ticket.NewestFirst, ticket.DueFirst, ticket.OldestFirst}}
	f, vw, err := q.filter(v.actor, s.loc, pageSize)
	in.Current = vw.ID
	in.Views = tabs(v, vw.ID)
	status := http.StatusOK
	if err == nil {
		err = in.fill(s, r, v, f)
	}
	if err == nil {
		err = s.countViews(r, v, in.Views)
	}
	if err == nil {
		in.Members, err = s.core.Members(r.Context(), v.actor, "")
	}
	var ce *errs.Error
	if errors.As(err, &ce) && ce.Code == errs.Invalid {
		in.Errors, status = fieldMap(ce), http.StatusUnprocessableEntity
	} else if err != nil {
		return err
	}
	in.Chips, in.ClearURL = drillChips(v.lang, s.loc, q, lb.teams, in.Errors)
	return s.render(w, r, v, status, "inbox", v.lang.T("inbox.title"), in)
}

// fill runs the filter and sets the page's rows and links.
func (in *inboxView) fill(s *server, r *http.Request, v *visit, f ticket.Filter) error {
	page, err := s.core.Tickets(r.Context(), v.actor, f)
	if err != nil {
		return err
	}
	in.Items = page.Items
	first := in.Query.values()
	if page.Next != nil {
		next := in.Query.values()
		next.Set("after", writeCursor(page.Next))
		in.NextURL = "/agent?" + next.Encode()
	}
	switch {
	case in.Query.After != "":
		in.FirstURL = "/agent?" + first.Encode()
	case page.Next != nil:
		in.Count = v.lang.T("inbox.count.more", number(v.lang, int64(pageSize)))
	default:
		in.Count = v.lang.T(plural(v.lang, "inbox.count", len(page.Items)), number(v.lang, int64(len(page.Items))))
	}
	return nil
}

// ExportURL downloads, as CSV, every request the inbox's view and filters
// select (all pages: the cursor is left out).
func (in *inboxView) ExportURL() string {
	if q := in.Query.values(); len(q) > 0 {
		return "/agent/export.csv?" + q.Encode()
	}
	return "/agent/export.csv"
}

// tabs are the view links; a view keeps no filter of another.
func tabs(v *visit, current string) []tab {
	var out []tab
	for _, vw := range visibleViews(v.actor) {
		out = append(out, tab{ID: vw.ID, URL: "/agent?" + url.Values{"view": {vw.ID}}.Encode(), Current: vw.ID == current})
	}
	return out
}

// fieldMap indexes an invalid-input error's messages by field, for the form.
func fieldMap(e *errs.Error) map[string]string {
	out := map[string]string{}
	for _, f := range e.Fields {
		if _, dup := out[f.Field]; !dup {
			out[f.Field] = f.Message
		}
	}
	if len(out) == 0 {
		out[""] = e.Message
	}
	return out
}
