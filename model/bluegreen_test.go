package model

import (
	"strings"
	"testing"
)

const blueDefs = `{
 "rabbit_version": "3.10.8",
 "users": [{"name": "app", "password_hash": "h1", "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": "management"}],
 "vhosts": [{"name": "/"}, {"name": "shop"}],
 "permissions": [{"user": "app", "vhost": "shop", "configure": ".*", "write": ".*", "read": ".*"}],
 "policies": [
  {"vhost": "shop", "name": "ha-all", "pattern": "^orders$", "apply-to": "queues", "priority": 0, "definition": {"ha-mode": "all", "ha-sync-mode": "automatic"}},
  {"vhost": "shop", "name": "ha-and-limit", "pattern": "^audit$", "apply-to": "queues", "priority": 1, "definition": {"ha-mode": "exactly", "ha-params": 2, "max-length": 1000}},
  {"vhost": "shop", "name": "ttl", "pattern": "^events$", "apply-to": "queues", "priority": 0, "definition": {"message-ttl": 60000}}
 ],
 "queues": [
  {"name": "orders", "vhost": "shop", "durable": true, "auto_delete": false, "arguments": {}},
  {"name": "events", "vhost": "shop", "durable": true, "auto_delete": false, "arguments": {"x-queue-type": "quorum"}},
  {"name": "log", "vhost": "shop", "durable": true, "auto_delete": false, "arguments": {"x-queue-type": "stream"}},
  {"name": "warren.canary.h.1", "vhost": "/", "durable": true, "auto_delete": false, "arguments": {"x-queue-type": "quorum"}}
 ],
 "exchanges": [{"name": "shop.topic", "vhost": "shop", "type": "topic", "durable": true, "auto_delete": false, "internal": false, "arguments": {}}],
 "bindings": [
  {"source": "shop.topic", "vhost": "shop", "destination": "orders", "destination_type": "queue", "routing_key": "order.#", "arguments": {}},
  {"source": "shop.topic", "vhost": "shop", "destination": "log", "destination_type": "queue", "routing_key": "#", "arguments": {}}
 ],
 "global_parameters": [{"name": "cluster_name", "value": "blue"}, {"name": "other", "value": 1}]
}`

func mustParse(t *testing.T, s string) Definitions {
	t.Helper()
	d, err := ParseDefinitions([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestTransformForTarget(t *testing.T) {
	tests := []struct {
		name        string
		green       Version
		wantChanges []string
		policies    []string // names kept
		queues      int
		bindings    int
	}{
		{"4.0.5 drops ha keys, skips the empty policy", V(4, 0, 5), []string{
			"policy ha-all in vhost shop: not imported (it only held ha-* keys, which 4.0.5 refuses)",
			"policy ha-and-limit in vhost shop: dropped ha-mode, ha-params, kept the rest (classic queue mirroring is gone in 4.0.5: its importer refuses ha-* keys)",
			"queue warren.canary.h.1 in vhost /: not imported (warren's own canary queue)",
			"global parameter cluster_name: not imported (it names blue; green keeps its own)",
		}, []string{"ha-and-limit", "ttl"}, 3, 2},
		{"3.10.8 keeps mirroring", V(3, 10, 8), []string{
			"queue warren.canary.h.1 in vhost /: not imported (warren's own canary queue)",
			"global parameter cluster_name: not imported (it names blue; green keeps its own)",
		}, []string{"ha-all", "ha-and-limit", "ttl"}, 3, 2},
		{"3.8.9 has no streams", V(3, 8, 9), []string{
			"queue log in vhost shop: not imported (RabbitMQ 3.8.9 has no stream queues)",
			"queue warren.canary.h.1 in vhost /: not imported (warren's own canary queue)",
			`binding shop.topic → queue log ("#") in vhost shop: not imported (its queue is not imported)`,
			"global parameter cluster_name: not imported (it names blue; green keeps its own)",
		}, []string{"ha-all", "ha-and-limit", "ttl"}, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blue := mustParse(t, blueDefs)
			out, changes := TransformForTarget(blue, tt.green, TransformOptions{})
			var got []string
			for _, c := range changes {
				got = append(got, c.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.wantChanges, "\n") {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.wantChanges, "\n"))
			}
			var names []string
			for _, p := range out.objects("policies") {
				names = append(names, p["name"].(string))
				if def := p["definition"].(map[string]any); tt.green == V(4, 0, 5) && def["ha-mode"] != nil {
					t.Errorf("policy %s kept ha-mode", p["name"])
				}
			}
			if strings.Join(names, ",") != strings.Join(tt.policies, ",") {
				t.Errorf("policies %v, want %v", names, tt.policies)
			}
			if n := len(out.objects("queues")); n != tt.queues {
				t.Errorf("%d queues, want %d", n, tt.queues)
			}
			if n := len(out.objects("bindings")); n != tt.bindings {
				t.Errorf("%d bindings, want %d", n, tt.bindings)
			}
			if len(blue.objects("policies")) != 3 || len(blue.objects("queues")) != 4 {
				t.Error("the transform changed blue's definitions in place")
			}
		})
	}
}

func TestTransformKeepsLimitOfMixedPolicy(t *testing.T) {
	out, _ := TransformForTarget(mustParse(t, blueDefs), V(4, 0, 5), TransformOptions{})
	for _, p := range out.objects("policies") {
		if p["name"] == "ha-and-limit" {
			def := p["definition"].(map[string]any)
			if len(def) != 1 || def["max-length"] != float64(1000) {
				t.Errorf("definition %v, want only max-length 1000", def)
			}
		}
	}
}

func TestVerifyImportedAndClashes(t *testing.T) {
	want, _ := TransformForTarget(mustParse(t, blueDefs), V(4, 0, 5), TransformOptions{})
	tests := []struct {
		name     string
		green    string
		problems []string
		clashes  []string
	}{
		{"empty green", `{"vhosts": [{"name": "/"}]}`, nil, nil},
		{"quorum turned classic, 4.x tags list", `{"vhosts": [{"name": "/"}, {"name": "shop"}],
		  "users": [{"name": "app", "password_hash": "h1", "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": ["management"]}],
		  "queues": [{"name": "events", "vhost": "shop", "durable": true, "auto_delete": false, "type": "classic", "arguments": {}}]}`,
			[]string{"queue events in vhost shop: type classic, not quorum"},
			[]string{"queue events in vhost shop already on green with type classic, not quorum"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			green := mustParse(t, tt.green)
			problems, _ := VerifyImported(want, green)
			if tt.problems != nil {
				found := false
				for _, p := range problems {
					found = found || p == tt.problems[0]
				}
				if !found || strings.Contains(strings.Join(problems, "\n"), "user app") {
					t.Errorf("problems %q, want among them %q and no user app", problems, tt.problems[0])
				}
			} else if len(problems) == 0 {
				t.Error("an empty green verified as holding everything")
			}
			if got := Clashes(want, green); strings.Join(got, "\n") != strings.Join(tt.clashes, "\n") {
				t.Errorf("clashes %q, want %q", got, tt.clashes)
			}
		})
	}
	// green holding exactly the transformed definitions verifies.
	if problems, agreed := VerifyImported(want, want); len(problems) > 0 || agreed == 0 {
		t.Errorf("identical definitions: problems %v, %d agreed", problems, agreed)
	}
}

func TestMigratedQueues(t *testing.T) {
	out, _ := TransformForTarget(mustParse(t, blueDefs), V(4, 0, 5), TransformOptions{})
	var got []string
	for _, q := range out.MigratedQueues() {
		got = append(got, q.Key()+":"+q.Type)
	}
	if want := "shop/events:quorum shop/log:stream shop/orders:classic"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func TestEffectivePolicy(t *testing.T) {
	policies := []Policy{
		{Name: "all-low", VHost: "shop", Pattern: ".*", ApplyTo: "all", Priority: 0},
		{Name: "pay", VHost: "shop", Pattern: "^pay", ApplyTo: "queues", Priority: 5},
		{Name: "quorum-only", VHost: "shop", Pattern: "^orders$", ApplyTo: "quorum_queues", Priority: 9},
		{Name: "exchanges", VHost: "shop", Pattern: ".*", ApplyTo: "exchanges", Priority: 10},
		{Name: "other-vhost", VHost: "/", Pattern: ".*", ApplyTo: "queues", Priority: 10},
		{Name: FederationPolicyPrefix + "payments", VHost: "shop", Pattern: "^payments$", ApplyTo: "queues", Priority: 6},
	}
	tests := []struct {
		queue, typ, want string
	}{
		{"payments", "quorum", "pay"},
		{"orders", "classic", "all-low"},
		{"orders", "quorum", "quorum-only"},
		{"nothing", "classic", "all-low"},
	}
	for _, tt := range tests {
		got, ok := EffectivePolicy(policies, "shop", tt.queue, tt.typ)
		if !ok || got.Name != tt.want {
			t.Errorf("%s (%s): got %q (%v), want %q", tt.queue, tt.typ, got.Name, ok, tt.want)
		}
	}
	if _, ok := EffectivePolicy(policies[4:5], "shop", "x", "classic"); ok {
		t.Error("a policy of another vhost applied")
	}
}

func TestIsMigrationConnection(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"warren canary", true},
		{"warren link rabbit@a", true},
		{"warren queue counts", true},
		{"Federation link (upstream: warren-blue, policy: warren-federate-orders)", true},
		{"Federation link (upstream: other, policy: p)", false},
		{"Shovel warren-move-orders", true},
		{"Shovel someone-elses", false},
		{"orders-service", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsMigrationConnection(tt.name); got != tt.want {
			t.Errorf("%q: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestMirroredToQuorum(t *testing.T) {
	defs := `{"vhosts": [{"name": "shop"}],
	 "policies": [{"vhost": "shop", "name": "ha", "pattern": "^(orders|temp|audit)$", "apply-to": "queues", "priority": 0, "definition": {"ha-mode": "all"}},
	              {"vhost": "shop", "name": "audit-limit", "pattern": "^audit$", "apply-to": "queues", "priority": 2, "definition": {"max-length": 5}}],
	 "queues": [
	  {"name": "orders", "vhost": "shop", "durable": true, "auto_delete": false, "arguments": {"x-max-priority": 5, "x-message-ttl": 1000}},
	  {"name": "temp", "vhost": "shop", "durable": true, "auto_delete": true, "arguments": {}},
	  {"name": "audit", "vhost": "shop", "durable": true, "auto_delete": false, "arguments": {}},
	  {"name": "plain", "vhost": "shop", "durable": true, "auto_delete": false, "arguments": {}}]}`
	tests := []struct {
		opts TransformOptions
		want string // queue:type after the transform
	}{
		{TransformOptions{}, "orders:classic temp:classic audit:classic plain:classic"},
		// audit's effective policy is audit-limit (higher priority): not mirrored.
		{TransformOptions{MirroredToQuorum: true}, "orders:quorum temp:classic audit:classic plain:classic"},
	}
	for _, tt := range tests {
		out, changes := TransformForTarget(mustParse(t, defs), V(4, 0, 5), tt.opts)
		var got []string
		for _, q := range out.objects("queues") {
			got = append(got, q["name"].(string)+":"+QueueType(q))
			if q["name"] == "orders" && tt.opts.MirroredToQuorum {
				args := q["arguments"].(map[string]any)
				if args["x-max-priority"] != nil || args["x-message-ttl"] != float64(1000) {
					t.Errorf("orders' arguments %v: want x-max-priority dropped, x-message-ttl kept", args)
				}
			}
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%+v: %v, want %s", tt.opts, got, tt.want)
		}
		if tt.opts.MirroredToQuorum && !strings.Contains(changes[0].String(), "queue orders in vhost shop: declared as a quorum queue, without x-max-priority (mirrored by policy ha on blue") {
			t.Errorf("first change %q", changes[0])
		}
	}
}

func TestKindCounts(t *testing.T) {
	out, _ := TransformForTarget(mustParse(t, blueDefs), V(4, 0, 5), TransformOptions{})
	want := "1 users, 2 vhosts, 1 permissions, 2 policies, 3 queues, 1 exchanges, 2 bindings"
	if got := strings.Join(out.KindCounts(), ", "); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCanaryRouteFollowsTheMoveGates(t *testing.T) {
	tests := []struct {
		consumers, publishers bool
		want                  string
	}{
		{false, false, "blue"},
		{true, false, "blue → green"},
		{true, true, "green"},
		{false, true, "blue"}, // never publish where nobody consumes
	}
	for _, tt := range tests {
		if got := CanaryRouteFor(tt.consumers, tt.publishers).String(); got != tt.want {
			t.Errorf("consumers moved %v, publishers moved %v: %q, want %q", tt.consumers, tt.publishers, got, tt.want)
		}
	}
	p := CanaryFederationPolicy("/")
	if p.Pattern != `^warren\.canary\.` || p.Definition["federation-upstream"] != FederationUpstream || !strings.HasPrefix(p.Name, FederationPolicyPrefix) {
		t.Errorf("canary federation policy %+v", p)
	}
}
