package mail

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// HTMLToText turns an HTML mail into readable text: paragraphs and line breaks
// kept, lists as dashes, links as "text (address)" when they differ, scripts,
// styles and the head dropped, and quoted replies (<blockquote>) prefixed with
// "> " so that Fold recognises them.
func HTMLToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var c htmlConv
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return c.result()
		case html.TextToken:
			if c.skip == 0 {
				c.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			c.start(z, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			name, _ := z.TagName()
			c.end(string(name))
		}
	}
}

type htmlConv struct {
	b     strings.Builder
	line  strings.Builder
	skip  int // inside script, style, head, title
	quote int // blockquote depth
	href  []string
	pre   int
}

var spaces = regexp.MustCompile(`[ \t\r\n\f\v\x{00a0}]+`)

func (c *htmlConv) text(t string) {
	if c.pre == 0 {
		t = spaces.ReplaceAllString(t, " ")
		if c.line.Len() == 0 {
			t = strings.TrimLeft(t, " ")
		}
	}
	for i, part := range strings.Split(t, "\n") {
		if i > 0 {
			c.newline()
		}
		c.line.WriteString(part)
	}
}

func (c *htmlConv) newline() {
	prefix := strings.Repeat("> ", c.quote)
	c.b.WriteString(prefix + strings.TrimRight(c.line.String(), " ") + "\n")
	c.line.Reset()
}

// block ends the current line, leaving at most one blank line between blocks.
func (c *htmlConv) block() {
	if c.line.Len() > 0 {
		c.newline()
	}
	if s := c.b.String(); s != "" && !strings.HasSuffix(s, "\n\n") {
		c.b.WriteString("\n")
	}
}

func (c *htmlConv) start(z *html.Tokenizer, selfClosing bool) {
	name, hasAttr := z.TagName()
	tag := string(name)
	attrs := map[string]string{}
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		attrs[string(k)] = string(v)
	}
	switch tag {
	case "script", "style", "head", "title":
		if !selfClosing {
			c.skip++
		}
	case "br":
		c.newline()
	case "p", "div", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "hr":
		c.block()
	case "li":
		c.block()
		c.line.WriteString("- ")
	case "td", "th":
		if c.line.Len() > 0 {
			c.line.WriteString(" ")
		}
	case "blockquote":
		c.block()
		c.quote++
	case "pre":
		c.block()
		c.pre++
	case "a":
		c.href = append(c.href, attrs["href"])
	case "img":
		if alt := attrs["alt"]; alt != "" {
			c.line.WriteString("[" + alt + "]")
		}
	}
}

func (c *htmlConv) end(tag string) {
	switch tag {
	case "script", "style", "head", "title":
		if c.skip > 0 {
			c.skip--
		}
	case "p", "div", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li":
		c.block()
	case "blockquote":
		c.block()
		if c.quote > 0 {
			c.quote--
		}
	case "pre":
		c.block()
		if c.pre > 0 {
			c.pre--
		}
	case "a":
		if n := len(c.href); n > 0 {
			h := c.href[n-1]
			c.href = c.href[:n-1]
			if strings.HasPrefix(h, "http") && !strings.Contains(c.line.String(), h) {
				c.line.WriteString(" (" + h + ")")
			}
		}
	}
}

func (c *htmlConv) result() string {
	if c.line.Len() > 0 {
		c.newline()
	}
	out := strings.TrimSpace(c.b.String())
	for strings.Contains(out, "\n\n\n") {
		out = strings.ReplaceAll(out, "\n\n\n", "\n\n")
	}
	return out
}
