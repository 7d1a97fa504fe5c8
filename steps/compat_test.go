package steps

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warren-sre/warren/model"
)

func stepByID(list []Step, id string) Step {
	for _, s := range list {
		if s.ID == id {
			return s
		}
	}
	return Step{}
}

func TestCompatibilityGates(t *testing.T) {
	ha := model.Policy{Name: "ha-all", VHost: "/", Pattern: ".*", Definition: map[string]any{"ha-mode": "all"}}
	tests := []struct {
		name    string
		id      string
		to      model.Version
		edit    func(*model.Snapshot)
		cluster *fakeCluster
		want    Verdict
		text    string
	}{
		{"healthy", "compat.health", model.V(3, 11, 28), func(*model.Snapshot) {}, &fakeCluster{}, Pass, "no blocker"},
		{"node down", "compat.health", model.V(3, 11, 28), func(s *model.Snapshot) { s.Nodes.Value[0].State = model.NodeDown }, &fakeCluster{}, Fail, "NODE_DOWN"},
		{"path skips", "compat.path", model.V(4, 0, 9), func(*model.Snapshot) {}, &fakeCluster{}, Fail, "PATH_SKIPS_MINOR"},
		{"mirroring", "compat.deprecated", model.V(4, 0, 9), func(*model.Snapshot) {}, &fakeCluster{policies: []model.Policy{ha}}, Fail, `policy "ha-all"`},
		{"deprecated without a cluster fails closed", "compat.deprecated", model.V(4, 0, 9), func(*model.Snapshot) {}, nil, Fail, "NOT_CHECKED"},
		{"old amqplib", "compat.clients", model.V(4, 1, 0), func(s *model.Snapshot) {
			s.Connections.Value = []model.Connection{{Name: "c1", PeerHost: "10.1.1.1", Product: "amqplib", Version: "0.10.5", Platform: "Node.JS v20"}}
		}, &fakeCluster{}, Fail, `connection "c1" from 10.1.1.1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := snapshot()
			s.Nodes.Value[0].ConfigFiles = nil
			tt.edit(&s)
			step := stepByID(CompatibilitySteps(CompatConfig{Target: tt.to}), tt.id)
			if !step.Gate {
				t.Fatalf("%s must be a gate", tt.id)
			}
			env := Env{Snapshot: s, Now: clock}
			if tt.cluster != nil {
				env.Cluster = tt.cluster
			}
			res := step.Check(context.Background(), env)
			all := res.Summary + "\n" + strings.Join(res.Evidence, "\n")
			if res.Verdict != tt.want || !strings.Contains(all, tt.text) {
				t.Fatalf("got %s, want %s with %q:\n%s", res.Verdict, tt.want, tt.text, all)
			}
			if res.Verdict == Fail && res.Remedy == "" {
				t.Error("a failed gate must say what to do")
			}
		})
	}
}

const classicConfig = `[
 {rabbit, [{tcp_listeners, [5672]}, {default_pass, <<"s3cret">>}]},
 {rabbitmq_mqtt, [{subscription_ttl, 86400000}]}
].
`

func TestCompatConfigConvertsClassicFiles(t *testing.T) {
	dir := t.TempDir()
	classic := filepath.Join(dir, "rabbitmq.config")
	conf := filepath.Join(dir, "rabbitmq.conf")
	os.WriteFile(classic, []byte(classicConfig), 0o600)
	os.WriteFile(conf, []byte("classic_queue.default_version = 1\n"), 0o600)
	s := snapshot()
	s.Nodes.Value[0].ConfigFiles = []string{classic, conf, filepath.Join(dir, "missing.conf")}
	runDir := t.TempDir()
	step := stepByID(CompatibilitySteps(CompatConfig{Target: model.V(4, 0, 9), RunDir: runDir}), "compat.config")
	res := step.Check(context.Background(), Env{Snapshot: s, Now: clock})
	all := strings.Join(res.Evidence, "\n")
	for _, want := range []string{"CONFIG_CLASSIC_FORMAT", "CONFIG_KEY_BREAKS_BOOT", "subscription_ttl", "classic_queue.default_version", "NOT_CHECKED: config file of rabbit@a not read", "missing.conf", "conversion of " + classic} {
		if !strings.Contains(all, want) {
			t.Errorf("evidence lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "s3cret") {
		t.Error("a password reached the evidence")
	}
	if res.Verdict != Fail {
		t.Errorf("boot-breaking keys must fail the gate")
	}
	out := filepath.Join(runDir, "config", "rabbit_a", "rabbitmq.conf")
	info, err := os.Stat(out)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("converted config not saved privately: %v %v", info, err)
	}
}

func TestResultFromFindings(t *testing.T) {
	tests := []struct {
		fs      []model.Finding
		want    Verdict
		summary string
	}{
		{nil, Pass, "no blocker"},
		{[]model.Finding{{Code: "W", Severity: model.Warning, Title: "w"}}, Pass, "1 warning"},
		{[]model.Finding{{Code: "W", Severity: model.Warning}, {Code: "B", Severity: model.Blocker, Title: "bad", Remedy: "fix", Doc: "http://d"}}, Fail, "1 blocker(s): bad"},
	}
	for _, tt := range tests {
		res := ResultFromFindings(tt.fs)
		if res.Verdict != tt.want || !strings.Contains(res.Summary, tt.summary) {
			t.Errorf("%+v → %s %q", tt.fs, res.Verdict, res.Summary)
		}
		if tt.want == Fail && res.Remedy != "fix (http://d)" {
			t.Errorf("remedy %q", res.Remedy)
		}
	}
}
