package cli

import (
	"bytes"
	"testing"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/steps"
)

// The headless run's progress speaks the run's language: the phase, the
// step's title and its status translated, the check's own sentence as the
// journal keeps it. English stays what scripts read.
func TestProgressSpeaksTheRunsLanguage(t *testing.T) {
	st := steps.Step{ID: "prep.inventory", Phase: steps.Preparation, Title: "Inventory the cluster"}
	passed := &checklist.StepState{Step: st, Status: checklist.Passed, Last: &steps.Result{Summary: "3 nodes, 2 queues"}}
	before := &checklist.StepState{Step: st, Status: checklist.Pending}
	tests := []struct {
		lang i18n.Lang
		want string
	}{
		{i18n.English, "warren: [Preparation] Inventory the cluster — passed: 3 nodes, 2 queues\n"},
		{i18n.Chinese, "warren: [准备] 盘点集群现状 — 已通过：3 nodes, 2 queues\n"},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			var out bytes.Buffer
			stderr := progressOut
			progressOut = &out
			i18n.SetDefault(tt.lang)
			t.Cleanup(func() { progressOut = stderr; i18n.SetDefault(i18n.English) })
			(&driver{}).report(passed, before)
			if out.String() != tt.want {
				t.Errorf("progress %q, want %q", out.String(), tt.want)
			}
		})
	}
}
