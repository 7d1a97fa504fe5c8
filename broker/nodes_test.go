package broker

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/warren-sre/warren/model"
)

func TestAPINodeToModel(t *testing.T) {
	tests := []struct {
		name        string
		json        string
		wantState   model.NodeState
		wantVersion string
		wantMaint   model.Maintenance
	}{
		{"3.10 running node: version from the rabbit app",
			`{"name":"r1@h","running":true,"applications":[{"name":"kernel","version":"8.5.3"},{"name":"rabbit","version":"3.10.8"}]}`,
			model.NodeRunning, "3.10.8", model.MaintenanceUnknown},
		{"a stopped node has only four keys",
			`{"name":"r2@h","type":"disc","running":false,"cluster_links":[]}`,
			model.NodeDown, "", model.MaintenanceUnknown},
		{"4.2.4+ reports its own version and drain state",
			`{"name":"r3@h","running":true,"being_drained":true,"rabbitmq_version":"4.2.4","applications":[{"name":"rabbit","version":"4.2.4"}]}`,
			model.NodeMaintenance, "4.2.4", model.MaintenanceOn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a apiNode
			if err := json.Unmarshal([]byte(tt.json), &a); err != nil {
				t.Fatal(err)
			}
			n := a.toModel()
			if n.State != tt.wantState || n.RabbitVersion != tt.wantVersion || n.Maintenance != tt.wantMaint {
				t.Fatalf("got state=%s version=%q maint=%q", n.State, n.RabbitVersion, n.Maintenance)
			}
			if n.Partitions == nil {
				t.Fatal("partitions must be an empty list, not null, for JSON consumers")
			}
		})
	}
}

func TestDescribeErrorsAreOneLine(t *testing.T) {
	nc := &nodeClient{base: mustURL(t, "http://127.0.0.1:15672"), timeout: DefaultTimeout}
	tests := []struct {
		err  error
		kind string
	}{
		{&apiError{Status: 401}, "auth"},
		{&apiError{Status: 404}, "not-found"},
		{&apiError{Status: 500, Body: []byte(`{"error":"internal","reason":"boom"}`)}, "http"},
		{errors.New("read tcp 127.0.0.1:1->127.0.0.1:15672: read: connection reset by peer"), "dropped"},
		{errors.New(`Get "http://127.0.0.1:15672/api/nodes": unexpected EOF`), "dropped"},
		{errors.New(`Get "http://127.0.0.1:15671/api/nodes": EOF`), "tls"},
		{errors.New("dial tcp 127.0.0.1:15672: connect: connection refused"), "refused"},
		{errors.New("http: server gave HTTP response to HTTPS client"), "tls"},
	}
	for _, tt := range tests {
		err := nc.describe(tt.err)
		p, ok := err.(*Problem)
		if !ok || p.Kind != tt.kind {
			t.Fatalf("describe(%v) = %#v, want kind %s", tt.err, err, tt.kind)
		}
	}
}

// A node the cluster-wide list did not report is alive at most: it is
// marked ProbeOnly so that no verdict calls it healthy.
func TestMergeProbesMarksNodesTheListDidNotReport(t *testing.T) {
	c, err := Connect(Target{Nodes: []Endpoint{
		{MgmtURL: "http://127.0.0.1:15672", Name: "r1@h"}, {MgmtURL: "http://127.0.0.1:15673", Name: "r2@h"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	timeout := errors.New("no answer within 2s")
	listed := []apiNode{{Name: "r1@h", Running: true}, {Name: "r2@h", Running: true}}
	tests := []struct {
		name      string
		list      []apiNode
		listErr   error
		probes    []probe
		wantState []model.NodeState
		wantProbe []bool
	}{
		{"list read, both answer", listed, nil, []probe{{0, nil}, {1, nil}},
			[]model.NodeState{model.NodeRunning, model.NodeRunning}, []bool{false, false}},
		{"list timed out, both answer their probe", nil, timeout, []probe{{0, nil}, {1, nil}},
			[]model.NodeState{model.NodeRunning, model.NodeRunning}, []bool{true, true}},
		{"list timed out, one frozen", nil, timeout, []probe{{0, nil}, {1, timeout}},
			[]model.NodeState{model.NodeRunning, model.NodeUnreachable}, []bool{true, false}},
		{"list lacks a node that answers", listed[:1], nil, []probe{{0, nil}, {1, nil}},
			[]model.NodeState{model.NodeRunning, model.NodeRunning}, []bool{false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nodes := c.mergeProbes(tt.list, tt.probes, tt.listErr)
			if len(nodes) != len(tt.wantState) {
				t.Fatalf("got %d nodes: %+v", len(nodes), nodes)
			}
			for i, n := range nodes {
				if n.State != tt.wantState[i] || n.ProbeOnly != tt.wantProbe[i] {
					t.Errorf("%s: state %s probe-only %v, want %s %v", n.Name, n.State, n.ProbeOnly, tt.wantState[i], tt.wantProbe[i])
				}
			}
		})
	}
}
