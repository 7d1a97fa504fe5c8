package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

func passCheck(context.Context, steps.Env) steps.Result { return steps.Result{Verdict: steps.Pass} }

func okAction() *steps.Action {
	return &steps.Action{Run: func(context.Context, steps.Env) (string, error) { return "ran", nil }}
}

// Without --to the cockpit still opens: read-only checks keep working, and
// what needs a target version says so instead of judging against 0.0.0.
func TestWithoutTarget(t *testing.T) {
	node := "rabbit-1@h"
	runbook := []steps.Step{
		{ID: "prep.inventory", Phase: steps.Preparation, Check: passCheck},
		{ID: "prep.baseline", Phase: steps.Preparation, Check: passCheck, Action: okAction()},
		{ID: "compat.path", Phase: steps.Compatibility, Check: passCheck},
		{ID: steps.RollingID(node, steps.PartSafeToStop), Phase: steps.Rolling, Check: passCheck},
		{ID: steps.RollingID(node, steps.PartDrain), Phase: steps.Rolling, Check: passCheck, Action: okAction()},
		{ID: steps.RollingID(node, steps.PartPackage), Phase: steps.Rolling, Check: passCheck, Action: okAction()},
		{ID: steps.RollingID(node, steps.PartVerify), Phase: steps.Rolling, Check: passCheck},
	}
	tests := []struct {
		id           string
		checkRefuses bool
		actRefuses   bool
	}{
		{"prep.inventory", false, false},
		{"prep.baseline", false, false},
		{"compat.path", true, false},
		{steps.RollingID(node, steps.PartSafeToStop), false, false},
		{steps.RollingID(node, steps.PartDrain), false, true},
		{steps.RollingID(node, steps.PartPackage), true, true},
		{steps.RollingID(node, steps.PartVerify), true, false},
	}
	got := map[string]steps.Step{}
	for _, s := range WithoutTarget(runbook) {
		got[s.ID] = s
	}
	env := steps.Env{Now: time.Now}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s := got[tt.id]
			res := s.Check(context.Background(), env)
			if refused := res.Verdict == steps.Fail && res.Summary == NoTarget; refused != tt.checkRefuses {
				t.Errorf("check %+v, refuses want %v", res, tt.checkRefuses)
			}
			if s.Action == nil {
				return
			}
			_, err := s.Action.Run(context.Background(), env)
			if refused := err != nil && strings.Contains(err.Error(), "--to VERSION"); refused != tt.actRefuses {
				t.Errorf("action error %v, refuses want %v", err, tt.actRefuses)
			}
		})
	}
	// The caller's runbook is not changed under it.
	if _, err := runbook[4].Action.Run(context.Background(), env); err != nil {
		t.Errorf("the original drain action was replaced: %v", err)
	}
}

// The watchdog expects a node back once its start ran and until its block
// verified; never before its start.
func TestExpectedNodes(t *testing.T) {
	order := []model.OrderedNode{{Node: "a"}, {Node: "b"}}
	var runbook []steps.Step
	for _, n := range []string{"a", "b"} {
		for _, part := range []string{steps.PartStart, steps.PartVerify} {
			runbook = append(runbook, steps.Step{ID: steps.RollingID(n, part), Phase: steps.Rolling, Block: n},
				steps.Step{ID: steps.RollbackID(n, part), Phase: steps.Rollback, Block: "rollback " + n})
		}
	}
	runbook = append(runbook, steps.Step{ID: steps.RollbackWhere, Phase: steps.Rollback, Gate: true})
	started := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name  string
		steps map[string]checklist.StepRecord
		want  []string
	}{
		{"nothing started", nil, nil},
		{"a started, not verified", map[string]checklist.StepRecord{
			steps.RollingID("a", steps.PartStart): {Status: checklist.Passed, LastRun: started},
		}, []string{"a"}},
		{"a verified", map[string]checklist.StepRecord{
			steps.RollingID("a", steps.PartStart):  {Status: checklist.Passed, LastRun: started},
			steps.RollingID("a", steps.PartVerify): {Status: checklist.Passed, LastRun: started},
		}, nil},
		{"a verified, b started", map[string]checklist.StepRecord{
			steps.RollingID("a", steps.PartStart):  {Status: checklist.Passed, LastRun: started},
			steps.RollingID("a", steps.PartVerify): {Status: checklist.Passed, LastRun: started},
			steps.RollingID("b", steps.PartStart):  {Status: checklist.Interrupted, LastRun: started},
		}, []string{"b"}},
		{"a refused to boot, then the rollback began: not expected until the rollback starts it", map[string]checklist.StepRecord{
			steps.RollingID("a", steps.PartStart): {Status: checklist.Failed, LastRun: started, ActionDone: true, Output: "error: the node says: BOOT FAILED"},
			steps.RollbackWhere:                   {Status: checklist.Passed, LastRun: started},
		}, nil},
		{"the rollback started a", map[string]checklist.StepRecord{
			steps.RollingID("a", steps.PartStart):  {Status: checklist.Failed, LastRun: started, ActionDone: true},
			steps.RollbackWhere:                    {Status: checklist.Passed, LastRun: started},
			steps.RollbackID("a", steps.PartStart): {Status: checklist.Passed, LastRun: started},
		}, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := checklist.NewState()
			for id, sr := range tt.steps {
				st.Steps[id] = &sr
			}
			got := ExpectedNodes(checklist.NewRun(runbook, *st), order)
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %v", got, tt.want)
			}
			for i, e := range got {
				if e.Node != tt.want[i] || !e.StartedAt.Equal(started) {
					t.Errorf("got %+v, want %s started at %v", e, tt.want[i], started)
				}
			}
		})
	}
}
