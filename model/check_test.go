package model

import (
	"strings"
	"testing"
	"time"
)

var at = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// cluster builds a snapshot of running nodes on one version and Erlang,
// with the overview served by the first node.
func cluster(version, erlang string, names ...string) Snapshot {
	var s Snapshot
	for _, n := range names {
		s.Nodes.Value = append(s.Nodes.Value, Node{Name: n, State: NodeRunning, Running: true, RabbitVersion: version,
			MemUsed: 100, MemLimit: 1000, DiskFree: 10 << 30, DiskFreeLimit: 50 << 20, Partitions: []string{}})
	}
	s.Nodes.At = at
	s.Overview = OverviewSample{At: at, Value: Overview{RabbitVersion: version, ErlangVersion: erlang, ServedBy: names[0]}}
	s.Flags = FlagsSample{At: at}
	s.Health = HealthSample{At: at}
	s.Connections = ConnectionsSample{At: at}
	return s
}

func codes(fs []Finding) map[string]Severity {
	out := map[string]Severity{}
	for _, f := range fs {
		if old, ok := out[f.Code]; !ok || old != Blocker {
			out[f.Code] = f.Severity
		}
	}
	return out
}

func evidenceHas(fs []Finding, code, text string) bool {
	for _, f := range fs {
		if f.Code == code && strings.Contains(strings.Join(f.Evidence, "\n")+f.Title, text) {
			return true
		}
	}
	return false
}

func TestPathFindings(t *testing.T) {
	tests := []struct {
		name     string
		versions []string
		to       Version
		khepri   bool
		want     map[string]Severity
	}{
		{"next series is fine", []string{"3.10.8", "3.10.8"}, V(3, 11, 28), false, map[string]Severity{}},
		{"skipping minors", []string{"3.10.8"}, V(4, 0, 9), false, map[string]Severity{CodePathSkipsMinor: Blocker}},
		{"3.11.17 needs 3.11.18", []string{"3.11.17"}, V(3, 12, 14), false, map[string]Severity{CodePathNeedsPatch: Blocker}},
		{"3.11.18 may go to 3.12", []string{"3.11.18"}, V(3, 12, 14), false, map[string]Severity{}},
		{"3.12.14 to 4.0 skips 3.13, in place through it", []string{"3.12.14"}, V(4, 0, 9), false, map[string]Severity{CodePathSkipsMinor: Blocker}},
		{"3.13.0 must reach 3.13.7 before 4.x", []string{"3.13.0"}, V(4, 0, 9), false, map[string]Severity{CodePathNeedsPatch: Blocker}},
		{"3.13 with khepri to 4.x", []string{"3.13.7"}, V(4, 1, 0), true, map[string]Severity{CodeNoInPlacePath: Blocker}},
		{"3.13 without khepri to 4.1", []string{"3.13.7"}, V(4, 1, 0), false, map[string]Severity{}},
		{"mixed patches warn", []string{"3.10.7", "3.10.8"}, V(3, 11, 28), false, map[string]Severity{CodeMixedVersions: Warning}},
		{"mixed series block, path from the lowest", []string{"3.10.8", "3.11.28"}, V(3, 12, 14), false,
			map[string]Severity{CodeMixedVersions: Blocker, CodePathSkipsMinor: Blocker}},
		{"already there", []string{"4.0.9"}, V(4, 0, 9), false, map[string]Severity{CodeAlreadyOnTarget: Info}},
		{"downgrade", []string{"4.1.0"}, V(4, 0, 9), false, map[string]Severity{CodeNoInPlacePath: Blocker}},
		{"unreadable version", []string{"garbage"}, V(4, 0, 9), false, map[string]Severity{CodeVersionUnknown: Blocker}},
		// Full-stop hops: the rolling runbook refuses them clearly (items 1 and 4).
		{"3.6 patch across 3.6.6/3.6.7 is full-stop", []string{"3.6.5"}, V(3, 6, 16), false, map[string]Severity{CodePathNeedsFullStop: Blocker}},
		{"3.6 patch after 3.6.7 rolls", []string{"3.6.7"}, V(3, 6, 16), false, map[string]Severity{}},
		{"3.6 to 3.8 is full-stop", []string{"3.6.16"}, V(3, 8, 35), false, map[string]Severity{CodePathNeedsFullStop: Blocker}},
		// Versions newer than the tables: the check carries on, with a warning.
		{"running a patch newer than the tables", []string{"4.3.6"}, V(4, 3, 6), false,
			map[string]Severity{CodeVersionUnknown: Warning, CodeAlreadyOnTarget: Info}},
		{"target a patch newer than the tables", []string{"4.3.5"}, V(4, 3, 6), false, map[string]Severity{CodeVersionUnknown: Warning}},
		{"running a series newer than the tables", []string{"4.4.0"}, V(4, 4, 1), false,
			map[string]Severity{CodeVersionUnknown: Warning}},
		{"running a commercial-only patch", []string{"3.13.8"}, V(4, 0, 9), false, map[string]Severity{CodeVersionUnknown: Warning}},
		{"target a series newer than the tables", []string{"4.3.5"}, V(4, 4, 0), false, map[string]Severity{CodeVersionUnknown: Warning}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names := make([]string, len(tt.versions))
			for i := range names {
				names[i] = "rabbit-" + string(rune('1'+i)) + "@h"
			}
			s := cluster(tt.versions[0], "25.2", names...)
			for i, v := range tt.versions {
				s.Nodes.Value[i].RabbitVersion = v
			}
			if tt.khepri {
				s.Flags.Value = []FeatureFlag{{Name: "khepri_db", State: "enabled", Stability: "experimental"}}
			}
			got := codes(PathFindings(CheckFacts{Target: tt.to, Snapshot: s}))
			if len(got) != len(tt.want) {
				t.Fatalf("codes %v, want %v", got, tt.want)
			}
			for code, sev := range tt.want {
				if got[code] != sev {
					t.Errorf("%s: severity %q, want %q (all: %v)", code, got[code], sev, got)
				}
			}
		})
	}
}

func TestErlangFindings(t *testing.T) {
	tests := []struct {
		name     string
		erlang   string // overview, node 1
		perNode  string // per-node erlang on every node (4.2.4+), "" for none
		to       Version
		want     Severity // of ERLANG_OUT_OF_RANGE; "" = no finding
		evidence string
	}{
		{"3.10 on 25.2 to 3.11 is fine for node 1, others unknown", "25.2", "", V(3, 11, 28), Warning, "only from RabbitMQ 4.2.4"},
		{"3.11 does not run on 26 to 3.12 is fine", "25.3", "", V(3, 12, 14), Warning, "rabbit-2@h: not reported"},
		{"25 is too old for 3.13", "25.3", "", V(3, 13, 7), Blocker, "from /api/overview"},
		{"per-node versions all fine", "26.2", "26.2", V(4, 0, 9), "", ""},
		{"per-node too old for 4.2.9", "26.2", "26.2", V(4, 2, 9), Blocker, "from /api/nodes"},
		// Debian testing: 4.3 on Erlang 29, newer than the tables: warn, do not refuse.
		{"Erlang 29 on 4.3.6 is a warning", "29.0", "29.0", V(4, 3, 6), Warning, "newer than warren's tables"},
		{"Erlang 28 on 4.1 stays a blocker", "28.0", "28.0", V(4, 1, 8), Blocker, "from /api/nodes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cluster("3.10.8", tt.erlang, "rabbit-1@h", "rabbit-2@h")
			for i := range s.Nodes.Value {
				s.Nodes.Value[i].ErlangVersion = tt.perNode
			}
			fs := ErlangFindings(CheckFacts{Target: tt.to, Snapshot: s})
			got := codes(fs)[CodeErlangOutOfRange]
			if got != tt.want {
				t.Fatalf("severity %q, want %q: %+v", got, tt.want, fs)
			}
			if tt.evidence != "" && !evidenceHas(fs, CodeErlangOutOfRange, tt.evidence) {
				t.Errorf("evidence lacks %q: %+v", tt.evidence, fs)
			}
		})
	}
}

func TestErlangRemedyNamesOverlap(t *testing.T) {
	s := cluster("3.12.14", "25.3", "rabbit-1@h")
	s.Nodes.Value[0].ErlangVersion = "25.3"
	fs := ErlangFindings(CheckFacts{Target: V(3, 13, 7), Snapshot: s})
	if len(fs) != 1 || !strings.Contains(fs[0].Remedy, "upgrade Erlang to 26") {
		t.Fatalf("want a remedy naming the shared Erlang 26 range, got %+v", fs)
	}
}

func TestFeatureFlagFindings(t *testing.T) {
	flags := []FeatureFlag{
		{Name: "quorum_queue", State: "enabled", Stability: "stable"},
		{Name: "user_limits", State: "disabled", Stability: "stable"},
		{Name: "drop_unroutable_metric", State: "disabled", Stability: "stable"},
		{Name: "khepri_db", State: "disabled", Stability: "experimental"},
		{Name: "new_flag", State: "unavailable", Stability: "stable"},
	}
	tests := []struct {
		to   Version
		want map[string]Severity
	}{
		{V(3, 10, 25), map[string]Severity{"user_limits": Warning, "drop_unroutable_metric": Warning}},
		{V(3, 11, 28), map[string]Severity{"user_limits": Blocker, "drop_unroutable_metric": Warning}},
		{V(3, 12, 14), map[string]Severity{"user_limits": Blocker, "drop_unroutable_metric": Blocker}},
	}
	for _, tt := range tests {
		t.Run(tt.to.String(), func(t *testing.T) {
			s := cluster("3.10.8", "25.2", "rabbit-1@h")
			s.Flags.Value = flags
			fs := FeatureFlagFindings(CheckFacts{Target: tt.to, Snapshot: s})
			got := map[string]Severity{}
			for _, f := range fs {
				if f.Code != CodeFeatureFlagDisabled {
					t.Fatalf("unexpected code %s", f.Code)
				}
				got[strings.SplitN(f.Evidence[0], ":", 2)[0]] = f.Severity
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for name, sev := range tt.want {
				if got[name] != sev {
					t.Errorf("%s: %q, want %q", name, got[name], sev)
				}
			}
		})
	}
}

func TestFeatureFlagsFailClosed(t *testing.T) {
	s := cluster("3.10.8", "25.2", "rabbit-1@h")
	s.Flags = FlagsSample{At: at, Err: "HTTP 500"}
	fs := FeatureFlagFindings(CheckFacts{Target: V(3, 11, 28), Snapshot: s})
	if !HasBlocker(fs) || fs[0].Code != CodeNotChecked {
		t.Fatalf("an unreadable flag list must be a blocker, got %+v", fs)
	}
}

func TestDeprecationFindings(t *testing.T) {
	ha := Policy{Name: "ha-all", VHost: "/", Pattern: ".*", ApplyTo: "queues", Definition: map[string]any{"ha-mode": "all"}}
	qml := Policy{Name: "locator", VHost: "v1", Pattern: "^x", Definition: map[string]any{"queue-master-locator": "min-masters"}}
	transient := Queue{Name: "tmp", VHost: "/", Type: "classic"}
	exclusive := Queue{Name: "excl", VHost: "/", Exclusive: true}
	durable := Queue{Name: "d", VHost: "/", Durable: true}
	tests := []struct {
		name string
		f    CheckFacts
		want map[string]Severity
		text string
	}{
		{"mirroring blocks 4.0", CheckFacts{Target: V(4, 0, 9), Policies: []Policy{ha}, DeprecatedSupported: true},
			map[string]Severity{CodeClassicMirroring: Blocker}, `policy "ha-all" in vhost "/"`},
		{"mirroring warns before 4.0", CheckFacts{Target: V(3, 13, 7), Policies: []Policy{ha}, DeprecatedSupported: true},
			map[string]Severity{CodeClassicMirroring: Warning}, "ha-mode=all"},
		{"transient queues only inform on 3.11", CheckFacts{Target: V(3, 11, 28), Queues: []Queue{transient, exclusive, durable}, DeprecatedSupported: true},
			map[string]Severity{CodeDeprecatedInUse: Info}, `queue "tmp"`},
		{"transient queues warn on 4.2", CheckFacts{Target: V(4, 2, 8), Queues: []Queue{transient}, DeprecatedSupported: true},
			map[string]Severity{CodeDeprecatedInUse: Warning}, "1 transient non-exclusive"},
		{"transient queues block 4.3", CheckFacts{Target: V(4, 3, 0), Queues: []Queue{transient}, DeprecatedSupported: true},
			map[string]Severity{CodeDeprecatedInUse: Blocker}, "denied by default"},
		{"exclusive and durable queues are fine", CheckFacts{Target: V(4, 3, 0), Queues: []Queue{exclusive, durable}, DeprecatedSupported: true},
			map[string]Severity{}, ""},
		{"no deprecated-features API before 3.13 is information", CheckFacts{Target: V(3, 11, 28), Snapshot: cluster("3.10.8", "25.2", "rabbit-1@h")},
			map[string]Severity{CodeNotInVersion: Info}, "warren's own detection ran instead"},
		{"unreadable deprecated-features API fails closed", CheckFacts{Target: V(4, 0, 9), DeprecatedErr: "HTTP 500"},
			map[string]Severity{CodeNotChecked: Warning}, "HTTP 500"},
		{"queue-master-locator policy", CheckFacts{Target: V(4, 3, 0), Policies: []Policy{qml}, DeprecatedSupported: true},
			map[string]Severity{CodeDeprecatedInUse: Blocker}, "queue-master-locator=min-masters"},
		{"subsystem report, no duplicate of own detection", CheckFacts{Target: V(4, 0, 9), Policies: []Policy{ha},
			DeprecatedSupported: true, DeprecatedUsed: []string{"classic_queue_mirroring", "global_qos"}},
			map[string]Severity{CodeClassicMirroring: Blocker, CodeDeprecatedInUse: Warning}, "global_qos: reported in use"},
		{"unreadable policies fail closed", CheckFacts{Target: V(4, 0, 9), PoliciesErr: "timeout", DeprecatedSupported: true},
			map[string]Severity{CodeNotChecked: Blocker}, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := DeprecationFindings(tt.f)
			got := codes(fs)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v: %+v", got, tt.want, fs)
			}
			for code, sev := range tt.want {
				if got[code] != sev {
					t.Errorf("%s: %q, want %q", code, got[code], sev)
				}
			}
			if tt.text != "" && !evidenceHas(fs, firstCode(tt.want, fs), tt.text) {
				t.Errorf("no evidence %q in %+v", tt.text, fs)
			}
			if tt.name == "subsystem report, no duplicate of own detection" && len(fs) != 2 {
				t.Errorf("classic mirroring reported twice: %+v", fs)
			}
		})
	}
}

// firstCode returns the code whose evidence to search: the one finding with
// the text, whichever code it has.
func firstCode(want map[string]Severity, fs []Finding) string {
	for _, f := range fs {
		if _, ok := want[f.Code]; ok && f.Code != CodeClassicMirroring {
			return f.Code
		}
	}
	for code := range want {
		return code
	}
	return ""
}

func TestTransientEvidenceIsCapped(t *testing.T) {
	var qs []Queue
	for i := 0; i < 500; i++ {
		qs = append(qs, Queue{Name: "q" + string(rune('a'+i%26)), VHost: "/"})
	}
	f := TransientQueueFinding(qs, V(4, 3, 0))
	if f == nil || len(f.Evidence) != maxEvidence+2 || !strings.Contains(f.Evidence[0], "500") {
		t.Fatalf("want a count and %d capped lines, got %d: %v", maxEvidence, len(f.Evidence), f)
	}
}

func TestPluginFindings(t *testing.T) {
	tests := []struct {
		name    string
		from    string
		plugins []string
		to      Version
		want    map[string]Severity
	}{
		{"visualiser is gone in 3.7", "3.6.16", []string{"rabbitmq_management", "rabbitmq_management_visualiser"}, V(3, 7, 28), map[string]Severity{CodePluginNotInTarget: Blocker}},
		{"amqp1_0 becomes a no-op in 4.0", "3.13.7", []string{"rabbitmq_amqp1_0"}, V(4, 0, 9), map[string]Severity{CodePluginNoOp: Info}},
		{"management is fine", "3.10.8", []string{"rabbitmq_management"}, V(3, 11, 28), map[string]Severity{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cluster(tt.from, "25.2", "rabbit-1@h")
			s.Nodes.Value[0].EnabledPlugins = tt.plugins
			fs := PluginFindings(CheckFacts{Target: tt.to, Snapshot: s})
			got := codes(fs)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for code, sev := range tt.want {
				if got[code] != sev || !evidenceHas(fs, code, "rabbit-1@h has") {
					t.Errorf("%s: %q, want %q with the node in evidence: %+v", code, got[code], sev, fs)
				}
			}
		})
	}
}

func TestClientInventoryAndFindings(t *testing.T) {
	conns := []Connection{
		{Name: "10.0.0.5:50000 -> 10.0.0.1:5672", PeerHost: "10.0.0.5", User: "app", VHost: "/", Node: "rabbit-1@h", Product: "amqplib", Version: "0.10.5", Platform: "Node.JS v20.11.0"},
		{Name: "10.0.0.6:50001 -> 10.0.0.1:5672", PeerHost: "10.0.0.6", User: "app", VHost: "/", Node: "rabbit-1@h", Product: "amqplib", Version: "0.10.5", Platform: "Node.JS v20.11.0"},
		{Name: "c3", Product: "amqplib", Version: "0.10.7", Platform: "Node.JS v20.11.0"},
		{Name: "c4", Product: "RabbitMQ", Version: "4.0.3", Platform: "Java"},
		{Name: "c5", Product: "Pika Python Client Library", Version: "1.2.0", Platform: "Python 3.11.2"},
		{Name: "c6", Product: "https://github.com/streadway/amqp", Version: "β", Platform: "golang"},
		{Name: "c7", Product: "my-own-client", Version: "1"},
	}
	tests := []struct {
		to     Version
		status map[string]string // product/version → status
		want   map[string]Severity
	}{
		{V(4, 0, 9), map[string]string{"amqplib 0.10.5": ClientOK, "RabbitMQ 4.0.3": ClientEndOfLife, "Pika Python Client Library 1.2.0": ClientOK,
			"https://github.com/streadway/amqp β": ClientOK, "my-own-client 1": ClientNotRecorded}, map[string]Severity{CodeClientTooOld: Warning}},
		{V(4, 1, 0), map[string]string{"amqplib 0.10.5": ClientTooOld, "amqplib 0.10.7": ClientOK}, map[string]Severity{CodeClientTooOld: Blocker}},
	}
	for _, tt := range tests {
		t.Run(tt.to.String(), func(t *testing.T) {
			inv := ClientInventory(conns, tt.to)
			if inv[0].Product != "amqplib" || inv[0].Count != 2 || len(inv[0].Connections) != 2 {
				t.Fatalf("largest group first with its connections: %+v", inv[0])
			}
			for _, g := range inv {
				key := g.Product + " " + g.Version
				if want, ok := tt.status[key]; ok && g.Status != want {
					t.Errorf("%s: status %q, want %q", key, g.Status, want)
				}
			}
			s := cluster("4.0.9", "26.2", "rabbit-1@h")
			s.Connections.Value = conns
			fs := ClientFindings(CheckFacts{Target: tt.to, Snapshot: s})
			if got := codes(fs)[CodeClientTooOld]; got != tt.want[CodeClientTooOld] {
				t.Fatalf("severity %q, want %q: %+v", got, tt.want[CodeClientTooOld], fs)
			}
		})
	}
	s := cluster("4.0.9", "26.2", "rabbit-1@h")
	s.Connections.Value = conns
	fs := ClientFindings(CheckFacts{Target: V(4, 1, 0), Snapshot: s})
	if !evidenceHas(fs, CodeClientTooOld, `connection "10.0.0.5:50000 -> 10.0.0.1:5672" from 10.0.0.5`) {
		t.Errorf("the connection name and peer must be evidence: %+v", fs)
	}
}

func TestClientGroupsAreBounded(t *testing.T) {
	var conns []Connection
	for i := 0; i < maxConnRefs+7; i++ {
		conns = append(conns, Connection{Name: "c", Product: "amqplib", Version: "0.10.5"})
	}
	g := ClientInventory(conns, V(4, 1, 0))[0]
	if g.Count != maxConnRefs+7 || len(g.Connections) != maxConnRefs || g.Omitted != 7 {
		t.Fatalf("count %d, listed %d, omitted %d", g.Count, len(g.Connections), g.Omitted)
	}
}

func TestHealthAndHeadroom(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(s *Snapshot)
		group func(CheckFacts) []Finding
		want  map[string]Severity
	}{
		{"healthy", func(*Snapshot) {}, HealthGroupFindings, map[string]Severity{}},
		{"node down", func(s *Snapshot) { s.Nodes.Value[2].State, s.Nodes.Value[2].Running = NodeDown, false }, HealthGroupFindings,
			map[string]Severity{CodeNodeDown: Blocker}},
		{"alarm", func(s *Snapshot) { s.Nodes.Value[0].MemAlarm = true }, HealthGroupFindings, map[string]Severity{CodeAlarmActive: Blocker}},
		{"partition", func(s *Snapshot) { s.Nodes.Value[0].Partitions = []string{"rabbit-2@h"} }, HealthGroupFindings, map[string]Severity{CodePartition: Blocker}},
		{"quorum critical", func(s *Snapshot) {
			s.Health.Value = []HealthCheck{{Node: "rabbit-1@h", Check: "node-is-quorum-critical", Reason: "would lose quorum", Queues: []string{"/q"}}}
		}, HealthGroupFindings, map[string]Severity{CodeQuorumCritical: Blocker}},
		{"health checks never ran", func(s *Snapshot) { s.Health = HealthSample{} }, HealthGroupFindings, map[string]Severity{CodeNotChecked: Blocker}},
		{"disk thin", func(s *Snapshot) { s.Nodes.Value[1].DiskFree = 60 << 20 }, HeadroomFindings, map[string]Severity{CodeDiskHeadroom: Warning}},
		{"memory high now", func(s *Snapshot) { s.Nodes.Value[1].MemUsed = 850 }, HeadroomFindings, map[string]Severity{CodeMemoryHeadroom: Warning}},
		{"memory fine now, too high while another node restarts", func(s *Snapshot) { s.Nodes.Value[1].MemUsed = 700 }, HeadroomFindings,
			map[string]Severity{CodeMemoryHeadroom: Warning}},
		{"memory fine", func(s *Snapshot) { s.Nodes.Value[1].MemUsed = 600 }, HeadroomFindings, map[string]Severity{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cluster("3.10.8", "25.2", "rabbit-1@h", "rabbit-2@h", "rabbit-3@h")
			tt.edit(&s)
			got := codes(tt.group(CheckFacts{Target: V(3, 11, 28), Snapshot: s}))
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for code, sev := range tt.want {
				if got[code] != sev {
					t.Errorf("%s: %q, want %q", code, got[code], sev)
				}
			}
		})
	}
}

func TestConfigFindings(t *testing.T) {
	conf := "# comment\nlisteners.tcp.default = 5672\nmqtt.subscription_ttl = 86400000\nclassic_queue.default_version = 1\nqueue_master_locator = min-masters\nnot a pair\n"
	pairs := ParseConfPairs(conf)
	if len(pairs) != 4 || pairs[1].Key != "mqtt.subscription_ttl" || pairs[1].Line != 3 {
		t.Fatalf("ParseConfPairs: %+v", pairs)
	}
	tests := []struct {
		name string
		file ConfigFile
		to   Version
		want map[string]Severity
		text string
	}{
		{"3.13 refuses subscription_ttl", ConfigFile{Node: "n1", Path: "/etc/rabbitmq/rabbitmq.conf", Format: ConfFormat, Pairs: pairs}, V(3, 13, 7),
			map[string]Severity{CodeConfigKeyBreaksBoot: Blocker}, "/etc/rabbitmq/rabbitmq.conf:3"},
		{"4.0 refuses CQv1 too, locator is deprecated", ConfigFile{Node: "n1", Path: "p", Format: ConfFormat, Pairs: pairs}, V(4, 0, 9),
			map[string]Severity{CodeConfigKeyBreaksBoot: Blocker, CodeConfigKeyChanged: Info}, "p:4"},
		{"nothing on 3.11", ConfigFile{Node: "n1", Path: "p", Format: ConfFormat, Pairs: pairs}, V(3, 11, 28), map[string]Severity{}, ""},
		{"unreadable", ConfigFile{Node: "n1", Path: "p", Err: "permission denied"}, V(4, 0, 9), map[string]Severity{CodeConfigNotRead: Warning}, "permission denied"},
		{"unreadable on a node about to be upgraded", ConfigFile{Node: "n2", Path: "p", Err: "cat exited 1: No such file or directory"}, V(4, 0, 9),
			map[string]Severity{CodeNotChecked: Blocker}, "No such file"},
		{"classic format", ConfigFile{Node: "n1", Path: "/etc/rabbitmq/rabbitmq.config", Format: ClassicFormat,
			Findings: []Finding{{Code: CodeConfigKeyBreaksBoot, Severity: Blocker}}}, V(4, 0, 9),
			map[string]Severity{CodeConfigClassicFormat: Info, CodeConfigKeyBreaksBoot: Blocker}, "rabbitmq.config"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := ConfigFindings(CheckFacts{Target: tt.to, ConfigFiles: []ConfigFile{tt.file}, Upgrading: []string{"n2"}})
			got := codes(fs)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v: %+v", got, tt.want, fs)
			}
			for code, sev := range tt.want {
				if got[code] != sev {
					t.Errorf("%s: %q, want %q", code, got[code], sev)
				}
			}
			if tt.text != "" {
				found := false
				for code := range tt.want {
					found = found || evidenceHas(fs, code, tt.text)
				}
				if !found {
					t.Errorf("no evidence %q: %+v", tt.text, fs)
				}
			}
		})
	}
}

func TestPreflightSortsBlockersFirst(t *testing.T) {
	s := cluster("3.10.8", "25.2", "rabbit-1@h")
	s.Nodes.Value[0].DiskFree = 60 << 20
	fs := Preflight(CheckFacts{Target: V(4, 0, 9), Snapshot: s, Policies: []Policy{{Name: "p", Definition: map[string]any{"ha-mode": "all"}}}})
	if len(fs) < 3 || fs[0].Severity != Blocker || fs[len(fs)-1].Severity == Blocker {
		t.Fatalf("blockers first: %+v", fs)
	}
	got := codes(fs)
	for _, c := range []string{CodePathSkipsMinor, CodeClassicMirroring, CodeDiskHeadroom, CodeErlangOutOfRange} {
		if _, ok := got[c]; !ok {
			t.Errorf("missing %s in %v", c, got)
		}
	}
}

// The behaviour changes of every release crossed reach the compatibility
// phase as information (issue 13, "behaviour changes").
func TestChangeFindings(t *testing.T) {
	tests := []struct {
		from string
		to   Version
		want []string // evidence fragments
		n    int
	}{
		{"3.13.7", V(4, 3, 5), []string{"delivery limit of 20", "16 MiB", "verify peers", "x-queue-mode", "frame_max 4096 → 8192",
			"rabbitmq_amqp1_0", "shovels to 4.x over AMQP 1.0"}, 4 + 2},
		{"4.2.10", V(4, 3, 5), []string{"x-queue-mode"}, 1 + 1},
		{"4.3.5", V(4, 3, 5), nil, 0},
	}
	for _, tt := range tests {
		fs := ChangeFindings(CheckFacts{Target: tt.to, Snapshot: cluster(tt.from, "26.2", "rabbit-1@h")})
		if len(fs) != tt.n {
			t.Errorf("%s → %v: %d findings, want %d: %+v", tt.from, tt.to, len(fs), tt.n, fs)
		}
		for _, w := range tt.want {
			if !evidenceHas(fs, CodeBehaviourChange, w) {
				t.Errorf("%s → %v: no finding mentions %q", tt.from, tt.to, w)
			}
		}
		for _, f := range fs {
			if f.Severity != Info {
				t.Errorf("behaviour changes are information, got %s: %s", f.Severity, f.Title)
			}
		}
	}
}

// Live checks behind two behaviour changes: 4.3 refuses x-queue-mode (any
// value) and x-queue-version=1 (release-notes/4.3.0.md); 4.1 refuses a
// client frame_max below 8192 (release-notes/4.1.0.md).
func TestRefusedArgumentFinding(t *testing.T) {
	queues := []Queue{
		{Name: "lazy", VHost: "/", Arguments: map[string]any{"x-queue-mode": "lazy"}},
		{Name: "v1", VHost: "/", Arguments: map[string]any{"x-queue-version": float64(1)}},
		{Name: "v2", VHost: "/", Arguments: map[string]any{"x-queue-version": float64(2)}},
		{Name: "plain", VHost: "/"},
	}
	tests := []struct {
		target Version
		want   int // queues named; 0 = no finding
	}{
		{V(4, 2, 10), 0},
		{V(4, 3, 0), 2},
		{V(4, 3, 6), 2},
	}
	for _, tt := range tests {
		f := RefusedArgumentFinding(queues, tt.target)
		if (f != nil) != (tt.want > 0) {
			t.Fatalf("%v: finding %+v, want %d queue(s)", tt.target, f, tt.want)
		}
		if f != nil && (f.Severity != Blocker || !strings.HasPrefix(f.Title, "2 queue(s)") ||
			!evidenceHas([]Finding{*f}, CodeQueueArgumentRefused, "x-queue-mode=lazy")) {
			t.Errorf("%v: %+v", tt.target, f)
		}
	}
}

func TestFrameMaxFinding(t *testing.T) {
	conns := []Connection{{Name: "a", FrameMax: 4096}, {Name: "b", FrameMax: 131072}, {Name: "c", FrameMax: 0}, {Name: "d", FrameMax: 8192}}
	tests := []struct {
		target Version
		want   bool
	}{
		{V(4, 0, 9), false}, // 4096 is the floor before 4.1
		{V(4, 1, 0), true},
		{V(4, 3, 6), true},
	}
	for _, tt := range tests {
		f := FrameMaxFinding(conns, tt.target)
		if (f != nil) != tt.want {
			t.Fatalf("%v: finding %+v, want %v", tt.target, f, tt.want)
		}
		if f != nil && (len(f.Evidence) != 1 || !strings.Contains(f.Evidence[0], `"a"`)) {
			t.Errorf("%v: evidence %v, want only connection a", tt.target, f.Evidence)
		}
	}
}

// A check never refuses to look at a cluster: a target in a series newer
// than the tables is judged with the nearest known Erlang range (item 9).
func TestErlangFindingsForASeriesNewerThanTheTables(t *testing.T) {
	target, err := ParseCheckTarget("4.4.0")
	if err != nil {
		t.Fatalf("ParseCheckTarget(4.4.0): %v", err)
	}
	if _, err := ParseTarget("4.4.0"); err == nil {
		t.Errorf("ParseTarget(4.4.0) must refuse: warren cannot plan into an unknown series")
	}
	if _, err := ParseCheckTarget("3.10.3"); err == nil {
		t.Errorf("ParseCheckTarget(3.10.3) must refuse a version that never shipped")
	}
	s := cluster("4.4.0", "27.2", "rabbit-1@h")
	s.Nodes.Value[0].ErlangVersion = "27.2"
	fs := ErlangFindings(CheckFacts{Target: target, Snapshot: s})
	if HasBlocker(fs) || codes(fs)[CodeVersionUnknown] != Warning || !evidenceHas(fs, CodeVersionUnknown, "judged against 4.3.5") {
		t.Errorf("want one VERSION_UNKNOWN warning and no blocker, got %+v", fs)
	}
	s.Nodes.Value[0].ErlangVersion = "26.2"
	if fs := ErlangFindings(CheckFacts{Target: target, Snapshot: s}); !HasBlocker(fs) {
		t.Errorf("Erlang 26.2 is below 4.3.5's floor, the nearest rules: want a blocker, got %+v", fs)
	}
}
