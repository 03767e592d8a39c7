package portal_test

import (
	"bytes"
	"context"
	"html"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/portal"
)

func TestQuestionFormCreatesAWebRequestWithItsFiles(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		started := f.openForm()
		f.advance(40 * time.Second)
		w := f.postMultipart("/question", question(started), []upFile{{"DC1 signé.pdf", pdf}}, "", "")
		if w.Code != 303 || !strings.HasPrefix(w.Header().Get("Location"), "/question/envoyee?") {
			t.Fatalf("send: %d %s", w.Code, body(w))
		}
		list := f.tickets()
		if len(list) != 1 {
			t.Fatalf("%d requests", len(list))
		}
		tk := list[0]
		if tk.Channel != "web" || tk.Subject != "Question sur le lot 2" || tk.Contact.Email != "anne@dupont.example" ||
			tk.Company.SIRET != "44306184100047" || tk.Topic != "allotissement" {
			t.Fatalf("request: %+v %+v", tk, tk.Contact)
		}
		msgs, _ := f.svc.Messages(context.Background(), f.agent, tk.ID)
		if len(msgs) != 1 || len(msgs[0].Attachments) != 1 || msgs[0].Attachments[0].Name != "DC1 signé.pdf" {
			t.Fatalf("messages: %+v", msgs)
		}
		mails, err := f.svc.Outbox(context.Background(), f.admin(), "", tk.ID, 10)
		if err != nil || len(mails) != 1 || mails[0].Template != "ack" || mails[0].To[0] != "anne@dupont.example" {
			t.Fatalf("acknowledgement mail: %+v %v", mails, err)
		}
		ack := f.get(w.Header().Get("Location"), "")
		mustContain(t, "acknowledgement", body(ack), tk.Number, `href="/suivi"`, "accusé de réception")
		// The acknowledgement's address is signed: another number shows nothing.
		forged := strings.Replace(w.Header().Get("Location"), tk.Number, "2026-000999", 1)
		if r := f.get(forged, ""); r.Code != 404 {
			t.Fatalf("forged acknowledgement: %d", r.Code)
		}
	})
}

func TestQuestionFormRefusesBadInputAndKeepsTheForm(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		big := append(append([]byte{}, pdf...), bytes.Repeat([]byte("0"), 10<<20)...)
		cases := []struct {
			name   string
			fields func(started string) [][2]string
			files  []upFile
			wait   time.Duration
			code   int
			want   []string
		}{
			{"bad SIRET", func(s string) [][2]string { return set(question(s), "siret", "443 061 841 00048") }, nil,
				time.Minute, 422, []string{"SIRET", `aria-invalid="true"`, `href="#siret"`}},
			{"no means of contact", func(s string) [][2]string {
				return set(set(question(s), "email", ""), "phone", "")
			}, nil, time.Minute, 422, []string{"au moins un moyen de vous joindre"}},
			{"bad e-mail", func(s string) [][2]string { return set(question(s), "email", "anne@") }, nil,
				time.Minute, 422, []string{`href="#email"`}},
			{"empty question", func(s string) [][2]string { return set(question(s), "body", "  ") }, nil,
				time.Minute, 422, []string{`href="#body"`}},
			{"program renamed .pdf", question, []upFile{{"devis.pdf", exe()}}, time.Minute, 422,
				[]string{"devis.pdf", "type de fichier refusé", "programme exécutable"}},
			{"oversize file", question, []upFile{{"plans.pdf", big}}, time.Minute, 422,
				[]string{"plans.pdf", "trop lourd", "10 Mo"}},
			{"honeypot", func(s string) [][2]string { return set(question(s), "site_web", "http://spam.example") }, nil,
				time.Minute, 422, []string{"doit rester vide"}},
			{"too fast", question, nil, time.Second, 422, []string{"trop vite"}},
			{"forged start time", func(s string) [][2]string { return set(question(s), "started", "1.abc") }, nil,
				time.Minute, 422, []string{"a été modifié"}},
			{"no start time", func(s string) [][2]string { return set(question(s), "started", "") }, nil,
				time.Minute, 422, []string{"a été modifié"}},
		}
		for _, c := range cases {
			started := f.openForm()
			f.advance(c.wait)
			w := f.postMultipart("/question", c.fields(started), c.files, "", "198.51.100.1")
			if w.Code != c.code {
				t.Errorf("%s: status %d, want %d\n%s", c.name, w.Code, c.code, body(w))
				continue
			}
			page := html.UnescapeString(body(w))
			mustContain(t, c.name, page, c.want...)
			// The form comes back as it was typed.
			mustContain(t, c.name+" (kept)", page, "Question sur le lot 2", "Anne Dupont")
		}
		if n := len(f.tickets()); n != 0 {
			t.Fatalf("%d requests created by refused submissions", n)
		}
	})
}

func TestScriptsInEveryFieldAreShownEscaped(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		const evil = `<script>alert("x")</script>`
		started := f.openForm()
		f.advance(time.Minute)
		fields := question(started)
		for i := range fields {
			switch fields[i][0] {
			case "company_name", "contact_name", "phone", "consultation_q", "consultation_ref", "subject", "body", "siret":
				fields[i][1] += evil
			case "email":
				fields[i][1] = "anne" + evil + "@x.example"
			}
		}
		w := f.postMultipart("/question", fields, []upFile{{`<img src=x onerror=alert(1)>.exe`, exe()}}, "", "")
		if w.Code != 422 {
			t.Fatalf("status %d", w.Code)
		}
		page := body(w)
		if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") {
			t.Fatalf("a script is rendered as markup:\n%s", page)
		}
		if !strings.Contains(page, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
			t.Fatalf("the typed text is not shown back, escaped:\n%s", page)
		}
		if len(f.tickets()) != 0 {
			t.Fatal("request created")
		}
		// Accepted with a script in the subject: the portal shows it escaped too.
		started = f.openForm()
		f.advance(time.Minute)
		w = f.postMultipart("/question", set(question(started), "subject", "Lot 2 "+evil), nil, "", "")
		if w.Code != 303 {
			t.Fatalf("send: %d %s", w.Code, body(w))
		}
		cookie := f.signIn("anne@dupont.example")
		list := body(f.get("/suivi", cookie))
		if strings.Contains(list, "<script>alert") || !strings.Contains(list, "Lot 2 &lt;script&gt;") {
			t.Fatalf("portal list:\n%s", list)
		}
	})
}

func TestQuestionRateLimitsByIPAndByAddress(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		send := func(ip, email string) int {
			started := f.openForm()
			f.advance(time.Minute)
			return f.postMultipart("/question", set(question(started), "email", email), nil, "", ip).Code
		}
		for i := range 3 {
			if c := send("198.51.100.9", "anne@dupont.example"); c != 303 {
				t.Fatalf("question %d: %d", i, c)
			}
		}
		started := f.openForm()
		f.advance(time.Minute)
		w := f.postMultipart("/question", question(started), nil, "", "198.51.100.10")
		if w.Code != 429 {
			t.Fatalf("4th question from one address in an hour: %d", w.Code)
		}
		mustContain(t, "rate limit", html.UnescapeString(body(w)), "plusieurs questions récemment", "Question sur le lot 2")
		for i := range 2 {
			if c := send("198.51.100.9", "autre"+string(rune('a'+i))+"@dupont.example"); c != 303 {
				t.Fatalf("question %d from the IP: %d", 4+i, c)
			}
		}
		if c := send("198.51.100.9", "encore@dupont.example"); c != 429 {
			t.Fatalf("6th question from one IP in an hour: %d", c)
		}
		if n := len(f.tickets()); n != 5 {
			t.Fatalf("%d requests, want 5", n)
		}
		f.advance(time.Hour)
		if c := send("198.51.100.9", "anne@dupont.example"); c != 303 {
			t.Fatalf("an hour later: %d", c)
		}
	})
}

func TestSIRETIsCheckedWithAndWithoutJavaScript(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if _, err := f.svc.CreateCompany(ctx, f.agent, core.CompanyInput{SIRET: "55203253400646", Name: "Transports Vallée"}); err != nil {
			t.Fatal(err)
		}
		for siret, want := range map[string]string{
			"552 032 534 00646": `"valid":true,"name":"Transports Vallée"`,
			"44306184100047":    `"valid":true,"message":"SIRET valide, inconnu`,
			"44306184100048":    `"valid":false`,
			"12":                `"valid":false`,
		} {
			w := f.get("/question/siret?siret="+url.QueryEscape(siret), "")
			if w.Code != 200 || !strings.Contains(body(w), want) {
				t.Errorf("%s: %d %s", siret, w.Code, body(w))
			}
		}
		started := f.openForm()
		f.advance(20 * time.Second)
		fields := set(set(question(started), "siret", "55203253400646"), "company_name", "")
		w := f.postMultipart("/question", set(fields, "op", "check_siret"), []upFile{{"a.pdf", pdf}}, "", "")
		page := html.UnescapeString(body(w))
		mustContain(t, "check without JavaScript", page, `value="Transports Vallée"`, "SIRET reconnu", "a.pdf")
		if len(f.tickets()) != 0 {
			t.Fatal("a check created a request")
		}
	})
}

func TestFilesOfARefusedFormAreOfferedAgain(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		started := f.openForm()
		f.advance(time.Minute)
		w := f.postMultipart("/question", set(question(started), "phone", "pas de numéro"), []upFile{{"DC2.pdf", pdf}}, "", "")
		if w.Code != 422 {
			t.Fatalf("%d", w.Code)
		}
		m := keptRe.FindStringSubmatch(body(w))
		if m == nil {
			t.Fatalf("no kept file:\n%s", body(w))
		}
		started = f.openForm()
		f.advance(time.Minute)
		fields := append(question(started), [2]string{"kept", html.UnescapeString(m[1])})
		if w := f.postMultipart("/question", fields, nil, "", ""); w.Code != 303 {
			t.Fatalf("resend: %d %s", w.Code, body(w))
		}
		tk := f.tickets()[0]
		msgs, _ := f.svc.Messages(context.Background(), f.agent, tk.ID)
		if len(msgs[0].Attachments) != 1 || msgs[0].Attachments[0].Name != "DC2.pdf" {
			t.Fatalf("kept file not attached: %+v", msgs[0].Attachments)
		}
		// A forged kept token is ignored.
		started = f.openForm()
		f.advance(time.Minute)
		fields = append(question(started), [2]string{"kept", "eyJOYW1lIjoieCJ9.forged"})
		f.postMultipart("/question", set(fields, "email", "autre@dupont.example"), nil, "", "")
		tk = f.tickets()[0]
		msgs, _ = f.svc.Messages(context.Background(), access.System(), tk.ID)
		if len(msgs[0].Attachments) != 0 {
			t.Fatalf("forged kept file attached: %+v", msgs[0].Attachments)
		}
	})
}

func TestRateLimitsSeeThroughTrustedProxiesOnly(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		f.h = portal.New(portal.Options{Core: f.svc, BaseURL: "http://guichet.test", TrustedProxies: []string{"10.0.0.0/8"}})
		send := func(remote, xff string, i int) int {
			started := f.openForm()
			f.advance(time.Minute)
			req := multipartRequest(set(question(started), "email", "c"+strconv.Itoa(i)+"@dupont.example"))
			req.RemoteAddr = remote + ":443"
			req.Header.Set("X-Forwarded-For", xff)
			return f.do(req, "").Code
		}
		for i := range 5 {
			if c := send("10.0.0.2", "6.6.6.6, 198.51.100.1", i); c != 303 {
				t.Fatalf("question %d: %d", i, c)
			}
		}
		if c := send("10.0.0.2", "198.51.100.1", 5); c != 429 {
			t.Fatalf("6th from one client behind the proxy: %d", c)
		}
		if c := send("10.0.0.2", "198.51.100.2", 6); c != 303 {
			t.Fatalf("another client behind the proxy: %d", c)
		}
		// A client that is not a proxy cannot choose its address.
		for i := range 5 {
			send("198.51.100.3", "192.0.2."+strconv.Itoa(i), 10+i)
		}
		if c := send("198.51.100.3", "192.0.2.99", 20); c != 429 {
			t.Fatalf("forged X-Forwarded-For escaped the limit: %d", c)
		}
	})
}
