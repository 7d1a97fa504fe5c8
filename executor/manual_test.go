package executor

import (
	"strings"
	"testing"
)

func TestManualRendersAndAsksForConfirmation(t *testing.T) {
	cmd := Command{
		Argv:         []string{"rabbitmqctl", "-n", "rabbit@host1", "stop", "/var/run/rabbit dir/pid"},
		Env:          map[string]string{"RABBITMQ_ERLANG_COOKIE": "secret"},
		Description:  "stop the node",
		Irreversible: true,
	}
	r := Manual{}.Run(t.Context(), "rabbit@host1", cmd)
	if !r.ConfirmationRequired || r.Succeeded() || r.ErrorKind != ErrorNone {
		t.Fatalf("want confirmation required, got %+v", r)
	}
	want := "# on rabbit@host1: run, then confirm (operator confirmation required)\n" +
		"# stop the node\n# IRREVERSIBLE\n" +
		"RABBITMQ_ERLANG_COOKIE='[redacted]' rabbitmqctl -n rabbit@host1 stop '/var/run/rabbit dir/pid'\n"
	if r.Instructions != want {
		t.Errorf("instructions:\n%s\nwant:\n%s", r.Instructions, want)
	}
	if strings.Contains(r.Instructions, "secret") {
		t.Error("secret rendered")
	}
}

func TestManualRejectsInvalidCommand(t *testing.T) {
	r := Manual{}.Run(t.Context(), "rabbit@host1", Command{})
	if r.ErrorKind != ErrorNotStarted || r.ConfirmationRequired {
		t.Fatalf("got %+v", r)
	}
}

func TestNew(t *testing.T) {
	for _, kind := range []string{"", KindManual, KindLocal} {
		ex, err := New(kind, Options{})
		if err != nil {
			t.Fatalf("New(%q): %v", kind, err)
		}
		if want := map[string]string{"": KindManual}[kind]; want != "" && ex.Name() != want || want == "" && ex.Name() != kind {
			t.Errorf("New(%q).Name() = %q", kind, ex.Name())
		}
	}
	_, err := New("telnet", Options{})
	if err == nil || !strings.Contains(err.Error(), `unknown executor "telnet"`) || !strings.Contains(err.Error(), "local, manual, ssh") {
		t.Fatalf("error = %v", err)
	}
}
