package mail

import (
	"strings"
)

// AutoReason says why a mail was written by a robot, or "" for a person's mail.
// Such mail (out-of-office replies, bounces, mailing lists) never creates a
// request and is never acknowledged: two robots answering each other would
// loop forever. The signals are RFC 3834's Auto-Submitted, the de-facto
// Precedence, X-Autoreply/X-Autorespond and Microsoft's X-Auto-Response-Suppress,
// the empty Return-Path of bounces (RFC 5321), delivery reports (RFC 3464) and
// list headers (RFC 2919, 2369).
func AutoReason(h header) string {
	if v := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted"))); v != "" && v != "no" {
		return "réponse automatique (Auto-Submitted: " + v + ")"
	}
	switch v := strings.ToLower(strings.TrimSpace(h.Get("Precedence"))); v {
	case "bulk", "list", "junk", "auto_reply":
		return "envoi automatique ou de masse (Precedence: " + v + ")"
	}
	for _, k := range []string{"X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"} {
		if strings.TrimSpace(h.Get(k)) != "" {
			return "réponse automatique (" + k + ")"
		}
	}
	if rp := strings.TrimSpace(h.Get("Return-Path")); rp == "<>" || rp == "<@>" {
		return "avis de non-remise (Return-Path vide)"
	}
	if strings.Contains(strings.ToLower(h.Get("Content-Type")), "multipart/report") {
		return "avis de non-remise (rapport de remise)"
	}
	if h.Get("X-Failed-Recipients") != "" {
		return "avis de non-remise (X-Failed-Recipients)"
	}
	from := strings.ToLower(h.Get("From"))
	if strings.Contains(from, "mailer-daemon@") || strings.Contains(from, "postmaster@") {
		return "avis de non-remise (" + strings.TrimSpace(h.Get("From")) + ")"
	}
	if h.Get("List-Id") != "" || h.Get("List-Unsubscribe") != "" {
		return "liste de diffusion (List-Id)"
	}
	return ""
}
