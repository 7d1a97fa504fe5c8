//go:build integration

package cli

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/steps"
)

// A blue-green migration whose green is reached the way a remote cluster
// is: a targets-file entry with management URLs, an ssh block and a tools
// block, and `--executor ssh` through the machine's real OpenSSH server.
// Green (4.0.5, in its release root) has neither federation nor shovel
// enabled: the plugin gate enables them over ssh with green's own CLI
// (the tools block names its directory, root, cookie and plugin files),
// and the run moves blue's queue and messages to green and exits 0.
func TestBlueGreenGreenOverSSH(t *testing.T) {
	sfx := os.Getenv("WARREN_BX_LAB_SUFFIX")
	sshd := labtest.StartSSHD(t)
	blue := labtest.RequireVersion(t, "bsblue"+sfx, "3.10", 1)
	green := labtest.RequireVersion(t, "bsgreen"+sfx, "4.0", 1)
	const messages int64 = 25
	labtest.API(t, blue, http.MethodPut, "queues/%2F/bs-orders", `{"durable":true}`)
	for i := range messages {
		labtest.API(t, blue, http.MethodPost, "exchanges/%2F/amq.default/publish",
			fmt.Sprintf(`{"properties":{"delivery_mode":2},"routing_key":"bs-orders","payload":"order %d","payload_encoding":"string"}`, i))
	}
	targetsFile := writeGreenOverSSH(t, green, sshd)

	runDir := t.TempDir()
	code := runCLI("upgrade", "--to", "4.0.5", "--target", "lab:bsblue"+sfx, "--green-target", "sshgreen",
		"--targets-file", targetsFile, "--run", runDir, "--executor", "ssh", "--yes",
		"--poll", "1s", "--wait-timeout", "3m", "--canary-window", "10s")
	if code != ExitOK {
		t.Fatalf("exit %d, want %d; journal in %s\nsshd:\n%s", code, ExitOK, runDir, sshd.Log())
	}
	ran := pluginCommands(t, runDir)
	if len(ran) == 0 || !strings.Contains(sshd.Log(), "Accepted publickey for "+sshd.User) {
		t.Fatalf("the plugin gate ran %v; sshd saw:\n%s", ran, sshd.Log())
	}
	enabled, err := os.ReadFile(filepath.Join(green.Node(1).Dir, "enabled_plugins"))
	if err != nil || !strings.Contains(string(enabled), "rabbitmq_federation") || !strings.Contains(string(enabled), "rabbitmq_shovel") {
		t.Fatalf("green's enabled plugins after the gate: %q (%v)", enabled, err)
	}
	if got, ok := labtest.WaitDepths(green, "/", []string{"bs-orders"}, messages, time.Minute); !ok {
		t.Fatalf("green's bs-orders holds %v messages, want %d", got, messages)
	}
	if got, ok := labtest.WaitDepths(blue, "/", []string{"bs-orders"}, 0, time.Minute); !ok {
		t.Fatalf("blue's bs-orders still holds %v messages", got)
	}
	t.Logf("plugin gate over ssh: %s", strings.Join(ran, "; "))
}

// writeGreenOverSSH writes a targets file naming green by its URLs, with
// the ssh block of the test's sshd and green's CLI tools as an operator
// would write them for that host.
func writeGreenOverSSH(t *testing.T, green lab.Config, sshd labtest.SSHD) string {
	t.Helper()
	n := green.Node(1)
	tools := labPluginTools(green, n.Name)
	env := make([]string, 0, len(tools.Env))
	for k, v := range tools.Env {
		env = append(env, fmt.Sprintf("%s: %q", k, v))
	}
	sort.Strings(env)
	content := fmt.Sprintf(`targets:
  sshgreen:
    nodes:
      - {name: %q, url: %q, amqp_url: %q, ssh_host: 127.0.0.1}
    ssh: {user: %q, port: %d, known_hosts: %q, identity_file: %q}
    tools:
      dir: %q
      root: %q
      env: {%s}
`, n.Name, n.MgmtURL(), n.AMQPURL(), sshd.User, sshd.Port, sshd.KnownHosts, sshd.Identity,
		tools.Dir, tools.Root, strings.Join(env, ", "))
	path := filepath.Join(t.TempDir(), "targets.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// pluginCommands are the commands the plugin gate's action ran.
func pluginCommands(t *testing.T, runDir string) []string {
	t.Helper()
	recs, _, err := checklist.Records(runDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		if r.Kind == checklist.KindCommand && r.Step == steps.BGPlugins && r.Command != nil {
			if r.Command.ExitCode != 0 {
				t.Fatalf("%v exited %d: %s", r.Command.Argv, r.Command.ExitCode, r.Command.Stderr)
			}
			out = append(out, strings.Join(r.Command.Argv, " "))
		}
	}
	return out
}
