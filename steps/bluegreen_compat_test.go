package steps

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warren-sre/warren/model"
)

// greenOn is a green cluster whose nodes run version.
type greenOn struct {
	MigrationCluster
	version string
}

func (g greenOn) Nodes(context.Context) model.NodesSample {
	return model.NodesSample{Value: []model.Node{{Name: "rabbit@g1", RabbitVersion: g.version, Running: true, State: model.NodeRunning}}}
}

func TestBlueGreenHashingAndQueueArgumentGates(t *testing.T) {
	dir := t.TempDir()
	defs := `{"vhosts": [{"name": "shop"}],
	  "users": [{"name": "app", "password_hash": "aGFzaA==", "hashing_algorithm": "rabbit_password_hashing_bcrypt", "tags": ""},
	            {"name": "ops", "password_hash": "aGFzaA==", "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": "administrator"}],
	  "queues": [{"name": "lazy", "vhost": "shop", "durable": true, "arguments": {"x-queue-mode": "lazy"}}]}`
	if err := os.WriteFile(filepath.Join(dir, DefinitionsFile), []byte(defs), 0o600); err != nil {
		t.Fatal(err)
	}
	steps := map[string]Step{}
	for _, s := range bgCompatSteps(BlueGreenConfig{RunDir: dir}) {
		steps[s.ID] = s
	}
	tests := []struct {
		green          string
		hashing, qargs Verdict
		qargsSeverity  model.Severity
	}{
		{"4.3.5", Fail, Pass, model.Warning},
		{"4.0.5", Fail, Pass, model.Info},
	}
	for _, tt := range tests {
		t.Run(tt.green, func(t *testing.T) {
			cfg := BlueGreenConfig{RunDir: dir, Green: greenOn{version: tt.green}}
			h := compatBlueDefinitions(cfg, "users' hashing algorithms", model.PasswordHashingFindings)(context.Background(), Env{})
			if h.Verdict != tt.hashing || len(h.Findings) != 1 || h.Findings[0].Code != model.CodeBGPasswordHashing {
				t.Errorf("hashing: %s %s %v", h.Verdict, h.Summary, h.Evidence)
			}
			q := compatBlueDefinitions(cfg, "queue arguments", model.QueueArgumentFindings)(context.Background(), Env{})
			if q.Verdict != tt.qargs || len(q.Findings) != 1 || q.Findings[0].Severity != tt.qargsSeverity {
				t.Errorf("queue arguments: %s %s %v", q.Verdict, q.Summary, q.Evidence)
			}
		})
	}
	if _, ok := steps[BGCompatHashing]; !ok {
		t.Error("the runbook lacks the hashing step")
	}
	if _, ok := steps[BGCompatQueueArgs]; !ok {
		t.Error("the runbook lacks the queue-arguments step")
	}
	// No green: fail closed.
	if r := compatBlueDefinitions(BlueGreenConfig{RunDir: dir}, "x", model.QueueArgumentFindings)(context.Background(), Env{}); r.Verdict != Fail {
		t.Errorf("without green: %s", r.Verdict)
	}
}

// blueOn is blue with its nodes' Erlang.
type blueOn struct {
	MigrationCluster
	erlang string
}

func (b blueOn) Nodes(context.Context) model.NodesSample {
	return model.NodesSample{Value: []model.Node{{Name: "rabbit@b1", RabbitVersion: "3.10.8", ErlangVersion: b.erlang, Running: true, State: model.NodeRunning}}}
}

// A dynamic shovel that dials amqps without verify, imported into a 4.0
// green from a blue on Erlang 25, would stop connecting: the definitions
// gate fails on it; from a blue already on Erlang 26 nothing changes.
func TestBlueGreenDefinitionsJudgeTLSLinks(t *testing.T) {
	dir := t.TempDir()
	defs := `{"vhosts": [{"name": "/"}],
	  "parameters": [{"component": "shovel", "vhost": "/", "name": "to-dc2",
	    "value": {"src-uri": "amqp://", "src-queue": "q", "dest-uri": "amqps://app:pw@dc2:5671", "dest-queue": "q"}}]}`
	if err := os.WriteFile(filepath.Join(dir, DefinitionsFile), []byte(defs), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		erlang string
		want   Verdict
	}{{"25.2.3", Fail}, {"26.2.5", Pass}} {
		cfg := BlueGreenConfig{RunDir: dir, Blue: blueOn{erlang: tt.erlang}, Green: greenOn{version: "4.0.5"}}
		r := compatDefinitions(cfg)(context.Background(), Env{})
		if r.Verdict != tt.want {
			t.Errorf("blue on Erlang %s: %s %s %v", tt.erlang, r.Verdict, r.Summary, r.Evidence)
		}
		if tt.want == Fail && !strings.Contains(strings.Join(r.Evidence, "\n"), `shovel "to-dc2" in vhost "/", dest-uri amqps://***@dc2:5671`) {
			t.Errorf("the evidence does not name the shovel: %v", r.Evidence)
		}
	}
}
