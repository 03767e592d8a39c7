// Package tender is the procurement catalog's domain: buyers, their consultations
// (tenders) with lots, CPV codes and deadlines, and the table that sends a
// consultation to the thematic purchasing service that runs it.
//
// It is pure: parsers of open data (BOAMP, DECP) produce these types, the store
// keeps them, the use cases in internal/core read them.
package tender

import "time"

// BuyerKind classifies a buyer (acheteur public).
type BuyerKind string

// The kinds of buyer.
const (
	Region      BuyerKind = "region"
	Departement BuyerKind = "departement"
	Commune     BuyerKind = "commune"
	Hospital    BuyerKind = "hospital"
	State       BuyerKind = "state" // a State service
	OtherBuyer  BuyerKind = "other"
)

// BuyerKinds lists every kind.
func BuyerKinds() []BuyerKind {
	return []BuyerKind{Region, Departement, Commune, Hospital, State, OtherBuyer}
}

// Buyer is a public buyer, identified by its SIRET when known.
type Buyer struct {
	ID         int64
	SIRET      string // may be empty when a notice gives only a name
	Name       string
	Kind       BuyerKind
	Email      string
	Phone      string // E.164
	ProfileURL string // its profil d'acheteur, where it publishes and receives bids
	QAURL      string // where candidates ask questions about its consultations
	Own        bool   // our own organisation: the cell answers its tenders in detail
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Status is where a consultation stands.
type Status string

// The statuses.
const (
	Open      Status = "open"
	Closed    Status = "closed" // past its deadline, not yet awarded
	Awarded   Status = "awarded"
	Cancelled Status = "cancelled"
)

// ContractType is the nature of the contract.
type ContractType string

// The contract types.
const (
	Works    ContractType = "travaux"
	Supplies ContractType = "fournitures"
	Services ContractType = "services"
)

// Lot is one lot of a consultation.
type Lot struct {
	Number int
	Title  string
	CPV    string // main CPV code of the lot, "45112500-1"
}

// Consultation is a tender: what a buyer buys, how, and until when offers are received.
type Consultation struct {
	ID           int64
	Reference    string // the buyer's reference or the BOAMP id (idweb)
	BuyerID      int64
	BuyerSIRET   string
	BuyerName    string
	Object       string
	Procedure    string // as published: "Appel d'offres ouvert", "Procédure adaptée", …
	ContractType ContractType
	CPV          []string // main code first
	Lots         []Lot
	LotsCount    int // filled by lists, which do not load the lots themselves
	PublishedAt  time.Time
	Deadline     time.Time // DLRO: date limite de réception des offres (Paris time in the notices)
	Urgent       bool      // the offer period was shortened for urgency
	Status       Status
	NoticeURL    string
	Departements []string // départements the notice concerns (BOAMP code_departement)
	Descriptors  []string // BOAMP's keywords (descripteur_libelle), for search
	AmountCents  int64    // estimated or awarded amount, HT, in cents; 0 when unknown
	WinnerSIRET  string
	WinnerName   string
	ServiceID    string // the thematic service the CPV table sends it to
	Source       string // "boamp", "decp", "manual"
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// LaterStatus is the status a consultation keeps when two notices disagree: a
// notice read later may be older (an export replayed), so the furthest stage in
// the life of a consultation wins: open < closed < awarded < cancelled.
func LaterStatus(a, b Status) Status {
	rank := map[Status]int{"": -1, Open: 0, Closed: 1, Awarded: 2, Cancelled: 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// StatusAt is the status at a time: an open consultation past its deadline is closed.
func (c *Consultation) StatusAt(now time.Time) Status {
	if c.Status == Open && !c.Deadline.IsZero() && !now.Before(c.Deadline) {
		return Closed
	}
	return c.Status
}
