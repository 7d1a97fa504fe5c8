package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warren-sre/warren/confmig"
	"github.com/warren-sre/warren/lab"
)

const classicConfig = `[{rabbit, [{tcp_listeners, [5672]}, {default_pass, <<"t0p-secret">>},
  {credit_flow_default_credit, {400, 200}}]}].`

func runConfigConvert(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(append([]string{"config", "convert"}, args...))
	err := root.Execute()
	return out.String(), err
}

func TestConfigConvertWritesPrivateFiles(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "rabbitmq.config")
	if err := os.WriteFile(in, []byte(classicConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "out", "rabbitmq.conf")
	os.Mkdir(filepath.Dir(conf), 0o755)
	out, err := runConfigConvert(t, in, "-o", conf)
	if err != nil {
		t.Fatalf("convert: %v\n%s", err, out)
	}
	for _, name := range []string{conf, filepath.Join(dir, "out", "advanced.config")} {
		info, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", name, info.Mode().Perm())
		}
	}
	written, _ := os.ReadFile(conf)
	if !strings.Contains(string(written), "default_pass = t0p-secret") {
		t.Errorf("rabbitmq.conf lacks the password:\n%s", written)
	}
	if strings.Contains(out, "t0p-secret") {
		t.Errorf("report shows the password:\n%s", out)
	}
	if _, err := runConfigConvert(t, in, "-o", conf); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("second run without --force: %v, want a refusal", err)
	}
	if _, err := runConfigConvert(t, in, "-o", conf, "--force"); err != nil {
		t.Errorf("--force: %v", err)
	}
}

func TestConfigConvertJSONHasNoSecrets(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "rabbitmq.config")
	os.WriteFile(in, []byte(classicConfig), 0o600)
	out, err := runConfigConvert(t, in, "-o", filepath.Join(dir, "r.conf"), "--json", "--to", "4.0")
	if err != nil {
		t.Fatalf("convert: %v", err)
	}
	var report convertReport
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("JSON: %v\n%s", err, out)
	}
	if len(report.Entries) != 3 || report.Entries[2].Status != "advanced" {
		t.Errorf("entries = %+v", report.Entries)
	}
	if strings.Contains(out, "t0p-secret") {
		t.Errorf("JSON shows the password:\n%s", out)
	}
}

func TestConfigConvertMalformedInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "rabbitmq.config")
	os.WriteFile(in, []byte("[{rabbit, [\n  {heartbeat 60}]}]."), 0o600)
	_, err := runConfigConvert(t, in, "-o", filepath.Join(dir, "r.conf"))
	if err == nil || !strings.Contains(err.Error(), "rabbitmq.config:2:14: expected") {
		t.Errorf("error = %v, want file:2:14", err)
	}
	if _, statErr := os.Stat(filepath.Join(dir, "r.conf")); statErr == nil {
		t.Error("an output file was written for malformed input")
	}
}

func TestConfigConvertToDropsWhatTheTargetReplaced(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "rabbitmq.config")
	src := `[{rabbit, [{log_levels, [{connection, info}]}]}, {rabbitmq_mqtt, [{default_user, <<"m">>}]}].`
	os.WriteFile(in, []byte(src), 0o600)
	conf := filepath.Join(dir, "r.conf")
	out, err := runConfigConvert(t, in, "-o", conf, "--to", "4.0")
	if err == nil {
		t.Errorf("a dropped setting exited 0:\n%s", out)
	}
	for _, want := range []string{"Not written anywhere", "anonymous_login_user", "log_levels", "4.0.5's schema"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	written, _ := os.ReadFile(conf)
	if !strings.Contains(string(written), "log.connection.level = info") || strings.Contains(string(written), "mqtt.default_user") {
		t.Errorf("rabbitmq.conf:\n%s", written)
	}
}

// --verify builds a release root only for a series a Debian release ships
// and the host does not, and never when the operator named the server
// directory; the cases that build nothing are decided before any IO.
func TestVerifyBuildsARootOnlyWhereOneHelps(t *testing.T) {
	tests := []struct {
		name, target, serverDir string
	}{
		{"a series no Debian release ships", "3.13.7", ""},
		{"the host's own series", lab.HostSeries() + ".0", ""},
		{"a server directory named", "4.0.5", "/opt/rabbitmq_server-4.0.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(confmig.ServerDirEnv, tt.serverDir)
			t.Setenv("WARREN_ROOTS_DIR", t.TempDir())
			if buildRootFor(t.Context(), tt.target) {
				t.Errorf("a root was built for %s", tt.target)
			}
		})
	}
}
