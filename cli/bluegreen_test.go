package cli

import (
	"testing"

	"github.com/warren-sre/warren/broker"
)

// Both clusters given by URLs carry the same default name: green is blue
// only when a management URL is shared (or a name, for named targets).
func TestSameCluster(t *testing.T) {
	node := func(u string) []broker.Endpoint { return []broker.Endpoint{{MgmtURL: u}} }
	cases := []struct {
		name        string
		green, blue broker.Target
		want        bool
	}{
		{"green by --green-url, blue by --url", broker.Target{Name: "green", Nodes: node("http://g:15672")}, broker.Target{Name: "cli", Nodes: node("http://b:15672")}, false},
		{"the same URL twice", broker.Target{Name: "green", Nodes: node("http://b:15672")}, broker.Target{Name: "cli", Nodes: node("http://b:15672")}, true},
		{"the same targets-file entry", broker.Target{Name: "prod"}, broker.Target{Name: "prod"}, true},
		{"two labs", broker.Target{Name: "lab:g", Nodes: node("http://127.0.0.1:16010")}, broker.Target{Name: "lab:b", Nodes: node("http://127.0.0.1:16020")}, false},
	}
	for _, c := range cases {
		if got := sameCluster(c.green, c.blue); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
