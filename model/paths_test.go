package model

import "testing"

// Written from rabbitmq-upgrade-facts.md §2.1–§2.3.
func TestCheckDirectUpgrade(t *testing.T) {
	tests := []struct {
		name         string
		from, to     Version
		khepri       bool
		wantAllowed  bool
		wantStrategy Strategy
		wantSkip     bool
	}{
		{"patch upgrade", V(3, 13, 0), V(3, 13, 7), false, true, Rolling, false},
		{"3.6 only full-stop", V(3, 6, 16), V(3, 7, 27), false, true, FullStop, false},
		{"3.7.17 too old for 3.8", V(3, 7, 17), V(3, 8, 0), false, false, Rolling, false},
		{"3.7.18 to 3.8", V(3, 7, 18), V(3, 8, 0), false, true, Rolling, false},
		{"3.8.15 too old for 3.9", V(3, 8, 15), V(3, 9, 0), false, false, Rolling, false},
		{"3.8.16 to 3.9", V(3, 8, 16), V(3, 9, 29), false, true, Rolling, false},
		{"3.11.17 below the docs gate", V(3, 11, 17), V(3, 12, 0), false, false, Rolling, false},
		{"3.11.18 to 3.12", V(3, 11, 18), V(3, 12, 14), false, true, Rolling, false},
		{"3.10 to 3.12 skips", V(3, 10, 25), V(3, 12, 0), false, false, Rolling, true},
		{"3.12 to 4.0 skips", V(3, 12, 13), V(4, 0, 9), false, false, Rolling, true},
		// release-notes/4.0.1.md and 3.13.0.md: "straight to" = skipping a
		// series; the route through it stays in place (issue 13 item 6).
		{"3.12.14 to 4.0 skips 3.13", V(3, 12, 14), V(4, 0, 9), false, false, Rolling, true},
		{"3.11.24 to 3.13 skips 3.12", V(3, 11, 24), V(3, 13, 7), false, false, Rolling, true},
		{"3.13 to 4.0", V(3, 13, 7), V(4, 0, 9), false, true, Rolling, false},
		// release-notes/4.0.1.md: 4.x from the latest available 3.13 patch.
		{"3.13.0 to 4.0 needs 3.13.7 first", V(3, 13, 0), V(4, 0, 9), false, false, Rolling, false},
		{"3.13.6 to 4.2 needs 3.13.7 first", V(3, 13, 6), V(4, 2, 10), false, false, Rolling, false},
		{"commercial 3.13.8 to 4.0", V(3, 13, 8), V(4, 0, 9), false, true, Rolling, false},
		// release-notes/3.6.6.md and 3.6.7.md: those patches do not mix with older ones (item 1).
		{"3.6.5 to 3.6.16 is full-stop", V(3, 6, 5), V(3, 6, 16), false, true, FullStop, false},
		{"3.6.6 to 3.6.16 is full-stop", V(3, 6, 6), V(3, 6, 16), false, true, FullStop, false},
		{"3.6.7 to 3.6.16 rolls", V(3, 6, 7), V(3, 6, 16), false, true, Rolling, false},
		{"3.6.0 to 3.6.5 rolls", V(3, 6, 0), V(3, 6, 5), false, true, Rolling, false},
		{"3.13 to 4.2 explicit jump", V(3, 13, 7), V(4, 2, 10), false, true, Rolling, false},
		{"3.13 to 4.3 not allowed", V(3, 13, 7), V(4, 3, 0), false, false, Rolling, true},
		{"3.13 with Khepri to 4.x", V(3, 13, 7), V(4, 2, 10), true, false, BlueGreen, false},
		{"4.0 to 4.2 explicit jump", V(4, 0, 9), V(4, 2, 1), false, true, Rolling, false},
		{"4.2.8 not latest for 4.3", V(4, 2, 8), V(4, 3, 0), false, false, Rolling, false},
		{"4.2.9 not latest for 4.3", V(4, 2, 9), V(4, 3, 0), false, false, Rolling, false},
		{"4.2.10 to 4.3", V(4, 2, 10), V(4, 3, 5), false, true, Rolling, false},
		{"downgrade", V(4, 2, 10), V(4, 1, 0), false, false, BlueGreen, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckDirectUpgrade(tt.from, tt.to, tt.khepri)
			if got.Allowed != tt.wantAllowed || got.Strategy != tt.wantStrategy || got.SkipsMinor != tt.wantSkip {
				t.Errorf("CheckDirectUpgrade(%v, %v, %v) = %+v", tt.from, tt.to, tt.khepri, got)
			}
			if got.Reason == "" || got.DocURL == "" {
				t.Errorf("verdict without reason or doc link: %+v", got)
			}
		})
	}
}

func TestSkipVerdictNamesTheRoute(t *testing.T) {
	got := CheckDirectUpgrade(V(3, 9, 29), V(3, 13, 7), false)
	want := []Series{S(3, 10), S(3, 11), S(3, 12), S(3, 13)}
	if len(got.Via) != len(want) {
		t.Fatalf("Via = %v, want %v", got.Via, want)
	}
	for i := range want {
		if got.Via[i] != want[i] {
			t.Errorf("Via = %v, want %v", got.Via, want)
		}
	}
}

func TestMinimumSourceFor(t *testing.T) {
	tests := map[Series]Version{
		S(3, 7): V(3, 7, 18), S(3, 8): V(3, 8, 16), S(3, 9): V(3, 9, 0),
		S(3, 11): V(3, 11, 18), S(4, 0): V(4, 0, 1), S(4, 2): V(4, 2, 10),
	}
	for s, want := range tests {
		if got := MinimumSourceFor(s); got != want {
			t.Errorf("MinimumSourceFor(%v) = %v, want %v", s, got, want)
		}
	}
}

func TestNextHops(t *testing.T) {
	got := NextHops(S(3, 13))
	if len(got) != 3 || got[0] != S(4, 0) || got[2] != S(4, 2) {
		t.Errorf("NextHops(3.13) = %v, want [4.0 4.1 4.2]", got)
	}
	if got := NextHops(S(4, 3)); len(got) != 0 {
		t.Errorf("NextHops(4.3) = %v, want none (newest series)", got)
	}
}
