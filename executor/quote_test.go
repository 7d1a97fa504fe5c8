package executor

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

var hostileArgs = []string{
	"plain",
	"",
	"two words",
	"it's",
	"'; rm -rf /",
	"$(id)",
	"`id`",
	"line one\nline two",
	`back\slash "double"`,
	"*?[glob]",
	"$HOME ${PATH}",
	"-n",
	"; exit 7",
	"'",
	"''",
}

func TestShellQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "'plain'"},
		{"", "''"},
		{"it's", `'it'\''s'`},
		{"$(id)", "'$(id)'"},
		{"'; rm -rf /", `''\''; rm -rf /'`},
	}
	for _, tt := range tests {
		if got := ShellQuote(tt.in); got != tt.want {
			t.Errorf("ShellQuote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestShellJoinSurvivesRealShell hands the joined line to /bin/sh and checks
// every argument arrives byte for byte, with nothing executed.
func TestShellJoinSurvivesRealShell(t *testing.T) {
	line := "printf '%s\\0' " + ShellJoin(hostileArgs)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "/bin/sh", "-c", line).Output()
	if err != nil {
		t.Fatalf("sh: %v", err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if len(got) != len(hostileArgs) {
		t.Fatalf("got %d args, want %d: %q", len(got), len(hostileArgs), got)
	}
	for i := range got {
		if got[i] != hostileArgs[i] {
			t.Errorf("arg %d: got %q, want %q", i, got[i], hostileArgs[i])
		}
	}
}

func TestRenderCommandLine(t *testing.T) {
	tests := []struct {
		name string
		cmd  Command
		want string
	}{
		{"safe words stay bare", Command{Argv: []string{"rabbitmqctl", "-n", "rabbit@host1", "stop"}},
			"rabbitmqctl -n rabbit@host1 stop"},
		{"spaces and quotes quoted", Command{Argv: []string{"echo", "a b", "it's"}},
			`echo 'a b' 'it'\''s'`},
		{"env sorted, secrets redacted", Command{Argv: []string{"rabbitmqctl", "status"},
			Env: map[string]string{"RABBITMQ_ERLANG_COOKIE": "s3cret", "HOME": "/var/lib/rabbitmq"}},
			"HOME=/var/lib/rabbitmq RABBITMQ_ERLANG_COOKIE='[redacted]' rabbitmqctl status"},
		{"empty argument visible", Command{Argv: []string{"echo", ""}}, "echo ''"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RenderCommandLine(tt.cmd); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestRenderCommandLineIsCopyable runs the rendered line in a shell: what the
// operator pastes must do exactly what argv says.
func TestRenderCommandLineIsCopyable(t *testing.T) {
	cmd := Command{Argv: append([]string{"printf", "%s\\0"}, hostileArgs...)}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "/bin/sh", "-c", RenderCommandLine(cmd)).Output()
	if err != nil {
		t.Fatalf("sh: %v", err)
	}
	want := strings.Join(hostileArgs, "\x00") + "\x00"
	if !bytes.Equal(out, []byte(want)) {
		t.Errorf("got %q, want %q", out, want)
	}
}
