package routing

// Consultation is what routing reads of the consultation a request is about.
type Consultation struct {
	Ref       string
	ServiceID string // the thematic service its CPV mapping names
	Own       bool   // its buyer is our own organisation
	Buyer     BuyerContact
}

// BuyerContact is how a company reaches the buyer of a consultation.
type BuyerContact struct {
	Name, Email, Phone, ProfileURL, QAURL string
}

// Facts are what the rules look at.
type Facts struct {
	Scope string
	Topic string
	// Consultation is nil when the request names none or the catalog does not
	// know it.
	Consultation *Consultation
	// CellID is the cell's team id.
	CellID string
}

// ProposalKind is what a rule proposes to the agent.
type ProposalKind string

// The proposals.
const (
	NoProposal      ProposalKind = ""
	ProposeEscalate ProposalKind = "escalate"         // transmit to a thematic service
	ProposeRedirect ProposalKind = "redirect"         // send the company to the buyer
	ProposeOffTopic ProposalKind = "off_topic_answer" // answer that the cell cannot help
)

// Decision is what the rules decided for a request.
type Decision struct {
	Rule string // the name of the rule that decided; "" when none matched
	// TeamID is the team the rule sends the request to ("" leaves it where it
	// is); Apply says whether to move it now or only to propose it.
	TeamID string
	Apply  bool
	// Proposal is what the agent is offered (read-only on the ticket page).
	Proposal ProposalKind
	Buyer    BuyerContact // for a redirection
}

// EffectiveScope is the scope the rules read: a request about a consultation
// the catalog knows is about our own tenders or another buyer's, whatever was
// typed; an off-topic request stays off-topic.
func EffectiveScope(scope string, c *Consultation) string {
	switch {
	case scope == "off_topic" || c == nil:
		return scope
	case c.Own:
		return "own_tender"
	}
	return "other_buyer_tender"
}

// Evaluate returns the decision of the first active rule that matches. A rule
// that sends a consultation to its service when the consultation (or its
// service) is unknown keeps the request in the cell.
func (rs Rules) Evaluate(f Facts) Decision {
	scope := EffectiveScope(f.Scope, f.Consultation)
	for _, r := range rs {
		if !r.Active || (r.Scope != "" && r.Scope != scope) || (r.Topic != "" && r.Topic != f.Topic) {
			continue
		}
		return r.decide(f)
	}
	return Decision{}
}

func (r Rule) decide(f Facts) Decision {
	d := Decision{Rule: r.Name}
	switch r.Action {
	case ToService:
		if f.Consultation == nil || f.Consultation.ServiceID == "" {
			return Decision{Rule: r.Name, TeamID: f.CellID}
		}
		d.TeamID, d.Apply = f.Consultation.ServiceID, r.Auto
		if !r.Auto {
			d.Proposal = ProposeEscalate
		}
	case ToTeam:
		d.TeamID, d.Apply = r.TeamID, r.Auto
		if !r.Auto {
			d.Proposal = ProposeEscalate
		}
	case Redirect:
		d.Proposal = ProposeRedirect
		if f.Consultation != nil {
			d.Buyer = f.Consultation.Buyer
		}
	case ToCell:
		d.TeamID = f.CellID
	case OffTopic:
		d.TeamID, d.Proposal = f.CellID, ProposeOffTopic
	}
	return d
}
