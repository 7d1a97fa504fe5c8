package model

import (
	"slices"
	"testing"
)

// export builds a minimal cluster-wide export with the given queue and
// binding-destination lists.
func export(queues, bindingDests string) []byte {
	return []byte(`{"vhosts":[{"name":"/"}],"users":[],"permissions":[],"policies":[],"exchanges":[{"name":"orders"}],` +
		`"queues":` + queues + `,"bindings":` + bindingDests + `}`)
}

func TestCountDefinitionsIgnoresCanaryQueues(t *testing.T) {
	cases := []struct {
		name           string
		data           []byte
		queues, bounds int
	}{
		{"no canary", export(`[{"name":"orders.q"}]`, `[{"source":"orders","destination":"orders.q","destination_type":"queue"}]`), 1, 1},
		{"leftover canary and its binding",
			export(`[{"name":"orders.q"},{"name":"warren.canary.ops1.4242"}]`,
				`[{"source":"orders","destination":"orders.q","destination_type":"queue"},`+
					`{"source":"orders","destination":"warren.canary.ops1.4242","destination_type":"queue"}]`), 1, 1},
		{"an exchange named like a canary still counts as a destination",
			export(`[]`, `[{"source":"orders","destination":"warren.canary.x","destination_type":"exchange"}]`), 0, 1},
		{"a queue merely containing the word", export(`[{"name":"app.warren.canary.q"}]`, `[]`), 1, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := CountDefinitions(c.data)
			if err != nil {
				t.Fatal(err)
			}
			if got.Queues != c.queues || got.Bindings != c.bounds {
				t.Errorf("queues %d bindings %d, want %d and %d", got.Queues, got.Bindings, c.queues, c.bounds)
			}
		})
	}
}

func TestCountLiveIgnoresCanaryQueues(t *testing.T) {
	type q = LiveQueue
	type b = LiveBinding
	cases := []struct {
		name           string
		queues         []LiveQueue
		bindings       []LiveBinding
		queues2, binds int
	}{
		{"exclusive queues are not exported", []q{{Name: "a"}, {Name: "amq.gen-1", Exclusive: true}}, nil, 1, 0},
		{"a killed warren's canary is not counted",
			[]q{{Name: "a"}, {Name: CanaryQueuePrefix + "ops1.4242"}},
			[]b{{Source: "", Destination: CanaryQueuePrefix + "ops1.4242", DestinationType: "queue"},
				{Source: "x", Destination: CanaryQueuePrefix + "ops1.4242", DestinationType: "queue"},
				{Source: "x", Destination: "a", DestinationType: "queue"}}, 1, 1},
		{"an exchange destination is never a canary", nil,
			[]b{{Source: "x", Destination: CanaryQueuePrefix + "e", DestinationType: "exchange"}}, 0, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := CountLive(LiveObjects{VHosts: []struct{ Name string }{{"/"}}, Queues: c.queues, Bindings: c.bindings})
			if got.Queues != c.queues2 || got.Bindings != c.binds {
				t.Errorf("queues %d bindings %d, want %d and %d", got.Queues, got.Bindings, c.queues2, c.binds)
			}
		})
	}
}

// The lab rehearsal's failure: backup taken, then a warren was killed and
// its canary is still there. The comparison must find nothing.
func TestBackupMatchesLiveWithLeftoverCanary(t *testing.T) {
	backup, err := CountDefinitions(export(`[{"name":"orders.q"}]`, `[]`))
	if err != nil {
		t.Fatal(err)
	}
	live := CountLive(LiveObjects{VHosts: []struct{ Name string }{{"/"}},
		Exchanges: []LiveExchange{{"orders"}},
		Queues:    []LiveQueue{{Name: "orders.q"}, {Name: CanaryQueuePrefix + "ops1.9"}}})
	if diffs := CompareCounts(backup, live); !slices.Equal(diffs, nil) {
		t.Errorf("diffs %v, want none", diffs)
	}
}

// 4.3.6 exports amq.rabbitmq.log (recorded from a real node); 3.8.9 to
// 4.0.5 export no amq.* exchange. A fresh node's backup still matches.
func TestBackupOfAFresh43NodeMatchesLive(t *testing.T) {
	backup, err := CountDefinitions([]byte(`{"vhosts":[{"name":"/"}],"users":[{"name":"guest"}],` +
		`"permissions":[{"user":"guest","vhost":"/"}],"policies":[],"queues":[],"bindings":[],` +
		`"exchanges":[{"arguments":{},"auto_delete":false,"durable":true,"name":"amq.rabbitmq.log","type":"topic","vhost":"/"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var exchanges []LiveExchange
	for _, name := range []string{"", "amq.direct", "amq.fanout", "amq.headers", "amq.match", "amq.rabbitmq.log", "amq.rabbitmq.trace", "amq.topic"} {
		exchanges = append(exchanges, LiveExchange{name})
	}
	live := CountLive(LiveObjects{VHosts: []struct{ Name string }{{"/"}}, Users: []struct{ Name string }{{"guest"}},
		Permissions: []struct{ User string }{{"guest"}}, Exchanges: exchanges})
	if diffs := CompareCounts(backup, live); len(diffs) > 0 {
		t.Errorf("diffs %v, want none", diffs)
	}
}
