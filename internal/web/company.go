package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
)

// The company's page (/agent/entreprises/{siret}): who the company is, its
// contacts (tel: and mailto: links), its requests and its calls. The ticket
// page, the call log, the caller lookup of the call screen and a consultation's
// winner link to it. Plain HTML: it works without JavaScript.

// companyView is the company page.
type companyView struct {
	phoneLinks
	*core.CompanyFile
}

// companyPage is GET /agent/entreprises/{siret}.
func (s *server) companyPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	file, err := s.core.CompanyFile(r.Context(), v.actor, r.PathValue("siret"))
	if errs.Is(err, errs.Invalid) {
		// A path that is not a SIRET names no company.
		return errs.E(errs.NotFound, "Entreprise introuvable : « %s » n'est pas un SIRET valide.", r.PathValue("siret"))
	}
	if err != nil {
		return err
	}
	view := &companyView{phoneLinks: s.phoneLinks(), CompanyFile: file}
	title := file.Company.Name
	if title == "" {
		title = formatSIRET(file.Company.SIRET)
	}
	return s.render(w, r, v, http.StatusOK, "company", title, view)
}

// companyPath is the address of a company's page, "" when the company has no
// SIRET (a caller who gave none has no page).
func companyPath(siret string) string {
	if len(siret) != 14 || strings.Trim(siret, "0123456789") != "" {
		return ""
	}
	return "/agent/entreprises/" + siret
}

// formatSIRET writes a SIRET as it is printed: "443 061 841 00047" (the SIREN
// in threes, then the establishment's five digits).
func formatSIRET(siret string) string {
	if len(siret) != 14 {
		return siret
	}
	return siret[0:3] + " " + siret[3:6] + " " + siret[6:9] + " " + siret[9:]
}

// SIRET writes the company's SIRET as it is printed.
func (v *companyView) SIRET() string { return formatSIRET(v.Company.SIRET) }

// SizeKey is the message key of the company's size.
func (v *companyView) SizeKey() string {
	switch v.Company.Size {
	case company.TPE, company.PME, company.ETI, company.GE:
		return "company.size." + string(v.Company.Size)
	}
	return "company.size.unknown"
}

// TicketsLink and CallsLink are the full lists behind the page's latest ones.
func (v *companyView) TicketsLink() string {
	return "/agent?" + url.Values{"company": {v.Company.SIRET}, "view": {"all"}}.Encode()
}

func (v *companyView) CallsLink() string {
	return "/agent/appels?" + url.Values{"company": {v.Company.SIRET}}.Encode()
}
