package steps

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/warren-sre/warren/model"
)

func TestFederationPolicyKeepsTheQueuesOwn(t *testing.T) {
	q := model.MigratedQueue{VHost: "shop", Name: "pay.ments", Type: "quorum"}
	tests := []struct {
		name     string
		own      model.Policy
		priority int
		keys     int
	}{
		{"no policy", model.Policy{}, 1, 1},
		{"a max-length policy of priority 4", model.Policy{Name: "limit", Priority: 4, Definition: map[string]any{"max-length": 10.0}}, 5, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := federationPolicy(q, tt.own)
			if p.Priority != tt.priority || len(p.Definition) != tt.keys || p.Definition["federation-upstream"] != model.FederationUpstream {
				t.Errorf("policy %+v, want priority %d and %d keys with the upstream", p, tt.priority, tt.keys)
			}
			if p.Pattern != `^pay\.ments$` || p.Name != "warren-federate-pay.ments" || p.ApplyTo != "queues" {
				t.Errorf("policy %+v does not target exactly the queue", p)
			}
			if len(tt.own.Definition) > 0 && len(tt.own.Definition) != tt.keys-1 {
				t.Error("the queue's own policy was changed in place")
			}
		})
	}
}

func TestCountConsumersSplitsWarrensOwn(t *testing.T) {
	list := []model.Consumer{
		{VHost: "shop", Queue: "orders", ConnectionName: "orders-service"},
		{VHost: "shop", Queue: "orders", ConnectionName: "Federation link (upstream: warren-blue, policy: warren-federate-orders)"},
		{VHost: "shop", Queue: "orders", ConnectionName: "Shovel warren-move-orders"},
		{VHost: "shop", Queue: "payments", ConnectionName: ""},
	}
	clients, own := countConsumers(list)
	if clients["shop/orders"] != 1 || own["shop/orders"] != 2 || clients["shop/payments"] != 1 || own["shop/payments"] != 0 {
		t.Errorf("clients %v, own %v", clients, own)
	}
}

// fakeSide is one cluster as the drain check reads it.
type fakeSide struct {
	MigrationCluster
	queues    []model.Queue
	shovels   []model.ShovelStatus
	consumers []model.Consumer
	conns     []model.Connection
	ready     map[string]int64 // what the queues answer over AMQP
	readyErr  error
}

func (f fakeSide) QueueLoad(context.Context) ([]model.Queue, error) { return f.queues, nil }
func (f fakeSide) Shovels(context.Context) ([]model.ShovelStatus, error) {
	return f.shovels, nil
}

func TestEmptiedWaitsForBothListings(t *testing.T) {
	dir := t.TempDir()
	defs := `{"vhosts": [{"name": "shop"}], "queues": [{"name": "orders", "vhost": "shop", "durable": true, "arguments": {}}]}`
	if err := os.WriteFile(filepath.Join(dir, BGGreenDefsFile), []byte(defs), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := saveJSON(dir, BGShovelsFile, BGShovelRun{Source: map[string]int64{"shop/orders": 300}, Dest: map[string]int64{"shop/orders": 0}}); err != nil {
		t.Fatal(err)
	}
	q := func(messages int64, consumers int) []model.Queue {
		return []model.Queue{{VHost: "shop", Name: "orders", Messages: messages, Ready: messages, Consumers: consumers}}
	}
	tests := []struct {
		name        string
		blue, green []model.Queue
		shovels     []model.ShovelStatus
		want        Verdict
	}{
		{"still on blue", q(120, 0), q(180, 0), nil, Wait},
		{"blue empty, green's listing behind", q(0, 0), q(0, 0), nil, Wait},
		{"everything arrived", q(0, 0), q(300, 0), nil, Pass},
		{"green's consumers take them as they come", q(0, 0), q(12, 2), nil, Pass},
		{"a shovel terminated", q(120, 0), q(180, 0), []model.ShovelStatus{{Name: "warren-move-orders", VHost: "shop", State: "terminated"}}, Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := BlueGreenConfig{RunDir: dir, Blue: fakeSide{queues: tt.blue}, Green: fakeSide{queues: tt.green, shovels: tt.shovels}}
			if r := emptied(cfg, forward(cfg))(context.Background(), Env{}); r.Verdict != tt.want {
				t.Errorf("verdict %s, want %s: %s %v", r.Verdict, tt.want, r.Summary, r.Evidence)
			}
		})
	}
}

func TestAMQPURIFor(t *testing.T) {
	tests := []struct {
		url, vhost, want string
	}{
		{"amqp://127.0.0.1:6030", "/", "amqp://guest:p%40ss@127.0.0.1:6030/%2F"},
		{"amqp://127.0.0.1:6030/", "shop", "amqp://guest:p%40ss@127.0.0.1:6030/shop"},
		{"amqps://rmq1:5671", "a b", "amqps://guest:p%40ss@rmq1:5671/a%20b"},
	}
	for _, tt := range tests {
		got, err := amqpURIFor(tt.url, "guest", "p@ss", tt.vhost)
		if err != nil || got != tt.want {
			t.Errorf("%s %q: %q (%v), want %q", tt.url, tt.vhost, got, err, tt.want)
		}
	}
	if got := localURIFor("/"); got != "amqp:///%2F" {
		t.Errorf("local URI of /: %q", got)
	}
}

func (f fakeSide) Consumers(context.Context) ([]model.Consumer, error) { return f.consumers, nil }
func (f fakeSide) Connections(context.Context) model.ConnectionsSample {
	return model.ConnectionsSample{Value: f.conns}
}

func TestMoveGates(t *testing.T) {
	dir := t.TempDir()
	defs := `{"vhosts": [{"name": "shop"}], "queues": [{"name": "orders", "vhost": "shop", "durable": true, "arguments": {}}]}`
	if err := os.WriteFile(filepath.Join(dir, BGGreenDefsFile), []byte(defs), 0o600); err != nil {
		t.Fatal(err)
	}
	fed := model.Consumer{VHost: "shop", Queue: "orders", ConnectionName: "Federation link (upstream: warren-blue, policy: warren-federate-orders)"}
	client := model.Consumer{VHost: "shop", Queue: "orders", ConnectionName: "orders-service"}
	canary := model.Connection{Name: "c1", ProvidedName: "warren canary"}
	app := model.Connection{Name: "c2", User: "app", VHost: "shop", ProvidedName: "checkout"}
	tests := []struct {
		name      string
		consumers []model.Consumer
		conns     []model.Connection
		wantCons  Verdict
		wantPubs  Verdict
	}{
		{"a client consumer and a client connection on blue", []model.Consumer{client, fed}, []model.Connection{canary, app}, Wait, Wait},
		{"only warren's own on blue", []model.Consumer{fed}, []model.Connection{canary}, Pass, Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := BlueGreenConfig{RunDir: dir, Blue: fakeSide{consumers: tt.consumers, conns: tt.conns},
				Green: fakeSide{queues: []model.Queue{{VHost: "shop", Name: "orders", Consumers: 2}}}}
			if r := consumersMoved(cfg)(context.Background(), Env{}); r.Verdict != tt.wantCons {
				t.Errorf("move consumers: %s, want %s: %v", r.Verdict, tt.wantCons, r.Evidence)
			}
			if r := publishersStep(cfg).Check(context.Background(), Env{}); r.Verdict != tt.wantPubs {
				t.Errorf("move publishers: %s, want %s: %v", r.Verdict, tt.wantPubs, r.Evidence)
			}
		})
	}
	// No connection to blue: the gates fail closed.
	if r := consumersMoved(BlueGreenConfig{RunDir: dir})(context.Background(), Env{}); r.Verdict != Fail {
		t.Errorf("without blue the move-consumers gate says %s", r.Verdict)
	}
}
