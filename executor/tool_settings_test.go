package executor

import (
	"strings"
	"testing"
)

func TestToolSettingsBuildCommands(t *testing.T) {
	tests := []struct {
		name     string
		settings ToolSettings
		wantArgv string
		wantErr  string
	}{
		{"PATH by default", ToolSettings{}, "rabbitmq-plugins -n rabbit@h1 enable rabbitmq_federation", ""},
		{"a directory", ToolSettings{Dir: "/usr/lib/rabbitmq/bin"}, "/usr/lib/rabbitmq/bin/rabbitmq-plugins -n rabbit@h1 enable rabbitmq_federation", ""},
		{"a root and a directory", ToolSettings{Dir: "/usr/lib/rabbitmq/bin", Root: "/srv/roots/trixie"},
			"chroot /srv/roots/trixie /usr/lib/rabbitmq/bin/rabbitmq-plugins -n rabbit@h1 enable rabbitmq_federation", ""},
		{"a relative directory", ToolSettings{Dir: "bin"}, "", "tools dir"},
		{"a root that climbs", ToolSettings{Root: "/srv/../etc"}, "", "tools root"},
		{"a variable name with a dash", ToolSettings{Env: map[string]string{"ERL-COOKIE": "x"}}, "", "not a variable name"},
		{"a variable name that starts with a digit", ToolSettings{Env: map[string]string{"1HOME": "x"}}, "", "not a variable name"},
		{"a value with a line break", ToolSettings{Env: map[string]string{"HOME": "/var/lib\n/x"}}, "", "line break"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tools, err := tt.settings.Tools()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			cmd, err := tools.cli("rabbitmq-plugins", "rabbit@h1", "enable", "rabbitmq_federation")
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(cmd.Argv, " "); got != tt.wantArgv {
				t.Fatalf("argv %q, want %q", got, tt.wantArgv)
			}
		})
	}
}

// The environment is the settings' own copy: a command built from the
// tools cannot change the target's settings.
func TestToolSettingsEnvIsCopied(t *testing.T) {
	settings := ToolSettings{Env: map[string]string{"HOME": "/var/lib/rabbitmq"}}
	tools, err := settings.Tools()
	if err != nil {
		t.Fatal(err)
	}
	tools.Env["HOME"] = "/elsewhere"
	if settings.Env["HOME"] != "/var/lib/rabbitmq" {
		t.Fatalf("settings changed through the tools: %v", settings.Env)
	}
}
