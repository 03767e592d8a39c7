package mail

import "time"

// samples gives each template its documented fields with example values: the
// list of templates, the data a preview shows, and what Check renders an
// administrator's version with (an unknown field is then an error).
var samples = map[string]func() map[string]any{
	"ack": func() map[string]any {
		return base(map[string]any{"Number": "2026-000123", "Subject": "Question sur le lot 2",
			"FollowURL": "https://guichet.example/suivi/2026-000123"})
	},
	"answer": func() map[string]any {
		return base(map[string]any{"Number": "2026-000123", "Subject": "Question sur le lot 2",
			"Body": "Bonjour,\n\nLe lot 2 peut recevoir une offre variante.\n\nCordialement,", "FollowURL": "https://guichet.example/suivi/2026-000123"})
	},
	"redirect": func() map[string]any {
		return base(map[string]any{"Number": "2026-000123", "Body": "Cette consultation est conduite par la commune.",
			"BuyerName": "Ville de Lyon", "BuyerEmail": "marches@lyon.example", "BuyerPhone": "04 72 10 30 30",
			"QAURL": "https://marchespublics.example/consultation/42/questions"})
	},
	"off_topic": func() map[string]any {
		return base(map[string]any{"Number": "2026-000123", "Body": "Votre question relève du droit du travail."})
	},
	"survey": func() map[string]any {
		urls := make([]string, 5)
		for i := range urls {
			urls[i] = "https://guichet.example/avis/abc?note=" + string(rune('1'+i))
		}
		return base(map[string]any{"Number": "2026-000123", "Subject": "Question sur le lot 2", "RateURLs": urls,
			"CommentURL": "https://guichet.example/avis/abc", "ExpiresAt": sampleTime()})
	},
	"portal_link": func() map[string]any {
		return base(map[string]any{"URL": "https://guichet.example/suivi/connexion/xyz", "ExpiresAt": sampleTime()})
	},
	"sla_warning": slaSample,
	"sla_breach":  slaSample,
	"low_rating": func() map[string]any {
		return base(map[string]any{"Number": "2026-000123", "Subject": "Question sur le lot 2", "Rating": 2,
			"Comment": "Réponse trop tardive.", "TicketURL": "https://guichet.example/agent/tickets/123"})
	},
	"unanswered_digest": func() map[string]any {
		item := map[string]any{"Number": "2026-000123", "Subject": "Question sur le lot 2", "DueAt": sampleTime(),
			"URL": "https://guichet.example/agent/tickets/123"}
		return base(map[string]any{"Count": 1, "Items": []map[string]any{item}})
	},
	"weekly_report": func() map[string]any {
		return base(map[string]any{"Week": "2026-W10", "SummaryHTML": "<p>42 demandes</p>", "SummaryText": "42 demandes"})
	},
	"qa_published": func() map[string]any {
		return base(map[string]any{"ConsultationRef": "2026-REG-014", "ConsultationTitle": "Réfection des toitures",
			"Question": "Une visite est-elle obligatoire ?", "Answer": "Non, elle est facultative.",
			"URL": "https://guichet.example/consultations/2026-REG-014"})
	},
}

func slaSample() map[string]any {
	return base(map[string]any{"Number": "2026-000123", "Subject": "Question sur le lot 2", "Target": "première réponse",
		"DueAt": sampleTime(), "TicketURL": "https://guichet.example/agent/tickets/123"})
}

func base(m map[string]any) map[string]any {
	m["BaseURL"] = "https://guichet.example"
	return m
}

func sampleTime() time.Time { return time.Date(2026, 3, 3, 13, 5, 0, 0, time.UTC) }
