package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/ticket"
)

// CSV files are written the way French spreadsheets open them without an import
// dialog: UTF-8 with a byte-order mark (without it Excel reads Latin-1), ";" between
// fields (the comma is the decimal separator), decimal commas, CRLF line ends,
// dates as DD/MM/YYYY HH:MM in the cell's time zone.

const bom = "\ufeff"

// unitNames are the CSV's "unité" column.
var unitNames = map[Unit]string{Count: "demandes", Share: "%", Hours: "heures ouvrées", Score: "/5"}

// WriteFiguresCSV writes one line per figure and breakdown line (Figures.Rows).
// Shares are written as percentages ("83,33"), business times as decimal hours
// ("6,50"); an undefined value is an empty field.
func WriteFiguresCSV(w io.Writer, f *Figures) error {
	cw := newCSV(w)
	from, last := f.Period.From.Format("02/01/2006"), f.Period.Last().Format("02/01/2006")
	cw.Write([]string{"indicateur", "clé", "libellé", "valeur", "unité", "numérateur", "dénominateur", "du", "au"})
	for _, r := range f.Rows() {
		num, den := strconv.Itoa(r.Num), ""
		if r.Unit == Share {
			den = strconv.Itoa(r.Den)
		}
		cw.Write([]string{r.ID, safe(r.Key), safe(r.Label), r.CSVValue(), unitNames[r.Unit], num, den, from, last})
	}
	cw.Flush()
	return cw.Error()
}

// CSVValue is the value as a CSV field: decimal comma, no thousands separator.
func (r Row) CSVValue() string {
	if !r.Defined {
		return ""
	}
	switch r.Unit {
	case Share:
		return decimalComma(r.Value*100, 2)
	case Hours, Score:
		return decimalComma(r.Value, 2)
	}
	return strconv.FormatInt(int64(r.Value), 10)
}

func decimalComma(v float64, decimals int) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', decimals, 64), ".", ",", 1)
}

func newCSV(w io.Writer) *csv.Writer {
	io.WriteString(w, bom)
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	return cw
}

// safe keeps a spreadsheet from reading a text field as a formula (CSV
// injection): a field that starts with =, +, -, @ or a tab gets a leading
// apostrophe, which spreadsheets show as text.
func safe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// TicketsCSV writes a list of requests, one line each, as the inbox shows them.
type TicketsCSV struct {
	cw     *csv.Writer
	loc    *time.Location
	topics map[string]string
	teams  map[string]string
}

// ticketHeader are the columns of a list of requests.
var ticketHeader = []string{"numéro", "créée le", "canal", "objet", "état", "thème", "périmètre", "consultation",
	"équipe", "agent", "résultat", "entreprise", "SIRET", "taille", "département", "contact", "courriel",
	"téléphone", "première réponse le", "résolue le", "échéance de première réponse", "échéance de résolution"}

// NewTicketsCSV starts a list of requests: byte-order mark and header line.
// Topics and teams name the configured values.
func NewTicketsCSV(w io.Writer, loc *time.Location, topics, teams []Label) *TicketsCSV {
	t := &TicketsCSV{cw: newCSV(w), loc: loc, topics: names(topics), teams: names(teams)}
	t.cw.Write(ticketHeader)
	return t
}

func names(ls []Label) map[string]string {
	m := map[string]string{}
	for _, l := range ls {
		m[l.ID] = l.Name
	}
	return m
}

// Write adds one request.
func (t *TicketsCSV) Write(tk *ticket.Ticket) error {
	var co, siret, size, dep, contact, email, tel, agent string
	if tk.Company != nil {
		co, siret, size, dep = tk.Company.Name, tk.Company.SIRET, string(tk.Company.Size), tk.Company.Departement
	}
	if tk.Contact != nil {
		contact, email, tel = tk.Contact.Name, tk.Contact.Email, tk.Contact.Phone
	}
	if tk.Assignee != nil {
		agent = tk.Assignee.Name
	}
	return t.cw.Write([]string{tk.Number, t.date(tk.CreatedAt), channelLabels[string(tk.Channel)], safe(tk.Subject),
		tk.State.LabelFR(), safe(or(t.topics[tk.Topic], tk.Topic)), scopeLabels[tk.Scope], safe(tk.ConsultationRef),
		safe(or(t.teams[tk.TeamID], tk.TeamID)), safe(agent), outcomeLabels[tk.Outcome], safe(co), siret, size, dep,
		safe(contact), safe(email), safe(tel), t.date(tk.FirstResponseAt), t.date(tk.ResolvedAt),
		t.date(tk.Due.FirstResponse), t.date(tk.Due.Resolution)})
}

// Close writes what is buffered and reports the first error.
func (t *TicketsCSV) Close() error {
	t.cw.Flush()
	return t.cw.Error()
}

func (t *TicketsCSV) date(at time.Time) string {
	if at.IsZero() {
		return ""
	}
	return at.In(t.loc).Format("02/01/2006 15:04")
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

var scopeLabels = map[ticket.Scope]string{ticket.General: "question générale", ticket.OwnTender: "consultation de l'acheteur",
	ticket.OtherBuyerTender: "consultation d'un autre acheteur", ticket.OffTopic: "hors sujet"}

var outcomeLabels = map[ticket.Outcome]string{ticket.AnsweredByCell: "répondu par la cellule",
	ticket.AnsweredByService: "répondu par le service", ticket.RedirectedToBuyer: "réorienté vers l'acheteur",
	ticket.OutcomeOffTopic: "hors sujet"}

func ticketOutcome(s string) ticket.Outcome { return ticket.Outcome(s) }
