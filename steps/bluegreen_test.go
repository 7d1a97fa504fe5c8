package steps

import (
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
