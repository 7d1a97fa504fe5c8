package model

import "testing"

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in      string
		want    Version
		wantErr bool
	}{
		{in: "3.9.13", want: V(3, 9, 13)},
		{in: "v4.2.1", want: V(4, 2, 1)},
		{in: " 4.3.5 ", want: V(4, 3, 5)},
		{in: "3.10.8-1.1+deb12u1", want: Version{3, 10, 8, "-1.1+deb12u1"}},
		{in: "1:3.10.8-1", want: Version{3, 10, 8, "-1"}},
		{in: "3.13.7+3.g1234", want: Version{3, 13, 7, "+3.g1234"}},
		{in: "4.0.0+2", want: V(4, 0, 1)}, // release-notes/4.0.1.md: generic binaries of 4.0.1 report 4.0.0+2
		{in: "", wantErr: true},
		{in: "3.9", wantErr: true},
		{in: "3.9.x", wantErr: true},
		{in: "3.9.13.1", wantErr: true},
		{in: "three.9.1", wantErr: true},
		{in: "3.-9.1", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseVersion(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseVersion(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && got != tt.want {
			t.Errorf("ParseVersion(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestVersionOrdering(t *testing.T) {
	tests := []struct {
		a, b Version
		want int
	}{
		{V(3, 9, 13), V(3, 10, 0), -1}, // numeric, not lexical: 9 < 10
		{V(3, 10, 8), V(3, 9, 29), 1},
		{V(4, 0, 1), V(3, 13, 7), 1},
		{V(3, 8, 15), V(3, 8, 16), -1},
		{Version{3, 10, 8, "-1.1+deb12u1"}, V(3, 10, 8), 0}, // suffix ignored
	}
	for _, tt := range tests {
		if got := tt.a.Compare(tt.b); got != tt.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestParseTargetAndKnown(t *testing.T) {
	tests := []struct {
		in      string
		want    Version
		wantErr bool
	}{
		{in: "4.2", want: V(4, 2, 10)},
		{in: "3.12", want: V(3, 12, 14)},
		{in: "4.2.1", want: V(4, 2, 1)},
		{in: "4.0.0", wantErr: true},        // never a general release: 4.0.1 is first
		{in: "4.3.6", want: V(4, 3, 6)},     // newer than the tables: 4.3's rules, with a warning
		{in: "4.4.0", wantErr: true},        // a series the tables do not know
		{in: "3.10.3", wantErr: true},       // never shipped (release-notes/3.10.3.md)
		{in: "3.13.7-rc1", wantErr: true},   // a pre-release, not 3.13.7
		{in: "4.3.0-beta.1", wantErr: true}, // tag v4.3.0-beta.1
		{in: "4.3.0~rc.1", wantErr: true},   // Debian's spelling
		{in: "4.0.0+2", want: V(4, 0, 1)},
		{in: "3.10.8-1.1+deb12u1", want: Version{3, 10, 8, "-1.1+deb12u1"}}, // a Debian revision is no pre-release
		{in: "5.0", wantErr: true},
		{in: "3.5.7", wantErr: true},
		{in: "banana", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseTarget(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseTarget(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && got != tt.want {
			t.Errorf("ParseTarget(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
