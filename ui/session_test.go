package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/ui/panes"
)

// withSession plays three minutes of canary samples into m, ending at the
// fixture's clock: quiet, then node 2's stop (latency rises, the canary
// loses its link for a few seconds), then its start, then quiet again. The
// runbook reports each step running and then passed, as the journal does.
func withSession(t testing.TB, m Model) Model {
	t.Helper()
	// The session replaces the fixture's single canary sample.
	m.latency = panes.Latency{}
	t0 := m.opts.now().Add(-182 * time.Second)
	rb := m.rb.(*fakeRunbook)
	stop, start := stepOf(rb, "roll.2.stop"), stepOf(rb, "roll.2.start")
	stopAt, startAt := t0.Add(60*time.Second), t0.Add(110*time.Second)
	for i := range 180 {
		at := t0.Add(time.Duration(i) * time.Second)
		switch at {
		case stopAt:
			stop.Status, stop.LastRun = checklist.Running, at
			m = step(t, m, readRunbook(rb))
		case stopAt.Add(20 * time.Second):
			stop.Status, stop.LastRun = checklist.Passed, at
			m = step(t, m, readRunbook(rb))
		case startAt:
			start.Status, start.LastRun = checklist.Running, at
			m = step(t, m, readRunbook(rb))
		case startAt.Add(15 * time.Second):
			start.Status, start.LastRun = checklist.Passed, at
			m = step(t, m, readRunbook(rb))
		}
		m = step(t, m, canaryAt(at, i))
	}
	// The last reading leaves node 2's stop running, as the fixture's
	// checklist shows it.
	stop.Status = checklist.Running
	return step(t, m, readRunbook(rb))
}

// canaryAt is the sample at second i of the session: 2 ms / 6 ms at rest,
// up to 45 ms at p99 while node 2 stops, no link for five seconds.
func canaryAt(at time.Time, i int) model.CanarySample {
	p50, p99 := 2*time.Millisecond, 6*time.Millisecond
	switch {
	case i >= 64 && i < 69:
		return model.CanarySample{At: at, Value: model.CanaryStats{Node: "rabbit-1@localhost", Connected: false}}
	case i >= 60 && i < 85:
		p50, p99 = 9*time.Millisecond, time.Duration(20+i-60)*time.Millisecond
	case i >= 110 && i < 125:
		p50, p99 = 4*time.Millisecond, 15*time.Millisecond
	}
	pc := model.Percentiles{P50: p50, P95: p99 * 9 / 10, P99: p99, Max: p99 + time.Millisecond, Count: 60}
	return model.CanarySample{At: at, Value: model.CanaryStats{Node: "rabbit-1@localhost", Connected: true,
		Confirm: pc, EndToEnd: pc, PublishRate: 3, ConsumeRate: 3, Confirmed: int64(i * 3), Delivered: int64(i * 3)}}
}

func stepOf(rb *fakeRunbook, id string) *checklist.StepState {
	for _, s := range rb.sections {
		for _, st := range s.Steps {
			if st.Step.ID == id {
				return st
			}
		}
	}
	panic("no step " + id)
}

// The chart shows the session: the scale follows the worst p99, both
// steps are marked on the time axis and named with the time they began.
func TestLatencyChartMarksTheStepsThatRan(t *testing.T) {
	m, rb := newTestModel(t, "snapshot-node2-down.json", "dark", 120, 40)
	stepOf(rb, "roll.2.start").Step.Action = stepOf(rb, "roll.2.stop").Step.Action
	m = withSession(t, m)
	screen := ansi.Strip(m.Render())
	assertFits(t, screen, 120, 40)
	t0 := m.opts.now().Add(-182 * time.Second)
	for _, want := range []string{
		"50ms ┤", // 44 ms rounds up to the next 1-2-5 step
		"1 " + t0.Add(60*time.Second).UTC().Format("15:04:05") + " rabbit-2: Stop the node",
		"2 " + t0.Add(110*time.Second).UTC().Format("15:04:05") + " rabbit-2: Start and rejoin",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("%q not on screen:\n%s", want, screen)
		}
	}
	axis := ""
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "└") {
			axis = l
		}
	}
	if strings.Index(axis, "1") < 0 || strings.Index(axis, "2") < strings.Index(axis, "1") {
		t.Errorf("the axis does not mark 1 before 2: %q", axis)
	}
	assertGolden(t, "latency-session-120x40", screen)
}
