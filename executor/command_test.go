package executor

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCommandValidate(t *testing.T) {
	tests := []struct {
		name    string
		cmd     Command
		wantErr string
	}{
		{"ok", Command{Argv: []string{"rabbitmqctl", "status"}, Env: map[string]string{"HOME": "/x"}}, ""},
		{"empty argv", Command{}, "no program"},
		{"empty program", Command{Argv: []string{""}}, "no program"},
		{"newline in arg is literal data", Command{Argv: []string{"echo", "a\nb"}}, ""},
		{"NUL in arg", Command{Argv: []string{"echo", "a\x00b"}}, "NUL byte"},
		{"cookie flag", Command{Argv: []string{"rabbitmqctl", "--erlang-cookie", "abc"}}, "credential"},
		{"password flag with value", Command{Argv: []string{"tool", "--password=abc"}}, `"--password"`},
		{"bad env key", Command{Argv: []string{"x"}, Env: map[string]string{"A-B": "1"}}, "not a valid variable"},
		{"newline in env value", Command{Argv: []string{"x"}, Env: map[string]string{"A": "1\n2"}}, "NUL or newline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cmd.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestRedactEnv(t *testing.T) {
	env := map[string]string{
		"HOME": "/h", "RABBITMQ_ERLANG_COOKIE": "c", "DB_PASSWORD": "p",
		"api_token": "t", "CLIENT_SECRET": "s", "RABBITMQ_NODENAME": "rabbit@h",
	}
	got := RedactEnv(env)
	want := map[string]string{
		"HOME": "/h", "RABBITMQ_ERLANG_COOKIE": Redacted, "DB_PASSWORD": Redacted,
		"api_token": Redacted, "CLIENT_SECRET": Redacted, "RABBITMQ_NODENAME": "rabbit@h",
	}
	for key, value := range want {
		if got[key] != value {
			t.Errorf("%s = %q, want %q", key, got[key], value)
		}
	}
	if env["DB_PASSWORD"] != "p" {
		t.Error("RedactEnv modified its input")
	}
}

// TestResultJSONHasNoSecrets: a Result is journal data; the secret value
// must not appear anywhere in its JSON.
func TestResultJSONHasNoSecrets(t *testing.T) {
	cmd := Command{Argv: []string{"rabbitmqctl", "status"},
		Env: map[string]string{"RABBITMQ_ERLANG_COOKIE": "TOPSECRETCOOKIE"}}
	result := Manual{}.Run(t.Context(), "rabbit@host1", cmd)
	data, err := json.Marshal(result)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "TOPSECRETCOOKIE") {
		t.Fatalf("secret leaked into JSON: %s", data)
	}
	var back Result
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Env["RABBITMQ_ERLANG_COOKIE"] != Redacted || back.Node != "rabbit@host1" {
		t.Errorf("round trip lost data: %+v", back)
	}
}
