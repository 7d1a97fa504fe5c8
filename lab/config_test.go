package lab

import (
	"strings"
	"testing"
)

func TestValidateRejectsUnworkableLabs(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
		want   string
	}{
		{"defaults are fine", func(*Config) {}, ""},
		{"zero nodes", func(c *Config) { c.Nodes = 0 }, "--nodes"},
		{"relative base", func(c *Config) { c.BaseDir = "lab" }, "absolute"},
		{"prefix with @", func(c *Config) { c.Prefix = "a@b" }, "prefix"},
		{"distribution ports in the CLI range", func(c *Config) { c.DistPort = 35670 }, "35672"},
		{"privileged port", func(c *Config) { c.AMQPPort = 80 }, "out of range"},
		{"flag with a space", func(c *Config) { c.FeatureFlags = []string{"quorum_queue, stream_queue"} }, "feature flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.mutate(&c)
			err := c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestNodeLayout(t *testing.T) {
	c := Default()
	c.BaseDir = "/var/tmp/lab"
	n := c.Node(3)
	if n.Name != "rabbit-3@localhost" || n.AMQPPort != 5674 || n.MgmtPort != 15674 || n.DistPort != 25674 {
		t.Fatalf("node 3 = %+v", n)
	}
	if n.PIDFile() != "/var/tmp/lab/n3/rabbit.pid" || n.MgmtURL() != "http://127.0.0.1:15674" {
		t.Fatalf("paths: %s %s", n.PIDFile(), n.MgmtURL())
	}
}

func TestEnvKeepsSystemFilesOut(t *testing.T) {
	c := Default()
	c.BaseDir = "/var/tmp/lab"
	env := strings.Join(c.Env(c.Node(2)), "\n")
	for _, want := range []string{"HOME=/var/tmp/lab", "RABBITMQ_CONF_ENV_FILE=/var/tmp/lab/n2/", "RABBITMQ_ENABLED_PLUGINS_FILE=/var/tmp/lab/n2/", "RABBITMQ_DIST_PORT=25673"} {
		if !strings.Contains(env, want) {
			t.Errorf("env lacks %q", want)
		}
	}
	if strings.Contains(env, "RABBITMQ_FEATURE_FLAGS") {
		t.Error("unset FeatureFlags must leave RABBITMQ_FEATURE_FLAGS unset (all stable flags)")
	}
	c.FeatureFlags = []string{}
	if !strings.Contains(strings.Join(c.Env(c.Node(1)), "\n"), "RABBITMQ_FEATURE_FLAGS=\n") && !strings.HasSuffix(strings.Join(c.Env(c.Node(1)), "\n"), "RABBITMQ_FEATURE_FLAGS=") {
		t.Error("empty FeatureFlags must set RABBITMQ_FEATURE_FLAGS to empty (no flag enabled)")
	}
}

func TestProcessStateIgnoresStrangers(t *testing.T) {
	c := Default()
	c.BaseDir = t.TempDir()
	c.Prefix = "nobody-runs-this"
	// This test process runs without the node's environment: never its beam.
	if pid, _ := c.Node(1).processState(); pid != 0 {
		t.Fatalf("found pid %d for a node that does not run", pid)
	}
}
