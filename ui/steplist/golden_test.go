package steplist

import (
	"github.com/warren-sre/warren/goldentest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
	"github.com/warren-sre/warren/ui/panes"
	"github.com/warren-sre/warren/ui/styles"
)

var goldenNow = time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)

// rehearsalSections is a rolling block of the real runbook for one node,
// at the moment its safe-to-stop gate failed on quorum and was
// acknowledged, and the preparation before it passed.
func rehearsalSections() []checklist.Section {
	target, _ := model.ParseVersion("3.13.7")
	install := []executor.Command{{Argv: []string{"apt-get", "install", "-y", "rabbitmq-server=3.13.7-1"}}}
	rolling := steps.RollingSteps(steps.RollingConfig{Target: target, Nodes: []steps.NodePlan{
		{Name: "rabbit-2@localhost", Reason: "fewest quorum leaders (1) and connections (0)", Package: install, Start: install}}})
	prep := steps.PreparationSteps(steps.PrepConfig{Nodes: []model.Node{{Name: "rabbit-2@localhost"}}})
	var prepStates, rollStates []*checklist.StepState
	for _, st := range prep {
		prepStates = append(prepStates, &checklist.StepState{Step: st, Status: checklist.Passed, LastRun: goldenNow.Add(-10 * time.Minute)})
	}
	for _, st := range rolling {
		rollStates = append(rollStates, &checklist.StepState{Step: st, Status: checklist.Pending})
	}
	safe := rollStates[0]
	safe.Status, safe.LastRun = checklist.Acknowledged, goldenNow.Add(-20*time.Second)
	safe.Last = &steps.Result{Verdict: steps.Fail, At: safe.LastRun, Summary: "rabbit-2@localhost is quorum-critical",
		Evidence: []string{"2 quorum queues would lose quorum: orders.created, email.outbox (vhost /)"},
		Findings: []model.Finding{{Code: model.CodeQuorumCritical, Severity: model.Blocker, Title: "rabbit-2@localhost is quorum-critical"}},
		Remedy:   "wait for replicas to catch up"}
	safe.Ack = &checklist.Ack{By: "ops", Reason: "replicas caught up, see quorum_status", At: safe.LastRun.Add(5 * time.Second)}
	return []checklist.Section{
		{Phase: steps.Preparation, Steps: prepStates},
		{Phase: steps.Rolling, Steps: rollStates},
		{Phase: steps.Rollback, Locked: true},
	}
}

func render(t *testing.T, lang i18n.Lang, w, h int, keys func(*Model)) string {
	t.Helper()
	m := New(i18n.For(lang))
	m.SetSize(w, h)
	m.SetSections(rehearsalSections())
	if keys != nil {
		keys(&m)
	}
	c := panes.Ctx{St: styles.New(true, false), Now: goldenNow, Focused: true}
	lines := m.View(c)
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Errorf("line %d is %d cells wide, want %d: %q", i, got, w, ansi.Strip(l))
		}
		if strings.ContainsRune(l, '\uFFFD') {
			t.Errorf("line %d has a character cut in half: %q", i, ansi.Strip(l))
		}
	}
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	return ansi.Strip(strings.Join(lines, "\n")) + "\n"
}

// The checklist and a step's detail, in English and Chinese, at the
// cockpit's three sizes: every line exactly as wide as the view.
func TestGoldenStepList(t *testing.T) {
	openSafe := func(m *Model) { m.Open() } // the cursor follows the current step: safe-to-stop's successor
	openGate := func(m *Model) { m.Move(-1); m.Open() }
	scrolled := func(m *Model) { openGate(m); m.Move(12) }
	cases := []struct {
		name string
		keys func(*Model)
	}{
		{"list", nil},
		{"detail-drain", openSafe},
		{"detail-quorum-gate", openGate},
		{"detail-quorum-gate-scrolled", scrolled},
	}
	sizes := []struct{ w, h int }{{80, 21}, {120, 37}, {160, 45}}
	for _, lang := range i18n.Langs {
		for _, tc := range cases {
			for _, sz := range sizes {
				name := tc.name + "-" + string(lang) + "-" + itoa(sz.w) + "x" + itoa(sz.h)
				t.Run(name, func(t *testing.T) {
					assertGolden(t, name, render(t, lang, sz.w, sz.h, tc.keys))
				})
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func assertGolden(t *testing.T, name, got string) { goldentest.Assert(t, name+".golden", got) }
