package model

import "testing"

// A verdict is only as good as what was read: a node that answers only its
// own probe, or a concern that was not read, is never "healthy".
func TestVerdictsFailClosedOnWhatWasNotRead(t *testing.T) {
	tests := []struct {
		name string
		edit func(s *Snapshot)
		want map[string]Severity
	}{
		{"everything read", func(*Snapshot) {}, map[string]Severity{}},
		{"cluster-wide node list failed, nodes answer their probe", func(s *Snapshot) {
			for i := range s.Nodes.Value {
				s.Nodes.Value[i] = Node{Name: s.Nodes.Value[i].Name, State: NodeRunning, Running: true, ProbeOnly: true,
					Partitions: []string{}, Reason: "answers its own probe; cluster-wide query failed: timeout"}
			}
		}, map[string]Severity{CodeNotChecked: Blocker}},
		{"one node missing from the list", func(s *Snapshot) { s.Nodes.Value[1].ProbeOnly = true }, map[string]Severity{CodeNotChecked: Blocker}},
		{"overview failed", func(s *Snapshot) { s.Overview.Err = "timeout" }, map[string]Severity{CodeNotChecked: Blocker}},
		{"queues never read", func(s *Snapshot) { s.Queues = QueuesSample{} }, map[string]Severity{CodeNotChecked: Blocker}},
		{"connections failed", func(s *Snapshot) { s.Connections.Err = "HTTP 500" }, map[string]Severity{CodeNotChecked: Blocker}},
		{"feature flags failed", func(s *Snapshot) { s.Flags.Err = "HTTP 500" }, map[string]Severity{CodeNotChecked: Blocker}},
		{"a node down is still reported", func(s *Snapshot) {
			s.Nodes.Value[2] = Node{Name: "rabbit-3@h", State: NodeUnreachable, Partitions: []string{}}
			s.Nodes.Value[1].ProbeOnly = true
		}, map[string]Severity{CodeNodeDown: Blocker, CodeNotChecked: Blocker}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cluster("3.10.8", "25.2", "rabbit-1@h", "rabbit-2@h", "rabbit-3@h")
			s.Queues = QueuesSample{At: at}
			tt.edit(&s)
			fs := append(HealthGroupFindings(CheckFacts{Snapshot: s}), UnreadFindings(s)...)
			got := codes(fs)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v: %+v", got, tt.want, fs)
			}
			for code, sev := range tt.want {
				if got[code] != sev {
					t.Errorf("%s: %q, want %q", code, got[code], sev)
				}
			}
		})
	}
}
