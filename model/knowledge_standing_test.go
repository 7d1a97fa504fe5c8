package model

import (
	"strings"
	"testing"
)

// Item 9 of the knowledge audit: versions newer than the tables are handled
// with the nearest known rules and a warning, never refused for display.
// Rows from the release list in rabbitmq-website's docusaurus.config.js and
// the release notes present in rabbitmq-server (see KnowledgeSources).
func TestStandingOf(t *testing.T) {
	tests := []struct {
		v         Version
		want      Standing
		wantRules Version // zero: no rules stand in
		warnHas   string
	}{
		{V(4, 3, 5), StandingKnown, V(4, 3, 5), ""},
		{V(4, 3, 6), StandingNewerPatch, V(4, 3, 5), "newer than warren's tables"}, // Debian testing ships it
		{V(4, 2, 11), StandingNewerPatch, V(4, 2, 10), "4.2 known up to 4.2.10"},
		{V(3, 13, 8), StandingCommercial, V(3, 13, 7), "commercial-only"}, // blog 2025-02-07
		{V(4, 1, 9), StandingCommercial, V(4, 1, 8), "commercial-only"},   // no public tag, not in the website's release list
		{V(4, 1, 10), StandingCommercial, V(4, 1, 8), "commercial-only"},
		{V(4, 1, 8), StandingKnown, V(4, 1, 8), ""},
		{V(4, 0, 10), StandingCommercial, V(4, 0, 9), "commercial-only"},
		{V(4, 4, 0), StandingNewerSeries, V(4, 3, 5), "series warren's tables do not know"},
		{V(3, 10, 3), StandingUnknown, Version{}, "never shipped"},
		{V(3, 10, 15), StandingUnknown, Version{}, "never shipped"},
		{V(3, 5, 8), StandingUnknown, Version{}, "unknown RabbitMQ version"},
		{V(4, 0, 0), StandingUnknown, Version{}, "unknown RabbitMQ version"},
	}
	for _, tt := range tests {
		if got := StandingOf(tt.v); got != tt.want {
			t.Errorf("StandingOf(%v) = %d, want %d", tt.v, got, tt.want)
		}
		rules, ok := RulesVersion(tt.v)
		if ok != !tt.wantRules.IsZero() || rules != tt.wantRules {
			t.Errorf("RulesVersion(%v) = %v, %v; want %v", tt.v, rules, ok, tt.wantRules)
		}
		w := VersionWarning(tt.v)
		if (tt.warnHas == "") != (w == "") || !strings.Contains(w, tt.warnHas) {
			t.Errorf("VersionWarning(%v) = %q, want it to contain %q", tt.v, w, tt.warnHas)
		}
	}
}

// A patch newer than the tables runs on what its series' newest known
// patch runs on (4.3.3–4.3.5: Erlang 27.0 – 27.x).
func TestErlangRangeBeyondTables(t *testing.T) {
	min, max, ok := ErlangRange(V(4, 3, 6))
	if !ok || min.String() != "27.0" || max.String() != "27.x" {
		t.Errorf("ErlangRange(4.3.6) = %s – %s (%v), want 27.0 – 27.x", min, max, ok)
	}
	if _, _, ok := ErlangRange(V(4, 4, 0)); ok {
		t.Errorf("ErlangRange(4.4.0) must stay unknown: a new series has no Erlang rules yet")
	}
}

func TestErlangBeyondTables(t *testing.T) {
	tests := []struct {
		v      Version
		erlang string
		want   bool
	}{
		{V(4, 3, 6), "29.0", true}, // Debian runs 4.3 on Erlang 29
		{V(4, 3, 5), "29.1.2", true},
		{V(4, 3, 5), "28.1", false}, // rated by the docs: partly supported
		{V(4, 3, 5), "27.3", false},
		{V(4, 1, 8), "29.0", false}, // an older series: its table is final
	}
	for _, tt := range tests {
		if got := ErlangBeyondTables(tt.v, mustErlang(t, tt.erlang)); got != tt.want {
			t.Errorf("ErlangBeyondTables(%v, %s) = %v, want %v", tt.v, tt.erlang, got, tt.want)
		}
	}
}

func TestKnowledgeSummaryNamesDateAndNewestRelease(t *testing.T) {
	s := KnowledgeSummary()
	if !strings.Contains(s, KnowledgeCheckedOn) || !strings.Contains(s, NewestKnownRelease().String()) {
		t.Errorf("KnowledgeSummary() = %q: want the check date %s and the newest release %s", s, KnowledgeCheckedOn, NewestKnownRelease())
	}
	if len(KnowledgeSources) == 0 {
		t.Fatal("KnowledgeSources is empty")
	}
	for _, src := range KnowledgeSources {
		if src.Table == "" || len(src.Sources) == 0 {
			t.Errorf("knowledge source %+v names no table or no source", src)
		}
	}
}

// Item 5: one policy for commercial-only patches: known and marked, never
// picked as a hop; only reached when the operator asks for one.
func TestCommercialPatchesAreNeverChosenAsHops(t *testing.T) {
	if got, _ := ParseTarget("4.1"); got != V(4, 1, 8) {
		t.Errorf("--to 4.1 = %v, want 4.1.8, the last community 4.1 patch", got)
	}
	if got, _ := ParseTarget("3.13"); got != V(3, 13, 7) {
		t.Errorf("--to 3.13 = %v, want 3.13.7", got)
	}
	for _, tt := range []struct {
		from, to Version
		want     string
	}{
		{V(4, 1, 3), V(4, 2, 10), "4.1.3>4.1.8 4.1.8>4.2.10"},
		{V(3, 13, 0), V(4, 0, 9), "3.13.0>3.13.7 3.13.7>4.0.9"},
		{V(4, 1, 3), V(4, 1, 9), "4.1.3>4.1.9"}, // asked for explicitly
	} {
		p, err := Plan(tt.from, tt.to, nil, PlanOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := hopList(p); got != tt.want {
			t.Errorf("%v → %v: hops %s, want %s", tt.from, tt.to, got, tt.want)
		}
	}
}
