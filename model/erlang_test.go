package model

import "testing"

func mustErlang(t *testing.T, s string) ErlangVersion {
	t.Helper()
	e, err := ParseErlangVersion(s)
	if err != nil {
		t.Fatalf("ParseErlangVersion(%q): %v", s, err)
	}
	return e
}

func TestParseErlangVersion(t *testing.T) {
	tests := []struct {
		in        string
		wantParts []int
		wantLine  bool
		wantErr   bool
	}{
		{in: "24.3.4.2", wantParts: []int{24, 3, 4, 2}},
		{in: "26.2", wantParts: []int{26, 2}},
		{in: "OTP-26.2.5", wantParts: []int{26, 2, 5}},
		{in: "26.2.x", wantParts: []int{26, 2}, wantLine: true},
		{in: "27.x", wantParts: []int{27}, wantLine: true},
		{in: "R16B03", wantParts: []int{16, 3}},
		{in: "R16B03-1", wantParts: []int{16, 3, 1}},
		{in: "", wantErr: true},
		{in: "26..2", wantErr: true},
		{in: "16.3", wantErr: true}, // pre-17 releases use the R naming
		{in: "R16", wantErr: true},
		{in: "x", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseErlangVersion(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseErlangVersion(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if tt.wantErr {
			continue
		}
		if joinInts(got.Parts) != joinInts(tt.wantParts) || got.Line != tt.wantLine {
			t.Errorf("ParseErlangVersion(%q) = %v line=%v, want %v line=%v", tt.in, got.Parts, got.Line, tt.wantParts, tt.wantLine)
		}
	}
}

// The bound semantics: a minimum is a concrete floor, a maximum covers
// every release with its prefix, a line stands for its newest release.
func TestErlangBounds(t *testing.T) {
	tests := []struct {
		e, min, max string
		want        bool
	}{
		{"24.3.4.2", "24.3.4.2", "25.2", true},
		{"24.3.4.1", "24.3.4.2", "25.2", false},
		{"24.3", "24.3.4.2", "25.2", false},  // 24.3 means 24.3.0
		{"24.3.x", "24.3.4.2", "25.2", true}, // the newest 24.3 is fine
		{"25.2.3", "24.3.4.2", "25.2", true}, // max 25.2 covers 25.2.x
		{"25.3", "24.3.4.2", "25.2", false},
		{"26.2.5.3", "26.0", "26.2.x", true},
		{"26.3", "26.0", "26.2.x", false},
		{"27.3.4", "26.2", "27.x", true},
		{"28.0", "26.2", "27.x", false},
		{"R16B03", "R16B03", "20.1.x", true},
		{"R16B02", "R16B03", "20.1.x", false},
		{"19.3", "R16B03", "20.1.x", true},
		{"27.x", "26.2", "27.x", true},
		{"27.x", "26.2", "27.1", false}, // a whole line is not covered by one minor
	}
	for _, tt := range tests {
		e, min, max := mustErlang(t, tt.e), mustErlang(t, tt.min), mustErlang(t, tt.max)
		if got := e.In(min, max); got != tt.want {
			t.Errorf("%s in [%s, %s] = %v, want %v", tt.e, tt.min, tt.max, got, tt.want)
		}
	}
}
