package mail

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"strconv"
	"strings"
)

// The reply token ties a company's answer to its request even when the subject
// lost its number: the cell's Reply-To is cellule+TOKEN@domain, and the token is
// the request's id signed with a secret only the server knows (HMAC-SHA256), so a
// token cannot be forged for another request.

var tokenEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// ReplyToken signs a request id: "123-k3j5…" (lower case, safe in an address's
// local part).
func ReplyToken(key []byte, ticketID int64) string {
	id := strconv.FormatInt(ticketID, 10)
	return id + "-" + tokenSig(key, id)
}

func tokenSig(key []byte, id string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("reply-token:" + id))
	return strings.ToLower(tokenEncoding.EncodeToString(mac.Sum(nil)[:10]))
}

// CheckReplyToken returns the request id a token names; ok is false for a token
// whose signature does not match (forged or damaged).
func CheckReplyToken(key []byte, token string) (ticketID int64, ok bool) {
	id, sig, found := strings.Cut(strings.ToLower(token), "-")
	if !found {
		return 0, false
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	if !hmac.Equal([]byte(sig), []byte(tokenSig(key, id))) {
		return 0, false
	}
	return n, true
}

// ReplyAddress puts a token in an address's local part: cellule@x → cellule+TOKEN@x.
func ReplyAddress(addr, token string) string {
	local, domain, ok := strings.Cut(addr, "@")
	if !ok || token == "" {
		return addr
	}
	return local + "+" + token + "@" + domain
}

// TokenIn returns the token carried by the first of addrs that is base with a
// sub-address ("cellule+123-abc@x" for base "cellule@x" → "123-abc"), or "".
// Another plus-address among the recipients (a company's own "anne+pro@…") is
// not a token.
func TokenIn(addrs []string, base string) string {
	baseLocal, baseDomain, _ := strings.Cut(strings.ToLower(base), "@")
	for _, a := range addrs {
		local, domain, ok := strings.Cut(strings.ToLower(a), "@")
		if !ok || domain != baseDomain {
			continue
		}
		if l, tok, ok := strings.Cut(local, "+"); ok && tok != "" && l == baseLocal {
			return tok
		}
	}
	return ""
}
