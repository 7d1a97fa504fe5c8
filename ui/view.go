package ui

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/ui/panes"
)

// View renders the whole screen. It reads the clock once, through Options.
func (m Model) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	return v
}

// Render is the screen as text (with styles), exactly height lines.
func (m Model) Render() string {
	kind := layoutFor(m.width, m.height)
	if kind == layoutTooSmall {
		return m.tooSmall()
	}
	m.now = m.opts.now() // the one clock reading of this frame
	w, body := m.width, m.height-chromeHeight
	lines := []string{m.titleBar(w)}
	alert := m.alertLines(w)
	lines, body = append(lines, alert...), body-len(alert)
	switch {
	case m.overlay == overlayHelp:
		lines = append(lines, panes.FitLines(m.helpLines(), w, body)...)
	case kind == layoutWide:
		lines = append(lines, m.wideBody(w, body)...)
	case kind == layoutMedium:
		lines = append(lines, m.mediumBody(w, body)...)
	default:
		lines = append(lines, m.narrowBody(w, body)...)
	}
	lines = append(lines, panes.Fit(m.statusLine(), w), panes.Fit(m.help.ShortHelpView(m.keys.ShortHelp()), w))
	return strings.Join(lines, "\n")
}

func (m Model) tooSmall() string {
	msg := "terminal too small (need " + strconv.Itoa(MinWidth) + "×" + strconv.Itoa(MinHeight) +
		", have " + strconv.Itoa(m.width) + "×" + strconv.Itoa(m.height) + ")"
	return msg + "\nenlarge the window, or use `warren status` · q quits"
}

func (m Model) wideBody(w, h int) []string {
	left := checklistWidth(w)
	right := w - left - 1
	lc := m.ctxPane(focusChecklist, m.now)
	nodesH := min(h/3, 3+2*len(m.nodes.Rows()))
	greenH := m.greenHeight(h)
	latencyH := min(h/3, 10)
	queuesH := h - nodesH - greenH - latencyH - 2
	rc := m.rightColumn(right, nodesH, greenH, queuesH, latencyH)
	return joinColumns(m.list.View(lc), rc, m.sep())
}

// greenHeight is the room of a blue-green run's green nodes (a rule, the
// header, the columns and one line per node), none otherwise.
func (m Model) greenHeight(h int) int {
	if n := len(m.green.Rows()); n > 0 {
		return min(h/4, 3+n)
	}
	return 0
}

func (m Model) rightColumn(w, nodesH, greenH, queuesH, latencyH int) []string {
	rule := m.st.Border.Render(strings.Repeat(m.st.Glyphs.Rule, w))
	out := m.nodes.View(m.ctxPane(focusNodes, m.now), w, nodesH)
	// Green's panes are shown, never focused: they are not the run's.
	unfocused := m.ctxPane(focusNodes, m.now)
	unfocused.Focused = false
	if greenH > 0 {
		out = append(out, rule)
		out = append(out, m.green.View(unfocused, w, greenH-1)...)
	}
	out = append(out, rule)
	if greenH > 0 && queuesH >= 10 {
		// Blue's queues above green's: the same queue falls on one and
		// rises on the other.
		blueH := queuesH / 2
		out = append(out, m.queues.View(m.ctxPane(focusQueues, m.now), w, blueH)...)
		out = append(out, rule)
		out = append(out, m.greenQueues.View(unfocused, w, queuesH-blueH-1)...)
	} else {
		out = append(out, m.queues.View(m.ctxPane(focusQueues, m.now), w, queuesH)...)
	}
	out = append(out, rule)
	return append(out, m.latency.View(m.ctxPane(focusLatency, m.now), w, latencyH)...)
}

func (m Model) mediumBody(w, h int) []string {
	left := checklistWidth(w)
	right := w - left - 1
	rc := []string{panes.Fit(m.tabs(focusNodes), right)}
	rc = append(rc, m.paneView(m.pane, right, h-1)...)
	return joinColumns(m.list.View(m.ctxPane(focusChecklist, m.now)), rc, m.sep())
}

func (m Model) narrowBody(w, h int) []string {
	out := []string{panes.Fit(m.tabs(focusChecklist), w)}
	if m.focus == focusChecklist {
		return append(out, m.list.View(m.ctxPane(focusChecklist, m.now))...)
	}
	return append(out, m.paneView(m.focus, w, h-1)...)
}

func (m Model) paneView(f focus, w, h int) []string {
	c := m.ctxPane(f, m.now)
	switch f {
	case focusQueues:
		return m.queues.View(c, w, h)
	case focusLatency:
		return m.latency.View(c, w, h)
	}
	return m.nodes.View(c, w, h)
}

// tabs names the panes from first onwards; the shown one is highlighted.
func (m Model) tabs(first focus) string {
	shown := m.focus
	if first != focusChecklist {
		shown = m.pane
	}
	var parts []string
	for f := first; f < focusCount; f++ {
		name := " " + focusNames[f] + " "
		if f == shown {
			parts = append(parts, m.st.TabActive.Render("["+focusNames[f]+"]"))
		} else {
			parts = append(parts, m.st.Tab.Render(name))
		}
	}
	return strings.Join(parts, " ") + m.st.Muted.Render("  (tab)")
}

func (m Model) sep() string { return m.st.Border.Render(m.st.Glyphs.Separator) }

func joinColumns(left, right []string, sep string) []string {
	out := make([]string, len(left))
	for i := range left {
		r := ""
		if i < len(right) {
			r = right[i]
		}
		out[i] = left[i] + sep + r
	}
	return out
}

// titleBar names the cluster and says the few things that must never be
// missed: nodes not running, paused polling, follower mode. When the line
// is too long the cluster's name and version go first, never an alert.
func (m Model) titleBar(w int) string {
	sep := m.st.Muted.Render(" · ")
	alerts := []string{m.nodeAlert()}
	if len(m.alerts) > 0 {
		alerts = append([]string{m.st.Banner.Render(" TRIGGER " + m.alerts[len(m.alerts)-1].Name + " ")}, alerts...)
	}
	if m.rollbackActive {
		alerts = append(alerts, m.st.Banner.Render(" ROLLING BACK "))
	}
	if m.opts.Insecure {
		alerts = append(alerts, m.st.Banner.Render(" TLS NOT VERIFIED (--insecure) "))
	}
	if m.paused {
		alerts = append(alerts, m.st.Banner.Render(" PAUSED "))
	}
	if m.readOnly {
		alerts = append(alerts, m.st.Banner.Render(" READ-ONLY ")+m.st.Muted.Render(" driven by "+m.driver))
	}
	about := m.clusterAbout()
	var line string
	for n := len(about); n >= 0; n-- {
		parts := append(append([]string{m.st.Title.Render("warren")}, about[:n]...), alerts...)
		if line = strings.Join(parts, sep); ansi.StringWidth(line) <= w {
			break
		}
	}
	return panes.Fit(line, w)
}

// clusterAbout names the cluster and its version, most useful first.
func (m Model) clusterAbout() []string {
	var about []string
	ov := m.queues.Overview().Value
	if name := firstNonEmpty(m.opts.Target, ov.ClusterName); name != "" {
		about = append(about, name)
	}
	if ov.RabbitVersion != "" {
		about = append(about, "RabbitMQ "+ov.RabbitVersion)
	}
	return about
}

func (m Model) nodeAlert() string {
	running, total, others := m.nodes.Summary()
	if total == 0 {
		return m.st.Muted.Render("nodes: waiting")
	}
	s := "nodes " + strconv.Itoa(running) + "/" + strconv.Itoa(total) + " running"
	if len(others) == 0 {
		return m.st.OK.Render(s)
	}
	for _, n := range others {
		s += " " + m.st.Glyphs.NodeDown + " " + n.Name + " " + strings.ToUpper(n.Effective.String())
	}
	return m.st.Bad.Render(s)
}

func (m Model) statusLine() string {
	switch {
	case m.overlay == overlayQuit:
		return m.st.Bad.Render("An action is running. Quit anyway? y/n")
	case m.overlay == overlayPrompt:
		return m.promptLine()
	case m.filter != nil:
		return m.st.Title.Render("/") + *m.filter + "█" + m.st.Muted.Render("  enter keeps · esc clears")
	case m.bad:
		return m.st.Bad.Render(m.status)
	}
	return m.st.Muted.Render(m.status)
}

func (m Model) promptLine() string {
	p := m.prompt
	switch p.kind {
	case promptWord:
		return m.st.Bad.Render("One-way door: type "+p.want+" to run "+p.title+": ") + p.text + "█" + m.st.Muted.Render(" esc cancels")
	case promptReason:
		return m.st.Warn.Render("Why acknowledge "+p.title+"? ") + p.text + "█" + m.st.Muted.Render(" enter · esc")
	case promptRollbackWord:
		return m.st.Bad.Render("Begin the rollback (locks the forward steps): type "+p.want+": ") + p.text + "█" + m.st.Muted.Render(" esc cancels")
	case promptRollbackReason:
		return m.st.Bad.Render("Why roll back? ") + p.text + "█" + m.st.Muted.Render(" enter · esc")
	}
	return m.st.Warn.Render("Run " + p.title + "? y/n")
}

func (m Model) helpLines() []string {
	lines := []string{m.st.Title.Render("Keys") + m.st.Muted.Render(" · ? or esc closes"), ""}
	lines = append(lines, strings.Split(m.help.FullHelpView(m.keys.FullHelp()), "\n")...)
	return append(lines, "", m.st.Muted.Render("States are shown by word and glyph; colour only repeats them."))
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// alertLines show the newest fired trigger with its evidence until a
// rollback handles it: what fired and the evidence in full words (wrapped,
// since the node's own reason is the point), then what the operator can do.
// At most maxAlertEvidence evidence rows, so the panes keep their room.
func (m Model) alertLines(w int) []string {
	if len(m.alerts) == 0 || w <= 4 {
		return nil
	}
	a := m.alerts[len(m.alerts)-1]
	lines := []string{panes.Fit(m.st.Bad.Render(m.st.Glyphs.NodeDown+" ROLLBACK TRIGGER "+a.Name+": ")+model.Printable(a.Summary), w)}
	var ev []string
	for _, e := range a.Evidence {
		ev = append(ev, strings.Split(ansi.Wrap(model.Printable(e), w-2, " |"), "\n")...)
	}
	if len(ev) > maxAlertEvidence {
		ev = append(ev[:maxAlertEvidence-1], ev[maxAlertEvidence-1]+" …")
	}
	for _, e := range ev {
		lines = append(lines, panes.Fit("  "+e, w))
	}
	how := m.keys.Rollback.Help()
	return append(lines, panes.Fit(m.st.Muted.Render("  "+how.Key+" "+how.Desc+" (typed confirmation), or fix the cause and carry on"), w))
}

// maxAlertEvidence bounds the alert's evidence rows.
const maxAlertEvidence = 4

// alertHeight is how many rows the trigger alert takes (0 without one).
func (m Model) alertHeight() int { return len(m.alertLines(m.width)) }
