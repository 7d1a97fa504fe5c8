package steplist

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Chinese line-breaking rules (禁则): these never start a line, those never
// end one.
const (
	noLineStart = "，。、；：？！）」』”’》〉】…,.;:?!)]}%"
	noLineEnd   = "（「『“‘《〈【([{"
)

// wrapText breaks plain text into lines of at most w terminal cells. Words
// of Latin script stay whole (a word longer than a line is cut); Chinese
// breaks between any two characters, except that closing punctuation never
// starts a line and opening punctuation never ends one.
func wrapText(text string, w int) []string {
	w = max(w, 4)
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, wrapPara(para, w)...)
	}
	return lines
}

func wrapPara(text string, w int) []string {
	var lines []string
	var cur []string
	width := 0
	flush := func() {
		lines = append(lines, strings.TrimRight(strings.Join(cur, ""), " "))
		cur, width = nil, 0
	}
	for _, tok := range tokens(text) {
		tw := ansi.StringWidth(tok)
		switch {
		case tok == " " && width == 0:
			continue
		case width+tw <= w:
			cur, width = append(cur, tok), width+tw
			continue
		case tok == " ":
			flush()
			continue
		}
		// tok does not fit. Closing punctuation takes the character
		// before it to the next line; opening punctuation never stays
		// behind at a line's end.
		var carry []string
		if len(cur) > 1 && startsBadly(tok) && cur[len(cur)-1] != " " {
			carry, cur = cur[len(cur)-1:], cur[:len(cur)-1]
		}
		if len(cur) > 1 && endsBadly(cur[len(cur)-1]) {
			carry, cur = append([]string{cur[len(cur)-1]}, carry...), cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			flush()
		}
		for _, c := range carry {
			cur, width = append(cur, c), width+ansi.StringWidth(c)
		}
		for ansi.StringWidth(tok) > w-width { // a word longer than the line
			head := ansi.Truncate(tok, w-width, "")
			if head == "" {
				flush()
				continue
			}
			cur = append(cur, head)
			flush()
			tok = strings.TrimPrefix(tok, head)
		}
		cur, width = append(cur, tok), width+ansi.StringWidth(tok)
	}
	if len(cur) > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

func endsBadly(tok string) bool {
	r, _ := utf8.DecodeLastRuneInString(tok)
	return strings.ContainsRune(noLineEnd, r)
}

func startsBadly(tok string) bool {
	r, _ := utf8.DecodeRuneInString(tok)
	return strings.ContainsRune(noLineStart, r)
}

// tokens splits text into breakable units: runs of Latin-script letters
// and digits with their trailing ASCII punctuation (a word), single
// spaces, and every other character on its own.
func tokens(text string) []string {
	var out []string
	var word strings.Builder
	end := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
		}
	}
	for _, r := range text {
		switch {
		case r == ' ' || r == '\t':
			end()
			out = append(out, " ")
		case r < utf8.RuneSelf && !unicode.IsSpace(r):
			word.WriteRune(r)
		default:
			end()
			out = append(out, string(r))
		}
	}
	end()
	return out
}
