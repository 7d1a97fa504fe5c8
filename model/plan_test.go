package model

import (
	"slices"
	"strings"
	"testing"
)

func hopList(p UpgradePlan) string {
	var parts []string
	for _, h := range p.Hops {
		parts = append(parts, h.From.String()+">"+h.To.String())
	}
	return strings.Join(parts, " ")
}

func erlangPtr(t *testing.T, s string) *ErlangVersion {
	t.Helper()
	if s == "" {
		return nil
	}
	e := mustErlang(t, s)
	return &e
}

// Expected routes are worked out by hand from facts §1.1 (Erlang) and §2
// (paths: latest patch of each intermediate series, explicit jumps).
func TestPlanHops(t *testing.T) {
	tests := []struct {
		name     string
		from, to Version
		erlang   string
		want     string
	}{
		{"issue example, Erlang 24.3 (3.9.13 only runs up to 24.2)", V(3, 9, 13), V(4, 2, 1), "24.3",
			"3.9.13>3.9.27 3.9.27>3.9.29 3.9.29>3.10.25 3.10.25>3.11.28 3.11.28>3.12.14 3.12.14>3.13.7 3.13.7>4.2.1"},
		{"facts worked example 3.9.16 → 3.12.3", V(3, 9, 16), V(3, 12, 3), "24.3.4.2",
			"3.9.16>3.9.29 3.9.29>3.10.25 3.10.25>3.11.28 3.11.28>3.12.3"},
		{"patch only", V(3, 13, 0), V(3, 13, 7), "26.2", "3.13.0>3.13.7"},
		// 3.13 tops out at Erlang 26.2.x and 4.2.9+ needs 27.0: land on 4.2.8,
		// move Erlang to 27, then take the latest 4.2.
		{"3.13 to the latest 4.2 through 4.2.8", V(3, 13, 7), V(4, 2, 10), "26.2.5", "3.13.7>4.2.8 4.2.8>4.2.10"},
		{"3.13 to 4.2.1 directly", V(3, 13, 7), V(4, 2, 1), "26.2.5", "3.13.7>4.2.1"},
		{"3.13 to 4.3 goes through the latest 4.2", V(3, 13, 7), V(4, 3, 5), "26.2.5", "3.13.7>4.2.8 4.2.8>4.2.10 4.2.10>4.3.5"},
		{"4.0 to 4.2 jump", V(4, 0, 9), V(4, 2, 8), "27.1", "4.0.9>4.2.8"},
		{"4.2.8 to 4.3 needs 4.2.10 first", V(4, 2, 8), V(4, 3, 0), "27.2", "4.2.8>4.2.10 4.2.10>4.3.0"},
		{"3.8.15 to 3.9 via the latest 3.8", V(3, 8, 15), V(3, 9, 29), "23.3", "3.8.15>3.8.35 3.8.35>3.9.29"},
		{"3.11.17 to 3.12 via 3.11.28", V(3, 11, 17), V(3, 12, 0), "25.3", "3.11.17>3.11.28 3.11.28>3.12.0"},
		// 3.7.28 (release-notes/3.7.28.md) is the last 3.7 patch.
		{"3.7 on Erlang 22 needs a 3.8 stepping stone", V(3, 7, 28), V(3, 8, 35), "22.3", "3.7.28>3.8.15 3.8.15>3.8.35"},
		{"3.7.27 goes to 3.7.28 first", V(3, 7, 27), V(3, 8, 35), "22.3", "3.7.27>3.7.28 3.7.28>3.8.15 3.8.15>3.8.35"},
		{"3.7.5 on Erlang 20.3", V(3, 7, 5), V(3, 8, 35), "20.3",
			"3.7.5>3.7.18 3.7.18>3.7.28 3.7.28>3.8.15 3.8.15>3.8.35"},
		{"3.6 full stop to 3.8", V(3, 6, 16), V(3, 8, 35), "19.3", "3.6.16>3.8.35"},
		// release-notes/3.6.6.md, 3.6.7.md: no rolling patch hop across them;
		// 3.6.x → 3.7.x is one full stop from any 3.6 patch (3.13 docs' table).
		{"issue example: 3.6.5 on R16B03 to 3.7.27, one full stop", V(3, 6, 5), V(3, 7, 27), "R16B03", "3.6.5>3.7.27"},
		{"3.6.5 to 3.6.16 is one full stop", V(3, 6, 5), V(3, 6, 16), "R16B03", "3.6.5>3.6.16"},
		{"every series 3.6 → 4.3", V(3, 6, 16), V(4, 3, 5), "20.3",
			"3.6.16>3.8.35 3.8.35>3.9.29 3.9.29>3.10.25 3.10.25>3.11.28 3.11.28>3.12.14 3.12.14>3.13.7 3.13.7>4.2.8 4.2.8>4.2.10 4.2.10>4.3.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := planWithHops(t, tt.from, tt.to, tt.erlang, tt.want)
			assertErlangFitsEveryHop(t, p)
		})
	}
}

// planWithHops plans from → to on erlang and checks the plan is unblocked
// and takes the hops want ("from>to from>to").
func planWithHops(t *testing.T, from, to Version, erlang, want string) UpgradePlan {
	t.Helper()
	p, err := Plan(from, to, erlangPtr(t, erlang), PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Blocked() {
		t.Fatalf("unexpected blockers: %+v", p.Blockers)
	}
	if got := hopList(p); got != want {
		t.Errorf("hops\n got %s\nwant %s", got, want)
	}
	return p
}

// Every hop must run on an Erlang both sides support: the invariant that
// keeps the cluster on one Erlang during each rolling hop.
func assertErlangFitsEveryHop(t *testing.T, p UpgradePlan) {
	t.Helper()
	for _, h := range p.Hops {
		if !h.ErlangDuring.In(h.ErlangMin, h.ErlangMax) {
			t.Errorf("hop %v→%v runs on Erlang %s outside %s – %s", h.From, h.To, h.ErlangDuring, h.ErlangMin, h.ErlangMax)
		}
		if h.Strategy == FullStop {
			continue
		}
		fromMin, fromMax, _ := ErlangRange(h.From)
		if h.From == p.From && !p.Erlang.In(fromMin, fromMax) {
			continue // the cluster starts outside the matrix; the plan says so
		}
		if !h.ErlangDuring.In(fromMin, fromMax) {
			t.Errorf("hop %v→%v: %v cannot run on Erlang %s", h.From, h.To, h.From, h.ErlangDuring)
		}
	}
}

func TestPlanErlangMoves(t *testing.T) {
	p, err := Plan(V(3, 12, 13), V(3, 13, 7), erlangPtr(t, "25.3"), PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// 3.12.13 → 3.12.14 first (same Erlang), then Erlang 26 before 3.13.
	if got := hopList(p); got != "3.12.13>3.12.14 3.12.14>3.13.7" {
		t.Fatalf("hops = %s", got)
	}
	move := p.Hops[1].Before[0]
	if move.Kind != ActionUpgradeErlang || move.Timing != TimingBefore || move.ErlangTarget.String() != "26.2.x" || move.ErlangMin.String() != "26.0" {
		t.Errorf("Erlang move = %+v, want upgrade to 26.2.x (at least 26.0) before the 3.13 hop", move)
	}
	for _, a := range p.Hops[0].Before {
		if a.Kind == ActionUpgradeErlang {
			t.Errorf("hop 1 should not move Erlang: %+v", a)
		}
	}
}

// 3.11 → 3.12: stay on Erlang 25 for the hop, move to 26 only afterwards
// (facts §1.3): the planner never pairs the two.
func TestPlanKeepsErlang25ForThe312Hop(t *testing.T) {
	p, err := Plan(V(3, 11, 28), V(3, 12, 14), erlangPtr(t, "25.3.2"), PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Hops) != 1 || p.Hops[0].ErlangDuring.Major() != 25 {
		t.Fatalf("hops = %+v", p.Hops)
	}
	last := p.Finish[len(p.Finish)-1]
	if last.Kind != ActionUpgradeErlang || last.Timing != TimingAfter || last.ErlangTarget.String() != "26.2.x" {
		t.Errorf("finish should offer Erlang 26.2.x after the hop, got %+v", last)
	}
}

func TestPlanFeatureFlagStepAfterEveryHop(t *testing.T) {
	p, err := Plan(V(3, 9, 13), V(4, 2, 1), nil, PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !p.ErlangAssumed || p.Erlang.String() != "24.2.x" {
		t.Errorf("Erlang = %s assumed=%v, want the assumed newest 3.9.13 line 24.2.x", p.Erlang, p.ErlangAssumed)
	}
	for _, h := range p.Hops {
		if len(h.After) == 0 || h.After[0].Kind != ActionEnableFeatureFlags || !h.After[0].OneWay {
			t.Errorf("hop %v→%v lacks the one-way enable-all-flags step: %+v", h.From, h.To, h.After)
		}
	}
	if doors := p.OneWayDoors(); len(doors) != len(p.Hops)+1 {
		t.Errorf("one-way doors = %d, want one per hop plus the prepare step", len(doors))
	}
}

func TestPlanBeforeHopChecks(t *testing.T) {
	p, err := Plan(V(4, 1, 8), V(4, 3, 5), erlangPtr(t, "27.2"), PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	last := p.Hops[len(p.Hops)-1]
	kinds := map[ActionKind]int{}
	for _, a := range last.Before {
		kinds[a.Kind]++
	}
	if kinds[ActionEnableKhepri] != 1 || kinds[ActionConfirmFlags] != 1 || kinds[ActionDeprecatedFeature] == 0 || kinds[ActionConfigKey] == 0 {
		t.Errorf("4.2 → 4.3 before-actions = %v, want khepri, required flags, deprecations, config keys", kinds)
	}
	withKhepri, _ := Plan(V(4, 2, 10), V(4, 3, 5), erlangPtr(t, "27.2"), PlanOptions{KhepriEnabled: true})
	for _, a := range withKhepri.Hops[0].Before {
		if a.Kind == ActionEnableKhepri {
			t.Errorf("Khepri already enabled, yet the plan enables it: %+v", a)
		}
	}
}

func TestPlanAmqplibWarningOnlyWhenCrossing41(t *testing.T) {
	crossing, _ := Plan(V(4, 0, 9), V(4, 1, 0), erlangPtr(t, "27.1"), PlanOptions{})
	if !hasActionKind(crossing.Hops[0].Before, ActionUpgradeClients) {
		t.Errorf("4.0 → 4.1 should ask for amqplib >= 0.10.7")
	}
	after, _ := Plan(V(4, 1, 0), V(4, 1, 8), erlangPtr(t, "27.1"), PlanOptions{})
	if hasActionKind(after.Hops[0].Before, ActionUpgradeClients) {
		t.Errorf("4.1.0 → 4.1.8 crosses no client change")
	}
}

func hasActionKind(actions []Action, kind ActionKind) bool {
	for _, a := range actions {
		if a.Kind == kind {
			return true
		}
	}
	return false
}

func TestPlanBlockers(t *testing.T) {
	tests := []struct {
		name     string
		from, to Version
		erlang   string
		khepri   bool
		wantCode string
	}{
		{"3.13 with Khepri to 4.0", V(3, 13, 7), V(4, 0, 9), "26.2", true, BlockerNoInPlacePath},
		{"3.13 with Khepri to 4.3", V(3, 13, 2), V(4, 3, 5), "26.2", true, BlockerNoInPlacePath},
		{"Erlang too new for the target", V(4, 2, 10), V(4, 3, 0), "28.0", false, BlockerErlangTooNew},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Plan(tt.from, tt.to, erlangPtr(t, tt.erlang), PlanOptions{KhepriEnabled: tt.khepri})
			if err != nil {
				t.Fatal(err)
			}
			if !p.Blocked() || p.Blockers[0].Code != tt.wantCode || p.Blockers[0].DocURL == "" {
				t.Errorf("blockers = %+v, want %s with a doc link", p.Blockers, tt.wantCode)
			}
		})
	}
}

func TestPlanRejectsBadInput(t *testing.T) {
	tests := []struct {
		name     string
		from, to Version
		erlang   string
		khepri   bool
	}{
		{"downgrade", V(4, 2, 1), V(3, 13, 7), "", false},
		{"unknown source", V(3, 5, 7), V(3, 8, 0), "", false},
		{"unknown target", V(4, 2, 1), V(4, 9, 0), "", false},
		{"Erlang too old for the source", V(3, 11, 5), V(3, 12, 0), "24.3", false},
		{"Khepri before 3.13", V(3, 12, 14), V(3, 13, 7), "26.2", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Plan(tt.from, tt.to, erlangPtr(t, tt.erlang), PlanOptions{KhepriEnabled: tt.khepri})
			if err == nil {
				t.Errorf("Plan(%v, %v) accepted bad input", tt.from, tt.to)
			}
		})
	}
}

func TestPlanSameVersion(t *testing.T) {
	p, err := Plan(V(4, 2, 1), V(4, 2, 1), nil, PlanOptions{})
	if err != nil || len(p.Hops) != 0 || len(p.Notes) == 0 {
		t.Errorf("same version: hops=%d notes=%v err=%v", len(p.Hops), p.Notes, err)
	}
}

// Item 9 of the knowledge audit: a patch newer than the tables is planned
// with its series' rules and a warning; so is an Erlang newer than them.
func TestPlanBeyondTheTables(t *testing.T) {
	tests := []struct {
		name     string
		from, to Version
		erlang   string
		want     string
		warnings []string
	}{
		{"Debian testing's 4.3.6", V(4, 2, 10), V(4, 3, 6), "27.2", "4.2.10>4.3.6", []string{"4.3.6 is newer than warren's tables"}},
		{"from a patch newer than the tables", V(4, 3, 6), V(4, 3, 7), "27.2", "4.3.6>4.3.7",
			[]string{"4.3.6 is newer than warren's tables", "4.3.7 is newer than warren's tables"}},
		{"4.3 on Erlang 29 (Debian)", V(4, 3, 5), V(4, 3, 6), "29.0", "4.3.5>4.3.6",
			[]string{"4.3.6 is newer than warren's tables", "Erlang 29.0 is newer than warren's tables"}},
		{"a commercial-only source", V(3, 13, 8), V(4, 0, 9), "26.2.5", "3.13.8>4.0.9", []string{"commercial-only"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := planWithHops(t, tt.from, tt.to, tt.erlang, tt.want)
			all := strings.Join(p.Warnings, "\n")
			for _, w := range tt.warnings {
				if !strings.Contains(all, w) {
					t.Errorf("warnings lack %q:\n%s", w, all)
				}
			}
			if len(p.Warnings) != len(tt.warnings) {
				t.Errorf("%d warnings, want %d:\n%s", len(p.Warnings), len(tt.warnings), all)
			}
		})
	}
	if _, err := Plan(V(4, 3, 5), V(4, 4, 0), nil, PlanOptions{}); err == nil {
		t.Errorf("a series the tables do not know must be refused by the planner: its path is unknown")
	}
}

// Items 1 and 4: hops that cannot roll say so in their strategy.
func TestPlanFullStopHops(t *testing.T) {
	tests := []struct {
		from, to Version
		erlang   string
		want     []Strategy
	}{
		{V(3, 6, 5), V(3, 6, 16), "R16B03", []Strategy{FullStop}},
		{V(3, 6, 7), V(3, 6, 16), "19.3", []Strategy{Rolling}},
		{V(3, 6, 5), V(3, 8, 35), "R16B03", []Strategy{FullStop}},
		{V(3, 6, 16), V(3, 9, 29), "20.3", []Strategy{FullStop, Rolling}},
	}
	for _, tt := range tests {
		p, err := Plan(tt.from, tt.to, erlangPtr(t, tt.erlang), PlanOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []Strategy
		for _, h := range p.Hops {
			got = append(got, h.Strategy)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%v → %v: strategies %v, want %v (%s)", tt.from, tt.to, got, tt.want, hopList(p))
		}
	}
}

// Item 7: khepri_db depends on the ram_node_type deprecated feature
// (rabbit_core_ff.erl at v4.2.x): RAM nodes go before Khepri is enabled;
// and the 4.3.0 notes' rolling restart for rabbitmq_amqp1_0 reaches the plan.
func TestPlanKhepriAfterRAMNodesAndAMQP10Restart(t *testing.T) {
	p, err := Plan(V(4, 2, 10), V(4, 3, 5), erlangPtr(t, "27.2"), PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ram, khepri := -1, -1
	for i, a := range p.Hops[0].Before {
		switch {
		case a.Kind == ActionEnableKhepri:
			khepri = i
		case a.Kind == ActionDeprecatedFeature && strings.Contains(a.Title, "RAM nodes"):
			ram = i
		}
	}
	if ram < 0 || khepri < 0 || ram > khepri {
		t.Errorf("RAM-node step at %d, Khepri at %d: want both, RAM nodes first", ram, khepri)
	}
	if !strings.Contains(strings.Join(p.Hops[0].Notes, "\n"), "rabbitmq_amqp1_0") {
		t.Errorf("4.2 → 4.3 notes lack the rabbitmq_amqp1_0 rolling restart: %v", p.Hops[0].Notes)
	}
}
