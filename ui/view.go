package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/ui/keys"
	"github.com/warren-sre/warren/ui/panes"
)

// View renders the whole screen. It reads the clock once, through Options.
func (m Model) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	return v
}

// Render is the screen as text (with styles), exactly height lines, none
// wider than the terminal: every width is measured in cells (a Chinese
// character takes two), and lines are cut on a character, never inside one.
func (m Model) Render() string {
	kind := m.layout()
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
	lines = append(lines, panes.Fit(m.statusLine(), w), panes.Fit(m.footer(), w))
	return strings.Join(lines, "\n")
}

// tooSmall says what size is needed, cut to the terminal it is shown on.
func (m Model) tooSmall() string {
	msg := m.t("ui.too-small", map[string]any{"NeedW": MinWidth, "NeedH": MinHeight, "W": m.width, "H": m.height})
	hint := m.t("ui.too-small-hint", map[string]any{"Quit": keys.Hint(m.keys.Quit)})
	return ansi.Wrap(msg, m.width, " ") + "\n" + ansi.Wrap(hint, m.width, " ")
}

// footer names the keys that work where the keys go now.
func (m Model) footer() string {
	return m.help.ShortHelpView(m.keys.Footer(m.where()))
}

// where says what takes the keys: an overlay, the filter, or the focus.
func (m Model) where() keys.Where {
	switch {
	case m.overlay == overlayHelp:
		return keys.InHelp
	case m.overlay == overlayQuit:
		return keys.InConfirm
	case m.overlay == overlayPrompt && m.prompt.kind == promptConfirm:
		return keys.InConfirm
	case m.overlay == overlayPrompt:
		return keys.InTyping
	case m.filter != nil:
		return keys.InFilter
	}
	switch m.focus {
	case focusNodes:
		return keys.InNodes
	case focusQueues:
		return keys.InQueues
	case focusLatency:
		return keys.InLatency
	}
	if m.list.InDetail() {
		return keys.InDetail
	}
	return keys.InChecklist
}

func (m Model) wideBody(w, h int) []string {
	left := checklistWidth(w)
	right := w - left - 1
	lc := m.ctxPane(focusChecklist, m.now)
	nodesH, greenH, queuesH, latencyH := m.stackHeights(h)
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
	rule := m.rule(w)
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

func (m Model) rule(w int) string {
	return m.st.Border.Render(strings.Repeat(m.st.Glyphs.Rule, w))
}

func (m Model) mediumBody(w, h int) []string {
	left := checklistWidth(w)
	right := w - left - 1
	rc := []string{panes.Fit(m.tabs(), right)}
	rc = append(rc, m.paneView(m.pane, right, h-1)...)
	return joinColumns(m.list.View(m.ctxPane(focusChecklist, m.now)), rc, m.sep())
}

// narrowBody stacks the checklist above one live pane (the nodes unless
// the operator tabbed to another): both stay in sight on 80×24.
func (m Model) narrowBody(w, h int) []string {
	out := m.list.View(m.ctxPane(focusChecklist, m.now))
	if m.narrowDetail() {
		return out // the operator opened a step to read it: it gets the room
	}
	out = append(out, panes.Fit(m.tabs(), w))
	return append(out, m.paneView(m.pane, w, m.narrowPaneHeight(h))...)
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

// tabs names the live panes; the one shown is highlighted, and the key that
// moves between them comes from the keymap.
func (m Model) tabs() string {
	var parts []string
	for f := focusNodes; f < focusCount; f++ {
		name := m.t(focusNames[f])
		if f == m.pane {
			parts = append(parts, m.st.TabActive.Render("["+name+"]"))
		} else {
			parts = append(parts, m.st.Tab.Render(" "+name+" "))
		}
	}
	return strings.Join(parts, " ") + m.st.Muted.Render("  ("+keys.Hint(m.keys.NextFocus)+")")
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
		name := model.Printable(m.alerts[len(m.alerts)-1].Name)
		alerts = append([]string{m.banner(m.t("ui.title.trigger", map[string]any{"Name": name}))}, alerts...)
	}
	if m.rollbackActive {
		alerts = append(alerts, m.banner(m.t("ui.title.rolling-back")))
	}
	if m.opts.Insecure {
		alerts = append(alerts, m.banner(m.t("ui.title.insecure")))
	}
	if m.paused {
		alerts = append(alerts, m.banner(m.t("ui.title.paused")))
	}
	if m.readOnly {
		alerts = append(alerts, m.banner(m.t("ui.title.read-only"))+
			m.st.Muted.Render(" "+m.t("ui.title.driven-by", map[string]any{"Driver": m.driver})))
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

func (m Model) banner(s string) string { return m.st.Banner.Render(" " + s + " ") }

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
		return m.st.Muted.Render(m.t("ui.title.nodes-waiting"))
	}
	s := m.t("ui.title.nodes", map[string]any{"Running": running, "Total": total})
	if len(others) == 0 {
		return m.st.OK.Render(s)
	}
	c := m.ctxPane(focusNodes, m.now)
	for _, n := range others {
		s += " " + m.st.Glyphs.NodeDown + " " + n.Name + " " + panes.StateWord(c, n.Effective)
	}
	return m.st.Bad.Render(s)
}

func (m Model) statusLine() string {
	switch {
	case m.overlay == overlayQuit:
		return m.st.Bad.Render(m.t("ui.prompt.quit-anyway"))
	case m.overlay == overlayPrompt:
		return m.promptLine()
	case m.filter != nil:
		return m.st.Title.Render("/") + *m.filter + "█"
	case m.bad:
		return m.st.Bad.Render(m.status)
	}
	return m.st.Muted.Render(m.status)
}

// promptLine asks on the status line; the keys that answer are in the footer.
func (m Model) promptLine() string {
	p := m.prompt
	data := map[string]any{"Title": p.title, "Word": p.want}
	typed := p.text + "█"
	switch p.kind {
	case promptWord:
		return m.st.Bad.Render(m.t("ui.prompt.word", data)+" ") + typed
	case promptReason:
		return m.st.Warn.Render(m.t("ui.prompt.reason", data)+" ") + typed
	case promptRollbackWord:
		return m.st.Bad.Render(m.t("ui.prompt.rollback-word", data)+" ") + typed
	case promptRollbackReason:
		return m.st.Bad.Render(m.t("ui.prompt.rollback-reason", data)+" ") + typed
	}
	return m.st.Warn.Render(m.t("ui.prompt.confirm", data))
}

func (m Model) helpLines() []string {
	lines := []string{m.st.Title.Render(m.t("ui.help.title")) + m.st.Muted.Render(" · "+keys.Hint(m.keys.CloseHelp)), ""}
	lines = append(lines, strings.Split(m.help.FullHelpView(m.keys.FullHelp()), "\n")...)
	return append(lines, "", m.st.Muted.Render(m.t("ui.help.states")))
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
	head := m.t("ui.alert.trigger", map[string]any{"Name": model.Printable(a.Name)})
	lines := []string{panes.Fit(m.st.Bad.Render(m.st.Glyphs.NodeDown+" "+head+" ")+model.Printable(a.Summary), w)}
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
	how := m.t("ui.alert.how", map[string]any{"Key": keys.Hint(m.keys.Rollback)})
	return append(lines, panes.Fit(m.st.Muted.Render("  "+how), w))
}

// maxAlertEvidence bounds the alert's evidence rows.
const maxAlertEvidence = 4

// alertHeight is how many rows the trigger alert takes (0 without one).
func (m Model) alertHeight() int { return len(m.alertLines(m.width)) }
