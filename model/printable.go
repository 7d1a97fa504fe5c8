package model

import (
	"strings"
	"unicode"
)

// Printable makes text from outside warren (queue, vhost, node and cluster
// names, client properties, broker error reasons, journal lines) safe to
// print on a terminal: every control character — ESC and CSI that start
// escape sequences, carriage returns and newlines that would forge lines —
// and every bidirectional override becomes '?'. The text stays readable and
// shows that something was there. Keep the original for API calls: a queue
// is addressed by its real name.
func Printable(s string) string {
	if !needsCleaning(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unsafeRune(r) {
			r = '?'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func needsCleaning(s string) bool {
	for _, r := range s {
		if unsafeRune(r) {
			return true
		}
	}
	return false
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == unicode.ReplacementChar
}
