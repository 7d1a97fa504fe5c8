package model

import (
	"strings"
	"testing"
)

// Written from rabbitmq-upgrade-facts.md §1.1 (per patch range) and §1.2
// (series summary): every series 3.6 → 4.3 at its first and last patch,
// plus the boundary patches where the range changes.
func TestErlangRange(t *testing.T) {
	tests := []struct {
		v        Version
		min, max string
	}{
		{V(3, 6, 0), "R16B03", "18.3.x"},
		{V(3, 6, 14), "R16B03", "20.1.x"},
		{V(3, 6, 15), "19.3", "20.3.x"},
		{V(3, 6, 16), "19.3", "20.3.x"},
		{V(3, 7, 0), "19.3", "20.x"},
		{V(3, 7, 6), "19.3", "20.x"},
		{V(3, 7, 7), "19.3", "21.x"},
		{V(3, 7, 18), "20.3", "22.x"},
		{V(3, 7, 19), "21.3", "22.x"},
		{V(3, 7, 27), "21.3", "22.x"},
		{V(3, 8, 0), "21.3", "22.x"},
		{V(3, 8, 15), "22.3", "23.x"},
		{V(3, 8, 16), "23.2", "24.2"},
		{V(3, 8, 28), "23.2", "24.2"},
		{V(3, 8, 29), "23.2", "24.3"},
		{V(3, 8, 35), "23.2", "24.3"},
		{V(3, 9, 0), "23.2", "24.2"},
		{V(3, 9, 14), "23.2", "24.2"},
		{V(3, 9, 15), "23.3", "24.3"},
		{V(3, 9, 28), "24.3.4.2", "25.2"},
		{V(3, 9, 29), "24.3.4.2", "25.2"},
		{V(3, 10, 0), "23.2", "24.3"},
		{V(3, 10, 8), "24.2", "25.2"},
		{V(3, 10, 16), "24.3", "25.2"}, // the row 3.10.14–3.10.18 (3.10.15 never shipped)
		{V(3, 10, 25), "24.3.4.8", "25.3.x"},
		{V(3, 11, 0), "25.0", "25.3.x"},
		{V(3, 11, 17), "25.0", "25.3.x"},
		{V(3, 11, 18), "25.0", "25.3.x"},
		{V(3, 11, 28), "25.0", "25.3.x"},
		{V(3, 12, 0), "25.0", "26.0.x"},
		{V(3, 12, 5), "25.0", "26.1.x"},
		{V(3, 12, 13), "25.0", "26.2.x"},
		{V(3, 12, 14), "25.0", "26.2.x"},
		{V(3, 13, 0), "26.0", "26.2.x"},
		{V(3, 13, 7), "26.0", "26.2.x"},
		{V(4, 0, 1), "26.2", "26.2.x"},
		{V(4, 0, 3), "26.2", "26.2.x"},
		{V(4, 0, 4), "26.2", "27.x"},
		{V(4, 0, 9), "26.2", "27.x"},
		{V(4, 1, 0), "26.2", "27.x"},
		{V(4, 2, 8), "26.2", "27.x"},
		{V(4, 2, 9), "27.0", "27.x"},
		{V(4, 2, 10), "27.0", "27.x"},
		{V(4, 3, 2), "26.2", "27.x"},
		{V(4, 3, 3), "27.0", "27.x"},
		{V(4, 3, 5), "27.0", "27.x"},
	}
	for _, tt := range tests {
		min, max, ok := ErlangRange(tt.v)
		if !ok {
			t.Errorf("ErlangRange(%v): unknown", tt.v)
			continue
		}
		if min.String() != tt.min || max.String() != tt.max {
			t.Errorf("ErlangRange(%v) = %s – %s, want %s – %s", tt.v, min, max, tt.min, tt.max)
		}
	}
}

func TestErlangSupported(t *testing.T) {
	tests := []struct {
		v      Version
		erlang string
		want   bool
	}{
		{V(3, 8, 15), "24.0", false}, // OTP 24 needs 3.8.16+
		{V(3, 8, 16), "24.0", true},
		{V(3, 8, 28), "24.3", false}, // 24.3 needs 3.8.29+
		{V(3, 8, 29), "24.3.4", true},
		{V(3, 11, 28), "26.0", false}, // the runbook's claim (c) is false
		{V(3, 12, 0), "26.0.2", true},
		{V(3, 13, 7), "27.0", false}, // the 3.13 policy text is wrong; the table caps at 26.2.x
		{V(4, 2, 8), "26.2.5", true},
		{V(4, 2, 9), "26.2.5", false},
		{V(4, 3, 3), "26.2.5", false},
		{V(4, 1, 8), "28.0", false},
	}
	for _, tt := range tests {
		got, ok := ErlangSupported(tt.v, mustErlang(t, tt.erlang))
		if !ok || got != tt.want {
			t.Errorf("ErlangSupported(%v, %s) = %v (known %v), want %v", tt.v, tt.erlang, got, ok, tt.want)
		}
	}
}

func TestLatestPatchPerSeries(t *testing.T) {
	want := map[Series]Version{
		S(3, 6): V(3, 6, 16), S(3, 7): V(3, 7, 28), S(3, 8): V(3, 8, 35), S(3, 9): V(3, 9, 29),
		S(3, 10): V(3, 10, 25), S(3, 11): V(3, 11, 28), S(3, 12): V(3, 12, 14), S(3, 13): V(3, 13, 7),
		S(4, 0): V(4, 0, 9), S(4, 1): V(4, 1, 8), S(4, 2): V(4, 2, 10), S(4, 3): V(4, 3, 5),
	}
	series := KnownSeries()
	if len(series) != len(want) {
		t.Fatalf("KnownSeries() = %v, want the %d series 3.6 … 4.3", series, len(want))
	}
	for _, s := range series {
		got, ok := LatestPatch(s)
		if !ok || got != want[s] {
			t.Errorf("LatestPatch(%v) = %v, want %v", s, got, want[s])
		}
	}
}

// The matrix must have no gaps or overlaps inside a series, or a patch
// would silently be "unknown" or have two answers.
func TestErlangMatrixIsContiguous(t *testing.T) {
	for i := 1; i < len(erlangMatrix); i++ {
		prev, row := erlangMatrix[i-1], erlangMatrix[i]
		if row.Last.Less(row.First) {
			t.Errorf("row %v–%v is inverted", row.First, row.Last)
		}
		if prev.Last.Series() == row.First.Series() && row.First != V(prev.Last.Major, prev.Last.Minor, prev.Last.Patch+1) {
			t.Errorf("gap or overlap between %v and %v", prev.Last, row.First)
		}
		if row.First.Less(prev.Last) {
			t.Errorf("rows out of order at %v", row.First)
		}
	}
}

// 4.2.10 is known from the website only (release list, which-erlang,
// advisories; no tag yet): it is the community end of 4.2, not a
// commercial-only patch, and the planner lands on it before 4.3.
func TestFourTwoTenIsTheLastCommunityPatch(t *testing.T) {
	if s := StandingOf(V(4, 2, 10)); s != StandingKnown {
		t.Errorf("4.2.10 standing = %v, want known", s)
	}
	if latest, _ := LatestPatch(S(4, 2)); latest != V(4, 2, 10) {
		t.Errorf("latest 4.2 = %s, want 4.2.10", latest)
	}
	row, ok := ErlangRequirement(V(4, 2, 10))
	if !ok || !strings.Contains(row.Note, "no public tag") {
		t.Errorf("4.2.10's row must say where it comes from: %+v", row)
	}
}
