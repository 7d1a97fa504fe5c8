package model

import "testing"

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"orders", "orders"},
		{"rabbit@mq1", "rabbit@mq1"},
		{"q\x1b[2J\x1b]0;owned\x07", "q?[2J?]0;owned?"},
		{"q\u009b31m", "q?31m"},
		{"line\r\nHEALTHY", "line??HEALTHY"},
		{"evil\u202egnp.exe", "evil?gnp.exe"},
		{"bad utf8 \xff", "bad utf8 ?"},
		{"日本語のキュー", "日本語のキュー"},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
