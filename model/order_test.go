package model

import (
	"strings"
	"testing"
)

func TestProposeOrder(t *testing.T) {
	nodes := []string{"r1", "r2", "r3"}
	qq := func(leader string) Queue { return Queue{Name: "q", Type: "quorum", Leader: leader} }
	tests := []struct {
		name   string
		queues []Queue
		conns  []Connection
		want   []string
		reason string // in the first node's reason
	}{
		{"no load: by name", nil, nil, []string{"r1", "r2", "r3"}, "leads 0 quorum"},
		{"fewest leaders first", []Queue{qq("r1"), qq("r1"), qq("r2")}, nil, []string{"r3", "r2", "r1"}, "leads 0"},
		{"classic queues do not count", []Queue{{Name: "c", Type: "classic", Leader: "r1", Node: "r1"}}, nil, []string{"r1", "r2", "r3"}, "leads 0"},
		{"connections break ties", []Queue{qq("r3")}, []Connection{{Node: "r1"}, {Node: "r1"}, {Node: "r2"}}, []string{"r2", "r1", "r3"}, "holds 1 client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ProposeOrder(nodes, tt.queues, tt.conns)
			var names []string
			for _, o := range got {
				names = append(names, o.Node)
			}
			if strings.Join(names, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("order %v, want %v", names, tt.want)
			}
			if !strings.Contains(got[0].Reason, tt.reason) {
				t.Errorf("reason %q lacks %q", got[0].Reason, tt.reason)
			}
		})
	}
}

func TestOverrideOrder(t *testing.T) {
	nodes := []string{"r1", "r2", "r3"}
	tests := []struct {
		given   []string
		wantErr string
	}{
		{[]string{"r3", "r1", "r2"}, ""},
		{[]string{"r3", "r1"}, "leaves out r2"},
		{[]string{"r3", "r3", "r1"}, "twice"},
		{[]string{"r3", "r1", "r9"}, "not a node"},
	}
	for _, tt := range tests {
		got, err := OverrideOrder(nodes, tt.given)
		if tt.wantErr == "" {
			if err != nil || got[0].Node != "r3" || !strings.Contains(got[0].Reason, "operator") {
				t.Errorf("%v: got %v, %v", tt.given, got, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%v: error %v, want %q", tt.given, err, tt.wantErr)
		}
	}
}
