package steps

import (
	"context"
	"os"
	"path/filepath"
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
