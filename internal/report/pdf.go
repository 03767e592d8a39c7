package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"
)

// The PDF is drawn with fpdf's built-in Helvetica and the Windows-1252 code page,
// which holds every French letter (é, è, ç, œ, «, », the no-break space): no font
// file to embed or license, and a small file. Text is translated from UTF-8 at
// each call through tr.

// Page geometry, in millimetres (A4 portrait).
const (
	pdfMargin = 15.0
	pdfWidth  = 210.0 - 2*pdfMargin
	lineH     = 6.0
)

type pdfDoc struct {
	*fpdf.Fpdf
	tr func(string) string
}

// WritePDF writes the report as a PDF: title, period, key figures, the charts with
// their data tables, the services and consultations, the definitions, and a footer
// with the page number on every page.
func WritePDF(w io.Writer, d Document) error { return writePDF(w, d, true) }

// writePDF writes the PDF; tests turn compression off to read its text back.
func writePDF(w io.Writer, d Document, compress bool) error {
	p := pdfDoc{Fpdf: fpdf.New("P", "mm", "A4", "")}
	p.tr = p.UnicodeTranslatorFromDescriptor("cp1252")
	p.SetCompression(compress)
	p.SetCreationDate(d.Generated)
	p.SetModificationDate(d.Generated)
	p.SetTitle(d.Heading(), true)
	p.SetAuthor("Guichet", true)
	p.SetLang("fr-FR")
	p.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	p.SetAutoPageBreak(true, 18)
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont("Helvetica", "", 8)
		p.SetTextColor(80, 80, 80)
		p.CellFormat(pdfWidth/2, 5, p.tr(shorten(d.Heading(), 70)), "", 0, "L", false, 0, "")
		p.CellFormat(pdfWidth/2, 5, p.tr(fmt.Sprintf("Page %d / {nb}", p.PageNo())), "", 0, "R", false, 0, "")
	})
	p.AddPage()
	p.title(d)
	p.keyFigures(d)
	for _, c := range d.Charts() {
		p.chart(c)
	}
	p.escalations(d)
	p.consultations(d)
	p.glossary()
	if err := p.Error(); err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	return p.Output(w)
}

func (p pdfDoc) title(d Document) {
	p.SetTextColor(0, 0, 145)
	p.SetFont("Helvetica", "B", 20)
	p.CellFormat(pdfWidth, 10, p.tr(d.Title), "", 1, "L", false, 0, "")
	p.SetTextColor(27, 27, 27)
	p.SetFont("Helvetica", "", 12)
	p.CellFormat(pdfWidth, 7, p.tr(d.Cell), "", 1, "L", false, 0, "")
	p.CellFormat(pdfWidth, 7, p.tr("Période : "+d.Period.Label()), "", 1, "L", false, 0, "")
	p.SetFont("Helvetica", "", 9)
	p.CellFormat(pdfWidth, 6, p.tr("Généré le "+DateFR(d.Generated)), "", 1, "L", false, 0, "")
	p.Ln(3)
}

// heading starts a section, on a new page when fewer than need millimetres remain.
func (p pdfDoc) heading(s string, need float64) {
	_, h := p.GetPageSize()
	if p.GetY()+need > h-20 {
		p.AddPage()
	}
	p.Ln(3)
	p.SetFont("Helvetica", "B", 13)
	p.SetTextColor(0, 0, 145)
	p.CellFormat(pdfWidth, 8, p.tr(s), "B", 1, "L", false, 0, "")
	p.SetTextColor(27, 27, 27)
	p.Ln(2)
}

func (p pdfDoc) help(s string) {
	p.SetFont("Helvetica", "I", 8.5)
	p.SetTextColor(60, 60, 60)
	p.MultiCell(pdfWidth, 4.2, p.tr(s), "", "L", false)
	p.SetTextColor(27, 27, 27)
	p.Ln(1)
}

func (p pdfDoc) keyFigures(d Document) {
	p.heading("Chiffres clés", 40)
	p.table([]string{"Indicateur", "Valeur"}, []float64{130, 50}, keyRows(d.KeyFigures()))
}

func keyRows(ks []KeyFigure) [][]string {
	var out [][]string
	for _, k := range ks {
		out = append(out, []string{k.Label, k.Text()})
	}
	return out
}

// table draws a bordered table; the last column is right-aligned (the numbers).
func (p pdfDoc) table(head []string, widths []float64, rows [][]string) {
	p.SetFont("Helvetica", "B", 9.5)
	p.SetFillColor(232, 232, 245)
	for i, h := range head {
		p.CellFormat(widths[i], lineH+1, p.tr(h), "1", 0, "L", true, 0, "")
	}
	p.Ln(-1)
	p.SetFont("Helvetica", "", 9.5)
	for _, r := range rows {
		for i, c := range r {
			align := "L"
			if i == len(r)-1 {
				align = "R"
			}
			p.CellFormat(widths[i], lineH, p.tr(fit(p, c, widths[i]-2)), "1", 0, align, false, 0, "")
		}
		p.Ln(-1)
	}
}

// fit shortens a cell's text to its width.
func fit(p pdfDoc, s string, w float64) string {
	for r := []rune(s); len(r) > 1 && p.GetStringWidth(p.tr(string(r))) > w; r = r[:len(r)-1] {
		s = string(r[:len(r)-2]) + "…"
	}
	return s
}

// chart draws a bar chart and its data table.
func (p pdfDoc) chart(c Chart) {
	p.heading(c.Title, float64(len(c.Bars))*lineH*2+30)
	p.help(c.Help)
	maxV := 0.0
	for _, b := range c.Bars {
		maxV = max(maxV, b.Value)
	}
	const labelW, valueW = 60.0, 20.0
	span := pdfWidth - labelW - valueW
	p.SetFont("Helvetica", "", 9)
	for _, b := range c.Bars {
		x, y := p.GetX(), p.GetY()
		p.CellFormat(labelW, lineH, p.tr(fit(p, b.Label, labelW-3)), "", 0, "R", false, 0, "")
		if w := span * b.Value / max(maxV, 1); w > 0 {
			p.SetFillColor(0, 0, 145)
			p.Rect(x+labelW+1, y+1, w, lineH-2, "F")
		}
		p.SetX(x + labelW + 2 + span*b.Value/max(maxV, 1))
		p.CellFormat(valueW, lineH, p.tr(b.Text), "", 1, "L", false, 0, "")
	}
	p.Ln(2)
	var rows [][]string
	for _, b := range c.Bars {
		rows = append(rows, []string{b.Label, b.Text})
	}
	p.table([]string{"Libellé", "Valeur"}, []float64{130, 50}, rows)
}

func (p pdfDoc) escalations(d Document) {
	p.heading("Transmises aux services", 40)
	p.help(Define("escalated").Help)
	var rows [][]string
	for _, r := range d.Escalations() {
		rows = append(rows, []string{r.Label, Integer(int64(r.Num)), r.Text()})
	}
	p.table([]string{"Service", "Demandes", "Part"}, []float64{110, 35, 35}, rows)
}

func (p pdfDoc) consultations(d Document) {
	p.heading("Consultations les plus demandées", 40)
	rows := d.ConsultationRows()
	if len(rows) == 0 {
		p.help("Aucune demande de la période ne cite de consultation.")
		return
	}
	var cells [][]string
	for _, r := range rows {
		cells = append(cells, []string{r.Key, r.Label, r.Text()})
	}
	p.table([]string{"Référence", "Objet", "Demandes"}, []float64{40, 110, 30}, cells)
}

func (p pdfDoc) glossary() {
	p.heading("Définitions", 30)
	for _, def := range definitions {
		p.SetFont("Helvetica", "B", 9)
		p.MultiCell(pdfWidth, 4.5, p.tr(def.Label), "", "L", false)
		p.help(strings.TrimSpace(def.Help))
	}
}
