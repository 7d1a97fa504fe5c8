package ui

import (
	"context"
	"github.com/warren-sre/warren/checklist"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warren-sre/warren/model"
)

// keysThen presses keys in order and returns the model after them.
func keysThen(t *testing.T, m Model, keys ...string) Model {
	t.Helper()
	for _, k := range keys {
		m = step(t, m, press(k))
	}
	return m
}

func TestChecklistNavigation(t *testing.T) {
	tests := []struct {
		name     string
		keys     []string
		selected string // step ID under the cursor, "" for a section header
		detail   bool
	}{
		{"starts on the current step", nil, "roll.2.stop", false},
		{"j moves down", []string{"j"}, "roll.2.start", false},
		{"arrow up moves up", []string{"up"}, "roll.2.quorum", false},
		{"k past the section's first step lands on its header", []string{"k", "k"}, "", false},
		{"G goes to the last row", []string{"G"}, "", false},
		{"enter opens the detail", []string{"enter"}, "roll.2.stop", true},
		{"esc closes the detail", []string{"enter", "esc"}, "roll.2.stop", false},
		{"space on a collapsed section expands it", []string{"g", "space", "j"}, "prep.nodes-running", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newTestModel(t, "snapshot-lab.json", "dark", 80, 24)
			m = keysThen(t, m, tt.keys...)
			if got := m.list.SelectedID(); got != tt.selected {
				t.Errorf("selected %q, want %q", got, tt.selected)
			}
			if m.list.InDetail() != tt.detail {
				t.Errorf("detail open = %v, want %v", m.list.InDetail(), tt.detail)
			}
		})
	}
}

func TestCollapseAndExpand(t *testing.T) {
	tests := []struct {
		name      string
		keys      []string
		visible   []string // substrings that must be on screen
		invisible []string
	}{
		{"only the current section starts open", nil,
			[]string{"Stop the node"}, []string{"All nodes running", "Restore definitions"}},
		{"h folds the current section", []string{"h"},
			nil, []string{"Stop the node"}},
		{"E expands every section", []string{"E"},
			[]string{"All nodes running", "Stop the node", "Restore definitions"}, nil},
		{"C collapses every section", []string{"E", "C"},
			[]string{"Preparation", "Rollback"}, []string{"All nodes running", "Stop the node"}},
		{"l unfolds a folded section", []string{"h", "l"},
			[]string{"Stop the node"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newTestModel(t, "snapshot-lab.json", "dark", 120, 40)
			screen := ansi.Strip(keysThen(t, m, tt.keys...).Render())
			for _, s := range tt.visible {
				if !strings.Contains(screen, s) {
					t.Errorf("%q not on screen:\n%s", s, screen)
				}
			}
			for _, s := range tt.invisible {
				if strings.Contains(screen, s) {
					t.Errorf("%q should be hidden:\n%s", s, screen)
				}
			}
		})
	}
}

func TestCurrentStepStaysVisibleWhenScrolled(t *testing.T) {
	m, _ := newTestModel(t, "snapshot-lab.json", "dark", 80, 16)
	m = keysThen(t, m, "E", "G")
	screen := ansi.Strip(m.Render())
	if !strings.Contains(screen, "Rollback") {
		t.Fatalf("the cursor row (Rollback) scrolled off screen:\n%s", screen)
	}
	m = keysThen(t, m, "g")
	if screen = ansi.Strip(m.Render()); !strings.Contains(screen, "Preparation") {
		t.Fatalf("the cursor row (Preparation) scrolled off screen:\n%s", screen)
	}
}

func TestFocusCycles(t *testing.T) {
	tests := []struct {
		keys []string
		want focus
	}{
		{nil, focusChecklist},
		{[]string{"tab"}, focusNodes},
		{[]string{"tab", "tab", "tab"}, focusLatency},
		{[]string{"tab", "tab", "tab", "tab"}, focusChecklist},
		{[]string{"shift+tab"}, focusLatency},
		{[]string{"/"}, focusQueues},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, ","), func(t *testing.T) {
			m, _ := newTestModel(t, "snapshot-lab.json", "dark", 80, 24)
			m = keysThen(t, m, tt.keys...)
			if m.focus != tt.want {
				t.Errorf("focus %s, want %s", focusNames[m.focus], focusNames[tt.want])
			}
			// The focused pane's title carries the marker; a live pane is
			// also the active tab under the checklist.
			screen := ansi.Strip(m.Render())
			if name := m.t(focusNames[tt.want]); !strings.Contains(screen, "▌"+name) {
				t.Errorf("%s is not marked focused:\n%s", name, screen)
			}
			if name := m.t(focusNames[tt.want]); tt.want != focusChecklist && !strings.Contains(screen, "["+name+"]") {
				t.Errorf("tab bar does not show %s as active:\n%s", name, screen)
			}
		})
	}
}

func TestQueueFilter(t *testing.T) {
	tests := []struct {
		name  string
		keys  []string
		shown []string
		gone  []string
	}{
		{"typing filters live", []string{"/", "o", "r", "d"}, []string{"orders.created"}, []string{"payments.settle"}},
		{"enter keeps the filter", []string{"/", "p", "a", "y", "enter"}, []string{"payments.settle", "match /pay"}, []string{"orders.created"}},
		{"esc clears it", []string{"/", "o", "r", "d", "esc"}, []string{"orders.created", "payments.settle"}, nil},
		{"backspace edits it", []string{"/", "p", "x", "backspace", "enter"}, []string{"payments.settle"}, []string{"orders.created"}},
		{"no match says so", []string{"/", "z", "z", "enter"}, []string{"no queues matching /zz"}, []string{"orders.created"}},
		{"q types into the filter, it does not quit", []string{"/", "q"}, []string{"/q"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newTestModel(t, "snapshot-node2-down.json", "dark", 80, 24)
			screen := ansi.Strip(keysThen(t, m, tt.keys...).Render())
			for _, s := range tt.shown {
				if !strings.Contains(screen, s) {
					t.Errorf("%q not on screen:\n%s", s, screen)
				}
			}
			for _, s := range tt.gone {
				if strings.Contains(screen, s) {
					t.Errorf("%q should be filtered out:\n%s", s, screen)
				}
			}
		})
	}
}

func TestResizeAndTooSmall(t *testing.T) {
	tests := []struct {
		w, h int
		want layoutKind
		text string
	}{
		{59, 24, layoutTooSmall, "terminal too small (need 60×16, have 59×24)"},
		{80, 15, layoutTooSmall, "terminal too small (need 60×16, have 80×15)"},
		{80, 24, layoutNarrow, "[Nodes]"},
		{100, 30, layoutWide, "Latency · via"},
		{120, 40, layoutWide, "Latency · via"},
		{160, 48, layoutWide, "Latency · via"},
		{200, 25, layoutWide, "Latency · via"},
		{120, 20, layoutMedium, "[Nodes]"},
	}
	for _, tt := range tests {
		t.Run(itoa(tt.w)+"x"+itoa(tt.h), func(t *testing.T) {
			m, _ := newTestModel(t, "snapshot-lab.json", "dark", 160, 48)
			m = step(t, m, tea.WindowSizeMsg{Width: tt.w, Height: tt.h})
			if got := m.layout(); got != tt.want {
				t.Errorf("layout %d, want %d", got, tt.want)
			}
			screen := ansi.Strip(m.Render())
			if !strings.Contains(screen, tt.text) {
				t.Errorf("%q not on screen:\n%s", tt.text, screen)
			}
			if tt.want != layoutTooSmall {
				assertFits(t, m.Render(), tt.w, tt.h)
			}
		})
	}
}

// The nodes pane shows the engine's effective states: a dropped AMQP link
// shows the node going down before the API knows, the API's later answer
// confirms it, and a restarted node reads running again. The states come
// from the one watch (model.NodeWatch) the engine and the checks use.
func TestNodeGoingDownFromLink(t *testing.T) {
	m, _ := newTestModel(t, "snapshot-lab.json", "dark", 160, 48)
	snap := loadSnapshot(t, "snapshot-lab.json")
	var watch model.NodeWatch
	watch.API(snap.Nodes)
	nodes := func(s model.NodesSample) nodesMsg {
		watch.API(s)
		return nodesMsg{sample: &s, states: watch.States(s.Value)}
	}
	dropAt := snap.Nodes.At.Add(time.Second)
	watch.Link(model.NodeLink{Node: "rabbit-2@localhost", Up: false, Since: dropAt, Reason: "CONNECTION_FORCED"})
	m = step(t, m, nodesMsg{states: watch.States(snap.Nodes.Value)})
	assertNodeState(t, m, "rabbit-2@localhost", "✗ GOING DOWN")

	down := snap.Nodes
	down.At = dropAt.Add(5 * time.Second)
	down.Value = append([]model.Node(nil), down.Value...)
	down.Value[1].State, down.Value[1].Running = model.NodeDown, false
	m = step(t, m, nodes(down))
	assertNodeState(t, m, "rabbit-2@localhost", "✗ DOWN")

	up := snap.Nodes
	up.At = down.At.Add(10 * time.Second)
	m = step(t, m, nodes(up))
	assertNodeState(t, m, "rabbit-2@localhost", "● running")
}

func assertNodeState(t *testing.T, m Model, node, want string) {
	t.Helper()
	for _, line := range strings.Split(ansi.Strip(m.Render()), "\n") {
		if i := strings.Index(line, node+" "); i >= 0 && strings.Contains(line[i:], want) {
			return
		}
	}
	t.Errorf("no row shows %s as %q:\n%s", node, want, ansi.Strip(m.Render()))
}

// A failed poll keeps the last good rows and says STALE with the reason.
func TestStalePaneKeepsData(t *testing.T) {
	m, _ := newTestModel(t, "snapshot-lab.json", "dark", 160, 48)
	snap := loadSnapshot(t, "snapshot-lab.json")
	m = step(t, m, nodesMsg{sample: &model.NodesSample{At: snap.Nodes.At.Add(time.Second), Err: "dial tcp 127.0.0.1:15672: connection refused"}})
	screen := ansi.Strip(m.Render())
	for _, want := range []string{"STALE: dial tcp 127.0.0.1:15672: connection refused", "data 2s old", "rabbit-3@localhost"} {
		if !strings.Contains(screen, want) {
			t.Errorf("%q not on screen:\n%s", want, screen)
		}
	}
}

func TestIntents(t *testing.T) {
	tests := []struct {
		name     string
		readOnly bool
		keys     []string
		intents  []string
		status   string
	}{
		{"c runs the check", false, []string{"c"}, []string{"check roll.2.stop"}, "checking Stop the node"},
		{"x asks before the action; y runs it", false, []string{"x", "y"}, []string{"act roll.2.stop "}, "running Stop the node"},
		{"x then n cancels", false, []string{"x", "n"}, nil, "cancelled"},
		{"followers never dispatch", true, []string{"c"}, nil, "read-only: alice@jump-1 drives this run"},
		{"a refuses a running step", false, []string{"a"}, nil, "only a failed, interrupted or waiting step"},
		{"R takes the typed word, then a reason", false, append(append([]string{"R"}, keysOf("rollback")...), append([]string{"enter"}, append(keysOf("node 2 gone"), "enter")...)...),
			[]string{"rollback node 2 gone"}, "beginning the rollback"},
		{"R with the wrong word begins nothing", false, append(append([]string{"R"}, keysOf("roll")...), "enter"), nil, "type rollback exactly"},
		{"a follower cannot begin a rollback", true, []string{"R"}, nil, "decides on the rollback"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, rb := newTestModel(t, "snapshot-lab.json", "dark", 120, 40)
			rb.readOnly = tt.readOnly
			m = step(t, m, readRunbook(rb)) // the model learns it from a reading
			var cmds []tea.Cmd
			for _, k := range tt.keys {
				next, cmd := m.Update(press(k))
				m, cmds = next.(Model), append(cmds, cmd)
			}
			if !strings.Contains(ansi.Strip(m.Render()), tt.status) {
				t.Errorf("status %q not shown:\n%s", tt.status, ansi.Strip(m.Render()))
			}
			runCmds(cmds)
			if got, want := strings.Join(rb.intents, "|"), strings.Join(tt.intents, "|"); got != want {
				t.Errorf("intents %q, want %q", got, want)
			}
		})
	}
}

// Update and View never call the Runbook: the session behind it takes a
// lock. Only the commands they return may.
func TestUpdateAndViewNeverCallTheRunbook(t *testing.T) {
	tests := []struct {
		name     string
		readOnly bool
		keys     []string
	}{
		{"driver checks and acts", false, []string{"c", "x", "y", "a"}},
		{"follower tries to check", true, []string{"c", "x", "a"}},
		{"navigation and help", false, []string{"j", "enter", "esc", "?", "esc", "tab", "/", "o", "enter"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, rb := newTestModel(t, "snapshot-lab.json", "dark", 120, 40)
			rb.readOnly = tt.readOnly
			m = step(t, m, readRunbook(rb))
			before := rb.reads
			for _, k := range tt.keys {
				m = step(t, m, press(k))
				_ = m.Render()
			}
			m = step(t, m, tickMsg{})
			_ = m.Render()
			if rb.reads != before || len(rb.intents) > 0 {
				t.Errorf("Update/View called the runbook: %d reads, intents %v", rb.reads-before, rb.intents)
			}
		})
	}
}

func TestIrreversibleActionNeedsTheWord(t *testing.T) {
	m, rb := newTestModel(t, "snapshot-lab.json", "dark", 120, 40)
	m = keysThen(t, m, "C", "g", "j", "space", "j") // open Compatibility, select compat.flags
	if id := m.list.SelectedID(); id != "compat.flags" {
		t.Fatalf("selected %q, want compat.flags", id)
	}
	m = keysThen(t, m, "x", "E", "N", "A", "B", "L", "E")
	next, cmd := m.Update(press("enter"))
	runCmds([]tea.Cmd{cmd})
	if want := []string{"act compat.flags ENABLE"}; strings.Join(rb.intents, "|") != want[0] {
		t.Errorf("intents %v, want %v (screen %s)", rb.intents, want, ansi.Strip(next.(Model).Render()))
	}
}

func TestQuitAsksWhileAnActionRuns(t *testing.T) {
	m, _ := newTestModel(t, "snapshot-lab.json", "dark", 80, 24)
	next, cmd := m.Update(press("q"))
	if cmd != nil {
		t.Fatal("q quit at once while a step is running")
	}
	m = next.(Model)
	if s := ansi.Strip(m.Render()); !strings.Contains(s, "Quit anyway?") || !strings.Contains(s, "y yes • n no") {
		t.Fatal("no quit question on screen")
	}
	if _, cmd = m.Update(press("y")); cmd == nil {
		t.Fatal("y did not quit")
	}
	if _, isQuit := cmd().(tea.QuitMsg); !isQuit {
		t.Fatal("y returned a command that is not quit")
	}
}

// Between the operator's "y" and the engine's next event the step list
// still shows the step pending; a quit in that gap must ask all the same,
// and stops asking once the action's answer is back.
func TestQuitAsksWhileAnActionIsOnItsWay(t *testing.T) {
	m, rb := newTestModel(t, "snapshot-lab.json", "dark", 120, 40)
	rb.sections[2].Steps[1].Status = checklist.Pending // roll.2.stop: nothing runs
	m = step(t, m, readRunbook(rb))
	if _, cmd := m.Update(press("q")); cmd == nil {
		t.Fatal("q asked with no action anywhere")
	}
	next, act := m.Update(press("x"))
	next, act = next.(Model).Update(press("y"))
	m = next.(Model)
	if act == nil {
		t.Fatal("y dispatched no action")
	}
	next, cmd := m.Update(press("q"))
	if cmd != nil || !strings.Contains(ansi.Strip(next.(Model).Render()), "Quit anyway?") {
		t.Fatal("q quit at once while the action was on its way to the engine")
	}
	m = step(t, m, act()) // the action's answer
	if _, cmd = m.Update(press("q")); cmd == nil {
		t.Fatal("q still asks after the action answered")
	}
}

func TestPauseShowsBanner(t *testing.T) {
	var paused []bool
	m, _ := newTestModel(t, "snapshot-lab.json", "dark", 80, 24)
	m.opts.OnPause = func(p bool) { paused = append(paused, p) }
	next, cmd := m.Update(press("p"))
	runCmds([]tea.Cmd{cmd})
	if !strings.Contains(ansi.Strip(next.(Model).Render()), "PAUSED") || len(paused) != 1 || !paused[0] {
		t.Fatalf("pause not shown or not passed on (calls %v)", paused)
	}
}

// runCmds runs commands the way the program would, feeding nothing back.
func runCmds(cmds []tea.Cmd) {
	for _, c := range cmds {
		if c != nil {
			c()
		}
	}
}

func TestASCIIGlyphs(t *testing.T) {
	m, _ := newTestModel(t, "snapshot-node2-down.json", "dark", 160, 48)
	// The recorded fixture has no reconnect; add one to see its arrow.
	canary := loadSnapshot(t, "snapshot-node2-down.json").Canary
	canary.Value.Gaps = append(canary.Value.Gaps, model.Gap{Start: canary.At.Add(-time.Minute), Duration: 40 * time.Millisecond,
		From: "rabbit-2@localhost", To: "rabbit-3@localhost", Reason: "CONNECTION_FORCED"})
	m = step(t, m, canary)
	m.opts.ASCII = true
	m.setDark(true)
	screen := ansi.Strip(m.Render())
	for _, want := range []string{"X DOWN", "+ running", "~ running", "! acknowledged", "x failed", "rabbit-2->rabbit-3"} {
		if !strings.Contains(screen, want) {
			t.Errorf("%q not on the ASCII screen:\n%s", want, screen)
		}
	}
}

// Scrolling the detail view stops at its last page, so one k always moves.
func TestDetailScrollStopsAtTheEnd(t *testing.T) {
	m, _ := newTestModel(t, "snapshot-node2-down.json", "dark", 80, 16)
	m = keysThen(t, m, "k", "enter")
	for range 50 {
		m = step(t, m, press("j"))
	}
	bottom := ansi.Strip(m.Render())
	if !strings.Contains(bottom, "esc back") || strings.Contains(bottom, " Why") {
		t.Fatalf("not scrolled to the last page:\n%s", bottom)
	}
	if up := ansi.Strip(keysThen(t, m, "k").Render()); up == bottom {
		t.Fatal("k after over-scrolling did not move")
	}
}

// At 80 columns with a node down, the mode banners still fit: the cluster's
// name and version make room, the alerts never do.
func TestTitleBarKeepsAlertsAt80Columns(t *testing.T) {
	tests := []struct {
		name     string
		paused   bool
		readOnly bool
		want     []string
	}{
		{"node down", false, false, []string{"lab", "RabbitMQ 3.10.8", "rabbit-2@localhost DOWN"}},
		{"paused", true, false, []string{"rabbit-2@localhost DOWN", "PAUSED"}},
		{"paused follower", true, true, []string{"rabbit-2@localhost DOWN", "PAUSED", "READ-ONLY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, rb := newTestModel(t, "snapshot-node2-down.json", "dark", 80, 24)
			rb.readOnly = tt.readOnly
			m = step(t, m, readRunbook(rb))
			if tt.paused {
				m = step(t, m, press("p"))
			}
			title := ansi.Strip(strings.SplitN(m.Render(), "\n", 2)[0])
			for _, w := range tt.want {
				if !strings.Contains(title, w) {
					t.Errorf("%q not in the title bar %q", w, title)
				}
			}
		})
	}
}

func keysOf(text string) []string {
	var out []string
	for _, r := range text {
		if r == ' ' {
			out = append(out, "space")
		} else {
			out = append(out, string(r))
		}
	}
	return out
}

// A fired trigger shows at once, with its evidence, in the title bar and
// above the panes, on the driver's and on a follower's screen alike.
func TestTriggerAlertShowsUntilHandled(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		m, rb := newTestModel(t, "snapshot-node2-down.json", "dark", 120, 40)
		rb.readOnly = readOnly
		rb.alerts = []checklist.Trigger{{Name: "node-not-back", Summary: "a node refused to boot",
			Evidence: []string{"rabbit-2@localhost failed to start: Error during startup: {error,failed_to_initialize_feature_flags_registry} | " +
				"Feature flags: `stream_single_active_consumer`: required feature flag not enabled! It must be enabled before upgrading RabbitMQ. | " +
				"Failed to initialize feature flags registry: {disabled_required_feature_flag, stream_single_active_consumer}"}}}
		m = step(t, m, readRunbook(rb))
		screen := ansi.Strip(m.Render())
		assertFits(t, screen, 120, 40)
		for _, want := range []string{"TRIGGER node-not-back", "ROLLBACK TRIGGER node-not-back: a node refused to boot", "failed_to_initialize_feature_flags_registry", "required feature flag not enabled", "R begin rollback"} {
			if !strings.Contains(screen, want) {
				t.Errorf("read-only %v: %q not on screen:\n%s", readOnly, want, screen)
			}
		}
		if !readOnly {
			assertGolden(t, "trigger-alert-120x40", screen)
		}
		rb.alerts, rb.rollback = nil, true
		m = step(t, m, readRunbook(rb))
		if screen := ansi.Strip(m.Render()); strings.Contains(screen, "ROLLBACK TRIGGER") || !strings.Contains(screen, "ROLLING BACK") {
			t.Errorf("after the rollback began the alert should give way to ROLLING BACK:\n%s", screen)
		}
	}
}

// --insecure is on screen for as long as the cockpit runs, not only on
// stderr after it quits.
func TestInsecureIsShown(t *testing.T) {
	snap := loadSnapshot(t, "snapshot-lab.json")
	now := fixedNow(t, snap)
	rb := &fakeRunbook{sections: labSections(now())}
	m := New(context.Background(), Options{Now: now, Background: "dark", Target: "prod", Insecure: true}, rb)
	m = step(t, m, snap)
	m = step(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if title := strings.Split(ansi.Strip(m.Render()), "\n")[0]; !strings.Contains(title, "TLS NOT VERIFIED") {
		t.Fatalf("title bar %q does not say TLS is not verified", title)
	}
}
