package model

import "testing"

// The rows for 3.8.9, 3.10.8, 4.0.5 and 4.3.6 are what real nodes of those
// versions answered; the others follow the table's sources.
func TestHasFollowsWhatEachVersionServes(t *testing.T) {
	tests := []struct {
		v                            Version
		health, deprecated, qqExpire bool
	}{
		{V(3, 8, 9), false, false, false},
		{V(3, 8, 10), true, false, false},
		{V(3, 8, 11), true, false, true},
		{V(3, 10, 8), true, false, true},
		{V(3, 12, 14), true, false, true},
		{V(3, 13, 0), true, true, true},
		{V(4, 0, 5), true, true, true},
		{V(4, 3, 6), true, true, true},
		{Version{}, true, true, true}, // unknown: the newest rules
	}
	for _, tt := range tests {
		got := [3]bool{Has(tt.v, HealthChecksAPI), Has(tt.v, DeprecatedFeaturesAPI), Has(tt.v, QuorumQueueExpires)}
		if got != [3]bool{tt.health, tt.deprecated, tt.qqExpire} {
			t.Errorf("%s: health checks, deprecated features, quorum x-expires = %v", tt.v, got)
		}
	}
	if Has(V(4, 0, 5), APIFeature("no such thing")) {
		t.Error("an unknown feature is never there")
	}
}

func TestCanaryQueueNamesReadBack(t *testing.T) {
	tests := []struct {
		name string
		host string
		pid  int
		ok   bool
	}{
		{CanaryQueueName("mq1.example.com", 4242), "mq1.example.com", 4242, true},
		{CanaryQueueName("vm", 1), "vm", 1, true},
		{CanaryQueuePrefix + "vm", "", 0, false},
		{CanaryQueuePrefix + "vm.x12", "", 0, false},
		{CanaryQueuePrefix + ".12", "", 0, false},
		{"orders.vm.12", "", 0, false},
	}
	for _, tt := range tests {
		host, pid, ok := CanaryQueueOwner(tt.name)
		if host != tt.host || pid != tt.pid || ok != tt.ok {
			t.Errorf("CanaryQueueOwner(%q) = %q %d %v", tt.name, host, pid, ok)
		}
	}
}

func TestHealthFindingsNameTheirSource(t *testing.T) {
	checks := []HealthCheck{
		{Node: "r@a", Check: "local-alarms", Reason: "resource alarm(s) in effect", Source: "/api/healthchecks/node"},
		{Node: "r@a", Check: "alarms", Error: "no answer", Source: "/api/nodes"},
		{Node: "r@a", Check: "virtual-hosts", OK: true, Source: "/api/vhosts"},
	}
	fs := HealthFindings(checks)
	if len(fs) != 2 {
		t.Fatalf("a passing check is no finding: %+v", fs)
	}
	for i, want := range []string{"source: /api/healthchecks/node", "source: /api/nodes"} {
		if ev := fs[i].Evidence; ev[len(ev)-1] != want {
			t.Errorf("finding %d evidence %q, want it to end with %q", i, ev, want)
		}
	}
}
