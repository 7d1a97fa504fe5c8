package steplist

import (
	"testing"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/steps"
)

// A locked phase says what it waits for in the screen's language: the
// earlier phase's open gate (its title, phase and status translated) or a
// rollback not begun.
func TestLockedPhasesSayWhyInEachLanguage(t *testing.T) {
	runbook := []steps.Step{
		{ID: "prep.inventory", Phase: steps.Preparation, Gate: true, Title: "Inventory the cluster"},
		{ID: "compat.x", Phase: steps.Compatibility, Title: "A compatibility step"},
		{ID: "rollback.x", Phase: steps.Rollback, Title: "A rollback step"},
	}
	run := checklist.NewRun(runbook, *checklist.NewState())
	tests := []struct {
		lang             i18n.Lang
		compat, rollback string
	}{
		{i18n.English, `locked: waits for gate "Inventory the cluster" in Preparation (pending)`,
			"locked: opens when a rollback is begun (a trigger fired or the operator decides)"},
		{i18n.Chinese, "已锁定：等待准备阶段的关卡“盘点集群现状”（待执行）",
			"已锁定：开始回滚后开放（回滚触发条件触发，或由操作员决定）"},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			p := i18n.For(tt.lang)
			secs := run.Sections()
			if got := lockText(p, secs[1]); got != tt.compat {
				t.Errorf("compatibility: %q, want %q", got, tt.compat)
			}
			if got := lockText(p, secs[2]); got != tt.rollback {
				t.Errorf("rollback: %q, want %q", got, tt.rollback)
			}
		})
	}
}
