package importer_test

// BenchmarkBOAMPImport measures issue 4's Speed target: 100,000 BOAMP records
// imported in ≤ 60 s. Results in docs/perf-catalog.md.
//
//	go test -run '^$' -bench BOAMPImport -benchtime 1x -timeout 30m ./internal/importer/
//	GUICHET_BENCH_BOAMP=20000 go test -run '^$' -bench BOAMPImport -benchtime 1x ./internal/importer/
//	go test -run '^$' -bench BOAMPImport -benchtime 1x -cpuprofile cpu.out ./internal/importer/
//	GUICHET_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/test go test -run '^$' -bench BOAMPImport/postgres -benchtime 1x ./internal/importer/
//	GUICHET_BENCH_BOAMP_BATCH=200 go test -run '^$' -bench BOAMPImport/sqlite -benchtime 1x ./internal/importer/
//
// It writes GUICHET_BENCH_BOAMP records (100,000 by default) of the API page
// shape once, in a temporary file — notices of the legacy, eForms and French
// national forms, with their donnees strings, awards and cancellations that
// point to earlier notices, as in DILA's dataset — then imports the file into
// a fresh SQLite store per iteration through importer.Run, as the CLI does.
// The "parse" leg reads the file without storing it, to tell the parser's share
// from the store's; the "postgres" leg runs when GUICHET_BENCH_POSTGRES names a
// server (a schema is created and dropped per iteration). Rates are reported
// with b.ReportMetric, never asserted.

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/importer"
	"github.com/guichet/guichet/internal/importer/boamp"
	"github.com/guichet/guichet/internal/store"
)

func BenchmarkBOAMPImport(b *testing.B) {
	n := boampBenchSize(b)
	path := filepath.Join(b.TempDir(), "boamp.json")
	began := time.Now()
	size := writeBOAMPBench(b, path, n)
	b.Logf("%d records, %.0f MB, written in %v", n, float64(size)/1e6, time.Since(began).Round(time.Millisecond))
	b.Run("parse", func(b *testing.B) {
		for range b.N {
			f := boampOpen(b, path)
			start := time.Now()
			r := boamp.NewReader(f)
			read := 0
			for {
				_, err := r.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				var recErr *boamp.RecordError
				if err != nil && !errors.As(err, &recErr) {
					b.Fatal(err)
				}
				read++
			}
			f.Close()
			boampReport(b, read, size, time.Since(start))
		}
	})
	b.Run("sqlite", func(b *testing.B) {
		boampImport(b, path, n, size, func(b *testing.B) *store.Store {
			s, err := store.Open(context.Background(), store.Options{DataDir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			return s
		})
	})
	b.Run("postgres", func(b *testing.B) {
		dsn := os.Getenv("GUICHET_BENCH_POSTGRES")
		if dsn == "" {
			b.Skip("set GUICHET_BENCH_POSTGRES to a postgres:// URL to measure PostgreSQL")
		}
		boampImport(b, path, n, size, func(b *testing.B) *store.Store { return boampPostgres(b, dsn) })
	})
}

// boampImport imports the file into a fresh store per iteration, as the CLI does.
func boampImport(b *testing.B, path string, n int, size int64, open func(*testing.B) *store.Store) {
	for range b.N {
		b.StopTimer()
		s := open(b)
		svc := core.New(core.Options{Store: s})
		f := boampOpen(b, path)
		b.StartTimer()
		start, cpu := time.Now(), processCPU()
		o := importer.Options{Core: svc, Actor: access.System(), BatchSize: boampBatchSize(b)}
		sum, err := importer.Run(context.Background(), o, importer.BOAMP, bufio.NewReaderSize(f, 1<<20), "bench")
		d, used := time.Since(start), processCPU()-cpu
		b.StopTimer()
		f.Close()
		s.Close()
		if err != nil || sum.Read != n || sum.Rejected != 0 {
			b.Fatalf("import: %v, %s", err, sum)
		}
		boampReport(b, sum.Read, size, d)
		b.ReportMetric(float64(sum.Created), "created")
		b.ReportMetric(float64(sum.Updated), "updated")
		if used > 0 {
			b.ReportMetric(used.Seconds(), "cpu-s/import") // this process only: the server's work is not in it
		}
		b.StartTimer()
	}
}

// boampPostgres opens a store on a new schema of dsn, dropped when the
// benchmark ends.
func boampPostgres(b *testing.B, dsn string) *store.Store {
	schema := fmt.Sprintf("bench_boamp_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if db, err := sql.Open("pgx", dsn); err == nil {
			db.Exec("DROP SCHEMA " + schema + " CASCADE")
			db.Close()
		}
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	s, err := store.Open(context.Background(), store.Options{DatabaseURL: dsn + sep + "search_path=" + url.QueryEscape(schema)})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// boampReport reports the rate and the total time of one pass over the file.
func boampReport(b *testing.B, records int, size int64, d time.Duration) {
	b.ReportMetric(float64(records)/d.Seconds(), "records/s")
	b.ReportMetric(d.Seconds(), "s/import")
	b.ReportMetric(float64(size)/1e6/d.Seconds(), "MB/s")
}

// processCPU is the CPU time the process has used (user and system), read from
// /proc on Linux, 0 elsewhere: on a machine shared with other work, it tells
// what the import costs when the wall-clock time is stretched by others.
func processCPU() time.Duration {
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	s := string(stat)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // USER_HZ is 100 on Linux
}

func boampOpen(b *testing.B, path string) *os.File {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	return f
}

// boampBenchSize is the number of records, GUICHET_BENCH_BOAMP or 100,000.
func boampBenchSize(b *testing.B) int {
	v := os.Getenv("GUICHET_BENCH_BOAMP")
	if v == "" {
		return 100_000
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 100 {
		b.Fatalf("GUICHET_BENCH_BOAMP=%q: want a number of records, 100 or more", v)
	}
	return n
}

// boampBatchSize is the records per transaction, GUICHET_BENCH_BOAMP_BATCH or
// the importer's default.
func boampBatchSize(b *testing.B) int {
	v := os.Getenv("GUICHET_BENCH_BOAMP_BATCH")
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("GUICHET_BENCH_BOAMP_BATCH=%q: want a number of records per transaction", v)
	}
	return n
}

// writeBOAMPBench writes n records as an API page and returns the file's size.
func writeBOAMPBench(b *testing.B, path string, n int) int64 {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	g := newBOAMPGen(n)
	fmt.Fprintf(w, "{\"total_count\": %d, \"results\": [\n", n)
	for i := range n {
		if i > 0 {
			w.WriteString(",\n")
		}
		line, err := json.Marshal(g.record(i))
		if err != nil {
			b.Fatal(err)
		}
		w.Write(line)
	}
	w.WriteString("\n]}\n")
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		b.Fatal(err)
	}
	f.Close()
	return st.Size()
}

// boampGen draws notices: buyers of a pool (a buyer publishes many notices),
// objects and lots from real CPV codes, dates over eighteen months.
type boampGen struct {
	r      *rand.Rand
	buyers []boampBuyer
	ids    []string // idweb of each record so far, for annonce_lie
	opens  []int    // records that are calls for tenders, which awards may conclude
	total  int
	start  time.Time
	paris  *time.Location
}

type boampBuyer struct{ name, siret, town, cp, dep, tel, mail, url string }

func newBOAMPGen(n int) *boampGen {
	paris, _ := time.LoadLocation("Europe/Paris")
	g := &boampGen{r: rand.New(rand.NewPCG(26, 4)), total: n, start: time.Date(2025, 1, 2, 0, 0, 0, 0, paris), paris: paris}
	forms := []string{"Commune de ", "Commune de ", "Ville de ", "Communauté de communes du Pays de ", "Centre hospitalier de ",
		"Département de ", "SIVOM de ", "Office public de l'habitat de ", "Syndicat des eaux de ", "Collège "}
	deps := []string{"01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74", "21", "71", "75", "13", "31", "33"}
	for i := range max(200, n/25) {
		town := boampTown(g.r)
		dep := deps[g.r.IntN(len(deps))]
		host := strings.ToLower(strings.NewReplacer(" ", "-", "'", "-").Replace(town))
		g.buyers = append(g.buyers, boampBuyer{name: forms[g.r.IntN(len(forms))] + town, siret: boampSIRET(g.r, i),
			town: town, cp: dep + fmt.Sprintf("%03d", g.r.IntN(1000)), dep: dep,
			tel:  fmt.Sprintf("04 %02d %02d %02d %02d", 70+g.r.IntN(10), g.r.IntN(100), g.r.IntN(100), g.r.IntN(100)),
			mail: "marches@" + host + ".example", url: "https://marches." + host + ".example"})
	}
	return g
}

// boampSIRET draws a valid SIRET of a public buyer, unique by i.
func boampSIRET(r *rand.Rand, i int) string {
	for {
		s := fmt.Sprintf("2%07d%05d", i, r.IntN(100_000))
		for d := '0'; d <= '9'; d++ {
			if company.ValidSIRET(s + string(d)) {
				return s + string(d)
			}
		}
	}
}

func boampTown(r *rand.Rand) string {
	a := []string{"Saint-", "Sainte-", "", "", "", "La ", "Le "}
	b := []string{"Bois", "Mont", "Val", "Roche", "Font", "Chastel", "Beau", "Clair", "Pierre", "Vigne", "Brie", "Vaux", "Bel"}
	c := []string{"ville", "court", "mont", "ac", "ieu", "ay", "eux", "on", "in", "ière"}
	d := []string{"", "", "", "-sur-Loire", "-en-Velay", "-les-Bains", "-d'Azergues", "-sur-Isère"}
	return a[r.IntN(len(a))] + b[r.IntN(len(b))] + c[r.IntN(len(c))] + d[r.IntN(len(d))]
}

// record draws the i-th notice: mostly calls for tenders, 15 % awards and 1 %
// cancellations of an earlier one, 3 % corrections; 45 % legacy bodies, 45 %
// eForms, 10 % French national forms.
func (g *boampGen) record(i int) map[string]any {
	r := g.r
	by := &g.buyers[r.IntN(len(g.buyers))]
	pub := g.start.AddDate(0, 0, i*540/g.total)
	id := fmt.Sprintf("%02d-%06d", pub.Year()%100, 10_000+i)
	g.ids = append(g.ids, id)
	due := time.Date(pub.Year(), pub.Month(), pub.Day()+21+r.IntN(25), []int{10, 12, 12, 16}[r.IntN(4)], 0, 0, 0, g.paris)
	k := boampKinds[r.IntN(len(boampKinds))]
	n := &boampNotice{id: id, by: by, kind: k, pub: pub, due: due, nature: "APPEL_OFFRE", etat: "INITIAL",
		lots: r.IntN(7), formal: r.IntN(10) < 4, amount: 40_000 + r.IntN(3_000_000)}
	switch p := r.IntN(100); {
	case p < 15 && len(g.opens) > 0:
		n.nature, n.linked = "ATTRIBUTION", g.ids[g.opens[r.IntN(len(g.opens))]]
		n.winner = boampTown(r) + " " + []string{"BTP", "Services", "Propreté", "Ingénierie", "SAS"}[r.IntN(5)]
	case p < 16 && len(g.opens) > 0:
		n.etat, n.linked = "AVIS_ANNULE", g.ids[g.opens[r.IntN(len(g.opens))]]
	case p < 19:
		n.nature = "RECTIFICATIF"
	default:
		g.opens = append(g.opens, i)
	}
	var body any
	switch f := r.IntN(20); {
	case f < 9:
		body = n.legacy(r)
	case f < 18:
		body = n.eforms(r)
	default:
		body = n.national()
	}
	donnees, _ := json.Marshal(body)
	return n.columns(string(donnees))
}

// boampKind is what a notice buys.
type boampKind struct {
	object, cpv, nature, descriptor string
	lots                            []string // lot titles, when divided
}

var boampKinds = []boampKind{
	{"Réhabilitation énergétique du groupe scolaire", "45453000", "TRAVAUX", "Bâtiment (travaux)",
		[]string{"Désamiantage", "Gros œuvre", "Charpente couverture", "Menuiseries extérieures", "Plâtrerie peinture", "Électricité", "Plomberie CVC"}},
	{"Construction d'un gymnase", "45212200", "TRAVAUX", "Bâtiment (travaux)",
		[]string{"VRD", "Gros œuvre", "Charpente métallique", "Bardage", "Sols sportifs", "Électricité", "Chauffage ventilation"}},
	{"Travaux de voirie et réseaux divers", "45233140", "TRAVAUX", "Voirie (travaux)", []string{"Secteur nord", "Secteur sud", "Secteur centre"}},
	{"Réfection de la toiture de la mairie", "45261000", "TRAVAUX", "Couverture (travaux)", []string{"Couverture", "Étanchéité", "Zinguerie"}},
	{"Travaux d'assainissement collectif", "45232410", "TRAVAUX", "Assainissement (travaux)", nil},
	{"Nettoyage des locaux administratifs", "90919200", "SERVICES", "Nettoyage de locaux", []string{"Hôtel de ville", "Écoles", "Équipements sportifs"}},
	{"Entretien des espaces verts", "77310000", "SERVICES", "Espaces verts", []string{"Tonte", "Taille", "Élagage"}},
	{"Maintenance des installations de chauffage", "50720000", "SERVICES", "Chauffage (maintenance)", nil},
	{"Fourniture de repas en liaison froide", "55321000", "SERVICES", "Restauration collective", nil},
	{"Transport scolaire", "60130000", "SERVICES", "Transports scolaires", []string{"Circuit 1", "Circuit 2", "Circuit 3", "Circuit 4"}},
	{"Tierce maintenance applicative", "72267000", "SERVICES", "Informatique (prestations de services)", nil},
	{"Fourniture de matériel informatique", "30200000", "FOURNITURES", "Matériel informatique", []string{"Postes de travail", "Portables", "Écrans"}},
	{"Fourniture de mobilier scolaire", "39160000", "FOURNITURES", "Mobilier", []string{"Tables et chaises", "Rangements"}},
	{"Fourniture de denrées alimentaires", "15000000", "FOURNITURES", "Produits alimentaires", []string{"Viandes", "Fruits et légumes", "Produits laitiers", "Épicerie"}},
	{"Fourniture de consommables médicaux", "33140000", "FOURNITURES", "Matériel médical", []string{"Pansements", "Perfusion", "Gants"}},
	{"Assurance dommages aux biens", "66510000", "SERVICES", "Assurances", []string{"Dommages aux biens", "Responsabilité civile", "Flotte automobile"}},
	{"Collecte des déchets ménagers", "90511000", "SERVICES", "Déchets", nil},
	{"Maîtrise d'œuvre pour la rénovation de la médiathèque", "71221000", "SERVICES", "Maîtrise d'œuvre", nil},
}

// boampText is the free text notices carry (conditions, complementary
// information), which makes most of a body's weight.
const boampText = "Les candidats transmettent leur candidature et leur offre par voie électronique sur le profil d'acheteur. " +
	"La candidature comprend le formulaire DC1 ou la lettre de candidature, le DC2 ou un DUME, les attestations d'assurance " +
	"et les références de moins de trois ans pour des prestations similaires. Les offres sont jugées sur la valeur technique " +
	"appréciée au regard du mémoire technique (60 %) et le prix (40 %). Une visite sur site est conseillée. "

// boampNotice is one notice being drawn.
type boampNotice struct {
	id, nature, etat, linked, winner string
	by                               *boampBuyer
	kind                             boampKind
	pub, due                         time.Time
	lots, amount                     int
	formal                           bool
}

func (n *boampNotice) procedure() (legacy, eforms, label string) {
	if n.formal {
		return "OUVERT", "open", "Appel d'offres ouvert"
	}
	return "PROCEDURE_ADAPTE", "oth-single", "Procédure adaptée"
}

// lotTitles are the notice's lots: none, or the first of its kind's.
func (n *boampNotice) lotTitles() []string {
	return n.kind.lots[:min(n.lots, len(n.kind.lots))]
}

// columns are the record's own fields, around its donnees string.
func (n *boampNotice) columns(donnees string) map[string]any {
	_, _, label := n.procedure()
	famille := "MAPA"
	if n.formal {
		famille = "JOUE"
	}
	m := map[string]any{
		"idweb": n.id, "id": n.id, "objet": n.kind.object + " – " + n.by.town, "famille": famille,
		"code_departement": []string{n.by.dep}, "dateparution": n.pub.Format("2006-01-02"),
		"datefindiffusion": n.due.Format("2006-01-02"), "datelimitereponse": n.due.UTC().Format("2006-01-02T15:04:05+00:00"),
		"nomacheteur": n.by.name, "titulaire": nil, "perimetre": "DIRECTIVE-24", "nature": n.nature,
		"type_marche": []string{n.kind.nature}, "descripteur_libelle": []string{n.kind.descriptor},
		"procedure_libelle": label, "etat": n.etat, "url_avis": "https://www.boamp.fr/pages/avis/?q=idweb:%22" + n.id + "%22",
		"donnees": donnees,
	}
	if n.linked != "" {
		m["annonce_lie"] = []string{n.linked}
		m["datelimitereponse"] = nil
	}
	if n.winner != "" {
		m["titulaire"] = []string{n.winner}
	}
	return m
}

// legacy is a body in the legacy BOAMP schema.
func (n *boampNotice) legacy(r *rand.Rand) map[string]any {
	proc, _, _ := n.procedure()
	obj := map[string]any{
		"TITRE_MARCHE": n.kind.object, "TYPE_MARCHE": map[string]any{n.kind.nature: ""},
		"OBJET_COMPLET": n.kind.object + " pour le compte de " + n.by.name + ". " + boampText,
		"CPV":           map[string]any{"PRINCIPAL": n.kind.cpv},
		"CARACTERISTIQUES": map[string]any{"VALEUR_TOTALE": map[string]any{"@DEVISE": "EUR", "#text": strconv.Itoa(n.amount)},
			"QUANTITE": boampText[:200]},
	}
	if lots := n.lotTitles(); len(lots) > 0 {
		var ls []any
		for i, t := range lots {
			ls = append(ls, map[string]any{"NUM": strconv.Itoa(i + 1), "INTITULE": t, "DESCRIPTION": t + " : " + boampText[:160],
				"CPV": map[string]any{"PRINCIPAL": n.kind.cpv}})
		}
		obj["DIV_EN_LOTS"], obj["LOTS"] = map[string]any{"OUI": ""}, map[string]any{"LOT": ls}
	}
	d := map[string]any{
		"IDENTITE": map[string]any{"DENOMINATION": n.by.name, "CORRESPONDANT": "Service de la commande publique",
			"ADRESSE": fmt.Sprintf("%d place de la Mairie", 1+r.IntN(40)), "CP": n.by.cp, "VILLE": n.by.town, "TEL": n.by.tel,
			"MEL": n.by.mail, "URL": n.by.url, "URL_PROFIL_ACHETEUR": n.by.url, "SIRET": n.by.siret},
		"TYPE_ORGANISME": map[string]any{"COLLECTIVITE_TERRITORIALE": ""}, "OBJET": obj,
		"PROCEDURE": map[string]any{"TYPE_PROCEDURE": map[string]any{proc: ""}, "CRITERES_ATTRIBUTION": map[string]any{
			"CRITERES_PONDERES": map[string]any{"CRITERE": []any{
				map[string]any{"@POIDS": "60", "#text": "Valeur technique"}, map[string]any{"@POIDS": "40", "#text": "Prix"}}}}},
		"CONDITION_PARTICIPATION":        map[string]any{"CAP_ECO": boampText, "CAP_TECH": boampText[:300]},
		"RENSEIGNEMENTS_COMPLEMENTAIRES": boampText,
	}
	if n.linked == "" {
		d["CONDITION_DELAI"] = map[string]any{"RECEPT_OFFRES": n.due.Format(time.RFC3339)}
	}
	if n.winner != "" {
		d["ATTRIBUTION"] = map[string]any{"DECISION": map[string]any{"NUM_LOT": "1",
			"TITULAIRE": map[string]any{"DENOMINATION": n.winner}, "MONTANT": strconv.Itoa(n.amount)}}
	}
	return d
}

// eforms is a body in the eForms schema, as BOAMP renders its UBL in JSON.
func (n *boampNotice) eforms(r *rand.Rand) map[string]any {
	_, code, _ := n.procedure()
	text := func(v string) map[string]any { return map[string]any{"@languageID": "FRA", "#text": v} }
	cpv := func(c string) map[string]any {
		return map[string]any{"cbc:ItemClassificationCode": map[string]any{"@listName": "cpv", "#text": c}}
	}
	org := func(id, name, siret, tel, mail string) map[string]any {
		return map[string]any{"efac:Company": map[string]any{
			"cac:PartyIdentification": map[string]any{"cbc:ID": map[string]any{"@schemeName": "organization", "#text": id}},
			"cac:PartyName":           map[string]any{"cbc:Name": text(name)},
			"cac:PostalAddress": map[string]any{"cbc:CityName": n.by.town, "cbc:PostalZone": n.by.cp,
				"cbc:CountrySubentityCode": map[string]any{"@listName": "nuts", "#text": "FRK2" + strconv.Itoa(r.IntN(9))}},
			"cac:PartyLegalEntity": map[string]any{"cbc:CompanyID": siret},
			"cac:Contact":          map[string]any{"cbc:Telephone": tel, "cbc:ElectronicMail": mail},
			"cbc:BuyerProfileURI":  n.by.url}}
	}
	orgs := []any{org("ORG-0001", n.by.name, n.by.siret, n.by.tel, n.by.mail),
		org("ORG-0002", "Tribunal administratif", "13000000000000", "+33 4 87 63 50 00", "greffe@ta.example")}
	ext := map[string]any{"efac:NoticeSubType": map[string]any{"cbc:SubTypeCode": map[string]any{"#text": "16"}}}
	if n.winner != "" {
		orgs = append(orgs, org("ORG-0003", n.winner, "", "+33 4 72 00 00 00", "contact@titulaire.example"))
		ext["efac:NoticeResult"] = map[string]any{"cbc:TotalAmount": map[string]any{"@currencyID": "EUR", "#text": strconv.Itoa(n.amount)},
			"efac:LotResult": map[string]any{"efac:TenderingParty": map[string]any{"efac:Tenderer": map[string]any{"cbc:ID": "ORG-0003"}}}}
	}
	ext["efac:Organizations"] = map[string]any{"efac:Organization": orgs}
	var lots []any
	titles := n.lotTitles()
	if len(titles) == 0 {
		titles = []string{n.kind.object}
	}
	for i, t := range titles {
		lots = append(lots, map[string]any{
			"cbc:ID": map[string]any{"@schemeName": "Lot", "#text": fmt.Sprintf("LOT-%04d", i+1)},
			"cac:TenderingTerms": map[string]any{"cac:AwardingTerms": map[string]any{"cac:AwardingCriterion": map[string]any{
				"cac:SubordinateAwardingCriterion": []any{
					map[string]any{"cbc:AwardingCriterionTypeCode": "quality", "cbc:Description": text("Valeur technique")},
					map[string]any{"cbc:AwardingCriterionTypeCode": "price", "cbc:Description": text("Prix")}}}}},
			"cac:TenderingProcess": map[string]any{"cac:TenderSubmissionDeadlinePeriod": map[string]any{
				"cbc:EndDate": n.due.Format("2006-01-02-07:00"), "cbc:EndTime": n.due.Format("15:04:05-07:00")}},
			"cac:ProcurementProject": map[string]any{"cbc:Name": text(t), "cbc:Description": text(t + " : " + boampText[:200]),
				"cac:MainCommodityClassification": cpv(n.kind.cpv),
				"cac:PlannedPeriod":               map[string]any{"cbc:DurationMeasure": map[string]any{"@unitCode": "MONTH", "#text": "48"}}},
		})
	}
	root := "ContractNotice"
	if n.winner != "" {
		root = "ContractAwardNotice"
	}
	return map[string]any{"EFORMS": map[string]any{root: map[string]any{
		"ext:UBLExtensions": map[string]any{"ext:UBLExtension": map[string]any{"ext:ExtensionContent": map[string]any{
			"efext:EformsExtension": ext}}},
		"cbc:UBLVersionID": "2.3", "cbc:CustomizationID": "eforms-sdk-1.10",
		"cbc:ID":        map[string]any{"@schemeName": "notice-id", "#text": fmt.Sprintf("%08x-bench-%s", r.Uint32(), n.id)},
		"cbc:IssueDate": n.pub.Format("2006-01-02-07:00"),
		"cac:ContractingParty": map[string]any{"cbc:BuyerProfileURI": n.by.url,
			"cac:Party": map[string]any{"cac:PartyIdentification": map[string]any{"cbc:ID": "ORG-0001"}}},
		"cac:TenderingProcess": map[string]any{"cbc:ProcedureCode": map[string]any{"@listName": "procurement-procedure-type", "#text": code}},
		"cac:ProcurementProject": map[string]any{"cbc:Name": text(n.kind.object), "cbc:Description": text(boampText),
			"cbc:ProcurementTypeCode":               map[string]any{"@listName": "contract-nature", "#text": strings.ToLower(n.kind.nature)},
			"cac:MainCommodityClassification":       cpv(n.kind.cpv),
			"cac:AdditionalCommodityClassification": []any{cpv(n.kind.cpv)},
			"cac:RequestedTenderTotal": map[string]any{"cbc:EstimatedOverallContractAmount": map[string]any{
				"@currencyID": "EUR", "#text": strconv.Itoa(n.amount)}}},
		"cac:ProcurementProjectLot": lots,
	}}}
}

// national is a body of the French national forms (2019 to the eForms switch).
func (n *boampNotice) national() map[string]any {
	_, _, label := n.procedure()
	var lots []any
	for i, t := range n.lotTitles() {
		lots = append(lots, map[string]any{"numero": strconv.Itoa(i + 1), "intitule": t,
			"codeCPV": map[string]any{"objetPrincipal": map[string]any{"classPrincipale": n.kind.cpv}}})
	}
	part := map[string]any{
		"organisme": map[string]any{"acheteurPublic": n.by.name, "codeIdentificationNational": n.by.siret},
		"communication": map[string]any{"nomContact": "Service de la commande publique", "telContact": n.by.tel,
			"adresseMailContact": n.by.mail, "urlProfilAch": n.by.url},
		"natureMarche": map[string]any{"type": n.kind.nature, "description": n.kind.object + ". " + boampText,
			"codeCPV":       map[string]any{"objetPrincipal": map[string]any{"classPrincipale": n.kind.cpv}},
			"valeurEstimee": map[string]any{"fourchette": map[string]any{"valeurHaute": strconv.Itoa(n.amount)}}},
		"procedure": map[string]any{"typeProcedure": label, "dateReceptionOffres": n.due.Format("2006-01-02T15:04:05")},
		"lots":      map[string]any{"lot": lots},
	}
	return map[string]any{"FNSimple": map[string]any{"initial": part}}
}
