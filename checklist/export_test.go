package checklist

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/steps"
)

func TestExportMarkdown(t *testing.T) {
	dir := t.TempDir()
	rb := actionRunbook(func(_ context.Context, e steps.Env) (string, error) {
		e.LogCommand(steps.CommandRun{Node: "rabbit@n1", Argv: []string{"rabbitmq-upgrade", "drain"}, ExitCode: 3, Duration: 2 * time.Second, Stderr: "timeout"})
		return "", nil
	})
	rb[0].Check = verdict(steps.Fail, "node still accepts connections", "listener 5672 open")
	s, _ := openDriverT(t, dir, rb)
	ctx := context.Background()
	s.Dispatch(ctx, env(), "drain", Confirmation{Yes: true, By: "alice"})
	if err := s.Acknowledge("drain", "bob", "clients reconnect elsewhere"); err != nil {
		t.Fatal(err)
	}
	s.RecordTrigger(Trigger{Name: "canary-latency", Summary: "p99 +80 % for 60 s", Evidence: []string{"p99 7.2 ms vs 4.0 ms"}})
	s.RecordBaseline([]Metric{{Name: "canary p99", Unit: "ms", Before: 4, After: 6}})
	s.Close()

	md, err := ExportMarkdown(dir, i18n.For(i18n.English))
	if err != nil {
		t.Fatal(err)
	}
	report := string(md)
	for _, want := range []string{
		"# RabbitMQ upgrade run: lab", "3.10.8 → 3.11.28", "by alice on ops1",
		"## Timeline", "Drain rabbit@n1 (`drain`)",
		"FAIL", "listener 5672 open", // gate with evidence
		"`rabbitmq-upgrade drain` on rabbit@n1: exit 3 in 2s", "timeout",
		"alice confirmation", "bob acknowledged", "clients reconnect elsewhere",
		"**canary-latency**", "p99 7.2 ms vs 4.0 ms",
		"| canary p99 | 4 ms | 6 ms | +50.0 % |",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(report, "## Journal problems") {
		t.Error("a clean journal reported problems")
	}
}
