package lab

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateLabName(t *testing.T) {
	tests := []struct{ name, want string }{
		{"green", ""},
		{"blue_2", ""},
		{"rabbit", "default lab"},
		{"a b", "letters"},
		{"../x", "letters"},
		{strings.Repeat("x", 33), "up to 32"},
	}
	for _, tt := range tests {
		err := ValidateLabName(tt.name)
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("ValidateLabName(%q) = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestRecordMatches(t *testing.T) {
	c := Config{Name: "green", Series: "4.0", Nodes: 3}
	tests := []struct {
		version string
		nodes   int
		want    string
	}{
		{"", 0, ""},
		{"4.0", 3, ""},
		{"4.0.5", 0, ""},
		{"3.10", 0, "runs RabbitMQ 4.0"},
		{"", 1, "has 3 nodes"},
	}
	for _, tt := range tests {
		err := c.matches(tt.version, tt.nodes)
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("matches(%q, %d) = %v, want %q", tt.version, tt.nodes, err, tt.want)
		}
	}
	if err := c.matches("3.10", 0); !strings.Contains(err.Error(), "warren lab destroy --name green") {
		t.Errorf("the error should say how to change it: %v", err)
	}
}

// Named labs get port blocks no other lab records; a recorded lab keeps
// its block across commands.
func TestNamedLabsGetTheirOwnPortBlock(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	taken := Record{Name: "blue", Series: "3.10", Nodes: 3, Prefix: "blue", AMQPPort: namedAMQPBase, MgmtPort: namedMgmtBase, DistPort: namedDistBase}
	if err := os.MkdirAll(NamedDir("blue"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := writeJSON(filepath.Join(NamedDir("blue"), recordFile), taken); err != nil {
		t.Fatal(err)
	}
	cfg, exists, err := Select("green")
	if err != nil || exists {
		t.Fatalf("green: exists=%v err=%v", exists, err)
	}
	if err := cfg.allocatePorts(); err != nil {
		t.Fatal(err)
	}
	if cfg.AMQPPort == taken.AMQPPort || cfg.MgmtPort == taken.MgmtPort || cfg.DistPort == taken.DistPort {
		t.Fatalf("green got blue's block: %d/%d/%d", cfg.AMQPPort, cfg.MgmtPort, cfg.DistPort)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("allocated ports do not validate: %v", err)
	}
	blue, exists, err := Select("blue")
	if err != nil || !exists || blue.MgmtPort != namedMgmtBase || blue.Prefix != "blue" || blue.Nodes != 3 {
		t.Fatalf("blue as recorded: %+v exists=%v err=%v", blue, exists, err)
	}
	if got := NamedLabs(); len(got) != 1 || got[0].Name != "blue" {
		t.Fatalf("NamedLabs = %+v", got)
	}
}

// A lab made again under the same name starts on one version: a node moved
// to another version in the old lab must not carry over (it did, and the
// new cluster refused to form: incompatible_feature_flags).
func TestPrepareNewLabForgetsMovedNodes(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	cfg, _, err := Select("again")
	if err != nil {
		t.Fatal(err)
	}
	cfg.NodeSeries = map[int]string{1: "4.0"} // as read from the old lab's record
	got, err := cfg.Prepare("3.10", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.NodeSeries) != 0 {
		t.Fatalf("a new lab kept moved nodes: %v", got.NodeSeries)
	}
	again, _, err := Select("again")
	if err != nil || len(again.NodeSeries) != 0 {
		t.Fatalf("record: %v %v", again.NodeSeries, err)
	}
}
