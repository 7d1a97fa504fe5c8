package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/model"
)

func TestStatusVerdict(t *testing.T) {
	blocker := func(code string) model.Finding { return model.Finding{Code: code, Severity: model.Blocker} }
	warning := func(code string) model.Finding { return model.Finding{Code: code, Severity: model.Warning} }
	tests := []struct {
		name     string
		findings []model.Finding
		want     string
	}{
		{"nothing found", nil, "HEALTHY"},
		{"warnings only", []model.Finding{warning(model.CodeNotChecked), warning("CANARY_FAILED")}, "HEALTHY"},
		{"something unread", []model.Finding{blocker(model.CodeNotChecked), warning("CANARY_FAILED")}, "NOT_CHECKED"},
		{"something broken and something unread", []model.Finding{blocker(model.CodeNotChecked), blocker(model.CodeNodeDown)}, "UNHEALTHY"},
		{"something broken", []model.Finding{blocker(model.CodeAlarmActive)}, "UNHEALTHY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := statusVerdict(tt.findings); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// statusFindings fails closed on every concern of the snapshot it did not read.
func TestStatusFindingsFailClosed(t *testing.T) {
	now := time.Date(2026, 11, 28, 6, 0, 0, 0, time.UTC)
	read := func() model.Snapshot {
		s := model.Snapshot{}
		s.Nodes = model.NodesSample{At: now, Value: []model.Node{{Name: "r1@h", State: model.NodeRunning, Running: true, Partitions: []string{}}}}
		s.Overview = model.OverviewSample{At: now}
		s.Queues = model.QueuesSample{At: now}
		s.Connections = model.ConnectionsSample{At: now}
		s.Flags = model.FlagsSample{At: now}
		s.Health = model.HealthSample{At: now}
		return s
	}
	tests := []struct {
		name string
		edit func(*model.Snapshot)
		want string
	}{
		{"all read", func(*model.Snapshot) {}, "HEALTHY"},
		{"overview failed", func(s *model.Snapshot) { s.Overview.Err = "timeout" }, "NOT_CHECKED"},
		{"queues failed", func(s *model.Snapshot) { s.Queues.Err = "timeout" }, "NOT_CHECKED"},
		{"feature flags failed", func(s *model.Snapshot) { s.Flags.Err = "timeout" }, "NOT_CHECKED"},
		{"health checks never ran", func(s *model.Snapshot) { s.Health = model.HealthSample{} }, "NOT_CHECKED"},
		{"node list not read, node answers its probe", func(s *model.Snapshot) { s.Nodes.Value[0].ProbeOnly = true }, "NOT_CHECKED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := read()
			tt.edit(&s)
			if got := statusVerdict(statusFindings(s)); got != tt.want {
				t.Fatalf("got %s, want %s: %+v", got, tt.want, statusFindings(s))
			}
		})
	}
}

// Names from the broker and lines from the journal reached the terminal
// as they were: escape sequences ran and newlines forged lines.
func TestPrintedTextFromOutsideIsPrintable(t *testing.T) {
	const evil = "x\x1b[2J\r\nHEALTHY  forged"
	r := statusReport{Verdict: "UNHEALTHY", Target: targetInfo{TLSVerify: true}, Findings: []model.Finding{{Code: "NODE_DOWN", Severity: model.Blocker, Title: evil, Evidence: []string{evil}}}}
	r.Snapshot.Overview.Value.ClusterName = evil
	r.Snapshot.Nodes.Value = []model.Node{{Name: evil, RabbitVersion: evil}}
	var status, statusZh strings.Builder
	printStatus(&status, r, i18n.For(i18n.English))
	printStatus(&statusZh, r, i18n.For(i18n.Chinese))
	line := eventLine(checklist.Record{Kind: checklist.KindNote, Text: evil})
	for name, out := range map[string]string{"status": status.String(), "status zh": statusZh.String(), "watch": line} {
		if strings.ContainsAny(out, "\x1b\r") || strings.Contains(out, "\nHEALTHY") {
			t.Errorf("%s prints a control sequence or a forged line:\n%q", name, out)
		}
	}
}
