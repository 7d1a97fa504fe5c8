package broker

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/warren-sre/warren/model"
)

// The answers under testdata/versions were recorded from real single-node
// RabbitMQ 3.8.9 (Debian 11), 3.10.8 (Debian 12), 4.0.5 (Debian 13) and
// 4.3.6 (Debian testing) with the columns warren asks for.
var recordedVersions = []string{"3.8.9", "3.10.8", "4.0.5", "4.3.6"}

func loadRecorded(t *testing.T, version, file string, into any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "versions", version, file))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, into); err != nil {
		t.Fatalf("%s/%s: %v", version, file, err)
	}
}

func TestHealthAnswersAsEachVersionGivesThem(t *testing.T) {
	var recorded []struct {
		Version, Path, Want string
		Status              int
		Body                json.RawMessage
	}
	loadRecorded(t, ".", "health-answers.json", &recorded)
	for _, r := range recorded {
		t.Run(r.Version+" "+r.Path, func(t *testing.T) {
			assertHealthAnswer(t, readHealthAnswer(r.Status, r.Body), r.Want)
		})
	}
}

func TestHealthAnswersThatAreNotRabbitMQsFail(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
	}{
		{"an HTML page from a proxy", 200, "<html><body>It works!</body></html>"},
		{"JSON without a status", 200, `{"name":"guest","tags":["administrator"]}`},
		{"an unknown status word", 200, `{"status":"maybe"}`},
		{"a server error page", 500, "<html>Internal Server Error</html>"},
		{"ok with an error code", 503, `{"status":"ok"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := readHealthAnswer(tt.status, []byte(tt.body))
			assertHealthAnswer(t, a, "error")
			hc := model.HealthCheck{Check: "local-alarms"}
			fillHealth(&hc, a)
			if hc.OK || hc.Error == "" {
				t.Fatalf("a check answered %q must fail with its reason, got %+v", tt.body, hc)
			}
		})
	}
}

func assertHealthAnswer(t *testing.T, a healthAnswer, want string) {
	t.Helper()
	got := "fail"
	switch {
	case a.missing:
		got = "missing"
	case a.err != nil:
		got = "error"
	case a.passed():
		got = "pass"
	}
	if got != want {
		t.Fatalf("got %s (%+v), want %s", got, a, want)
	}
	if got == "fail" && a.body.Reason == "" {
		t.Fatal("a failed check must carry RabbitMQ's reason")
	}
}

func TestNodesAsEachVersionServesThem(t *testing.T) {
	want := map[string]struct {
		erlang string // per node only from 4.2.4
		maint  model.Maintenance
	}{
		"3.8.9":  {"", model.MaintenanceUnknown},
		"3.10.8": {"", model.MaintenanceUnknown},
		"4.0.5":  {"", model.MaintenanceOff},
		"4.3.6":  {"29.1.1", model.MaintenanceOff},
	}
	for _, v := range recordedVersions {
		t.Run(v, func(t *testing.T) {
			var list []apiNode
			loadRecorded(t, v, "nodes.json", &list)
			n := list[0].toModel()
			w := want[v]
			if n.State != model.NodeRunning || n.RabbitVersion != v || n.ErlangVersion != w.erlang || n.Maintenance != w.maint {
				t.Fatalf("got state=%s version=%q erlang=%q maintenance=%q", n.State, n.RabbitVersion, n.ErlangVersion, n.Maintenance)
			}
			if n.DataDir == "" || len(n.ConfigFiles) == 0 || !slices.Contains(n.EnabledPlugins, "rabbitmq_management") {
				t.Fatalf("data dir, config files and plugins are read on every version: %+v", n)
			}
		})
	}
}

func TestConnectionsAsEachVersionServesThem(t *testing.T) {
	for _, v := range recordedVersions {
		t.Run(v, func(t *testing.T) {
			var list []apiConnection
			loadRecorded(t, v, "connections.json", &list)
			c := list[0].toModel()
			if c.Product != "probe" || c.Version != "1.2.3" || c.ProvidedName != "probe-holder" || c.Protocol != "AMQP 0-9-1" {
				t.Fatalf("client_properties misread: %+v", c)
			}
		})
	}
}

func TestFeatureFlagsAsEachVersionServesThem(t *testing.T) {
	for _, v := range recordedVersions {
		t.Run(v, func(t *testing.T) {
			var flags []model.FeatureFlag
			loadRecorded(t, v, "feature-flags.json", &flags)
			for _, f := range flags {
				if f.Name == "" || f.Stability == "" || (f.State != "enabled" && f.State != "disabled") {
					t.Fatalf("flag misread: %+v", f)
				}
			}
		})
	}
}

func TestQueueTypesAsEachVersionServesThem(t *testing.T) {
	for _, v := range recordedVersions {
		t.Run(v, func(t *testing.T) {
			var list []apiQueue
			loadRecorded(t, v, "queues.json", &list)
			types := map[string]bool{}
			for _, q := range list {
				types[q.toModel().Type] = true
			}
			// Streams came with 3.9: 3.8.9 refused x-queue-type stream.
			wantStream := v != "3.8.9"
			if !types["classic"] || !types["quorum"] || types["stream"] != wantStream {
				t.Fatalf("queue types read: %v", types)
			}
		})
	}
}

// The health checks 3.8.9 lacks, answered from what it has.
func TestLegacyHealthFromRecorded389(t *testing.T) {
	const node = "probe38@localhost"
	check := func(name string) *model.HealthCheck { return &model.HealthCheck{Node: node, Check: name} }

	var vhosts []legacyVHost
	loadRecorded(t, "3.8.9", "vhosts.json", &vhosts)
	hc := check("virtual-hosts")
	vhostsRunning(hc, vhosts)
	other := &model.HealthCheck{Node: "rabbit@elsewhere", Check: "virtual-hosts"}
	vhostsRunning(other, vhosts)
	if !hc.OK || other.OK || !strings.Contains(strings.Join(other.Queues, " "), "vhost /: not reported") {
		t.Fatalf("virtual-hosts: %+v / %+v", hc, other)
	}

	var ov legacyListeners
	loadRecorded(t, "3.8.9", "overview.json", &ov)
	amqp, mqtt := check("protocol-listener/amqp"), check("protocol-listener/mqtt")
	listening(amqp, []string{"amqp"}, ov)
	listening(mqtt, []string{"mqtt"}, ov)
	if !amqp.OK || mqtt.OK {
		t.Fatalf("listeners: amqp %+v, mqtt %+v", amqp, mqtt)
	}
	ov.Listeners[0].Protocol = "amqp/ssl" // how 3.x lists a TLS listener
	amqps := check("protocol-listener/amqps")
	listening(amqps, []string{"amqps"}, ov)
	if !amqps.OK {
		t.Fatalf("an amqp/ssl listener is what amqps asks for: %+v", amqps)
	}

	var nodes []legacyAlarms
	loadRecorded(t, "3.8.9", "nodes.json", &nodes)
	alarms := check("alarms")
	clusterAlarms(alarms, nodes)
	nodes[0].DiskAlarm = true
	alarmed := check("alarms")
	clusterAlarms(alarmed, nodes)
	if !alarms.OK || alarmed.OK || alarmed.Queues[0] != "disk space alarm on "+node {
		t.Fatalf("alarms: %+v / %+v", alarms, alarmed)
	}

	var queues []legacyQueue
	loadRecorded(t, "3.8.9", "queues.json", &queues)
	single := check("node-is-quorum-critical")
	quorumCritical(single, 1, queues)
	if !single.OK || single.Reason != "single node cluster" {
		t.Fatalf("a single-node cluster is never quorum-critical: %+v", single)
	}
}

func TestQuorumCriticalFollowsRabbitMQsRule(t *testing.T) {
	members := []string{"a", "b", "c"}
	q := func(name string, online ...string) legacyQueue {
		return legacyQueue{Name: name, VHost: "/", Type: "quorum", Members: members, Online: online}
	}
	tests := []struct {
		name   string
		queues []legacyQueue
		want   []string
	}{
		{"all members online", []legacyQueue{q("q1", "a", "b", "c")}, nil},
		{"one member down: stopping a loses quorum", []legacyQueue{q("q1", "a", "b")}, []string{"q1 (vhost /)"}},
		{"the node is no member", []legacyQueue{{Name: "q2", Type: "quorum", Members: []string{"b", "c"}, Online: []string{"b"}}}, nil},
		{"warren's canary is not the operator's", []legacyQueue{q(model.CanaryQueuePrefix+"h.1", "a", "b")}, nil},
		{"classic queues have no quorum", []legacyQueue{{Name: "c1", Type: "classic", Members: members}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hc := &model.HealthCheck{Node: "a", Check: "node-is-quorum-critical"}
			quorumCritical(hc, 3, tt.queues)
			if hc.OK != (len(tt.want) == 0) || !slices.Equal(hc.Queues, tt.want) {
				t.Fatalf("got ok=%v %v, want %v", hc.OK, hc.Queues, tt.want)
			}
		})
	}
}

func TestStaleCanaryOnlyOursAndDead(t *testing.T) {
	alive := func(pid int) bool { return pid == 7 }
	tests := []struct {
		queue string
		want  bool
	}{
		{model.CanaryQueueName("mq-admin.example", 42), true},
		{model.CanaryQueueName("mq-admin.example", 7), false},  // still running
		{model.CanaryQueueName("mq-admin.example", 99), false}, // this process
		{model.CanaryQueueName("other-host", 42), false},
		{"orders", false},
		{model.CanaryQueuePrefix + "mq-admin.example.notapid", false},
	}
	for _, tt := range tests {
		if got := staleCanary(tt.queue, "mq-admin.example", 99, alive); got != tt.want {
			t.Errorf("staleCanary(%q) = %v, want %v", tt.queue, got, tt.want)
		}
	}
}

// Before 3.8.10 there is no mirror-sync-critical endpoint: the rule is
// applied to /api/queues (a master here with mirrors, none synchronised).
func TestMirrorSyncCriticalFollowsRabbitMQsRule(t *testing.T) {
	const node = "rabbit@a"
	tests := []struct {
		name  string
		queue legacyMirrored
		ok    bool
	}{
		{"master here, mirrors, none synchronised", legacyMirrored{Name: "q", Type: "classic", Node: node, Mirror: []string{"rabbit@b"}}, false},
		{"master here, a synchronised mirror", legacyMirrored{Name: "q", Type: "classic", Node: node, Mirror: []string{"rabbit@b"}, Synced: []string{"rabbit@b"}}, true},
		{"not mirrored at all", legacyMirrored{Name: "q", Type: "classic", Node: node}, true},
		{"master elsewhere", legacyMirrored{Name: "q", Type: "classic", Node: "rabbit@b", Mirror: []string{node}}, true},
		{"a quorum queue is not mirrored", legacyMirrored{Name: "q", Type: "quorum", Node: node, Mirror: []string{"rabbit@b"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hc := model.HealthCheck{Node: node, Check: "node-is-mirror-sync-critical"}
			mirrorSyncCritical(&hc, []legacyMirrored{tt.queue})
			if hc.OK != tt.ok || (!hc.OK && len(hc.Queues) != 1) {
				t.Fatalf("ok %v queues %v, want ok %v", hc.OK, hc.Queues, tt.ok)
			}
		})
	}
}
