package checklist

import (
	"github.com/warren-sre/warren/goldentest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warren-sre/warren/i18n"
)

// Journals of real lab rehearsals (paths of the machine they ran on
// replaced): a 3-node 3.8.9 → 3.10.8 upgrade that completed, a 4.0.5 →
// 4.3.6 one whose first node refused to join and was rolled back to every
// message, a 3.10.8 → 4.0.5 one whose rollback stopped on a node's
// verification, and a 3.10.8 rehearsal with the canary journaled. The summary that opens each report is a golden, in
// English and Chinese.
var rehearsals = []struct {
	dir     string
	outcome Outcome
}{
	{"completed-3.8.9-to-3.10.8", Completed},
	{"rolled-back-4.0.5-to-4.3.6", RolledBack},
	{"rollback-stopped-3.10.8-to-4.0.5", RollbackStopped},
	// With the canary journaled: stopped at node 3's stopped-node backup
	// (its preparation inventory had no data directory for it), resumed
	// once in between, so the canary's counts restart.
	{"stopped-3.10.8-node3-backup", Stopped},
}

func TestReportSummaryOfRealRehearsals(t *testing.T) {
	for _, rh := range rehearsals {
		dir := filepath.Join("testdata", "rehearsals", rh.dir)
		recs, _, err := Records(dir)
		if err != nil {
			t.Fatal(err)
		}
		if got := Summarize(recs).Outcome; got != rh.outcome {
			t.Errorf("%s: outcome %s, want %s", rh.dir, got, rh.outcome)
		}
		for _, lang := range i18n.Langs {
			t.Run(rh.dir+"-"+string(lang), func(t *testing.T) {
				md, err := ExportMarkdown(dir, i18n.For(lang))
				if err != nil {
					t.Fatal(err)
				}
				report := string(md)
				summary := summaryPart(t, report)
				goldentest.Assert(t, rh.dir+"-"+string(lang)+".summary.md", summary)
				explained := i18n.For(lang).T("report.h.explain")
				if !strings.Contains(report, "## "+explained) || !strings.Contains(report, "`rolling.stop`") {
					t.Errorf("the report does not explain the steps that ran")
				}
			})
		}
	}
}

// summaryPart is the report up to its first detail section.
func summaryPart(t *testing.T, report string) string {
	t.Helper()
	_, rest, ok := strings.Cut(report, "\n## ")
	if !ok {
		t.Fatalf("no summary heading in:\n%s", report)
	}
	i := strings.Index(rest, "\n## ")
	if i < 0 {
		t.Fatalf("no detail after the summary")
	}
	return report[:len(report)-len(rest)+i+1]
}
