package styles

// Glyphs are the symbols that go with state words. An ASCII set exists for
// terminals and fonts without the Unicode ones.
type Glyphs struct {
	Pending, Running, Passed, Failed, Skipped, Acked, Interrupted string
	NodeUp, NodeDown, NodeMaint, NodeUnknown, NodeUnreachable     string
	Expanded, Collapsed, Cursor, Current, Marker, Separator       string
	Rule, Branch, Arrow                                           string
	// The latency chart: its axes, the p99 band and a step mark's line.
	AxisTop, AxisV, AxisCorner, Band, MarkLine string
	Spark                                      []string
}

// NewGlyphs returns the Unicode set, or the ASCII one when ascii is set.
func NewGlyphs(ascii bool) Glyphs {
	if ascii {
		return Glyphs{
			Pending: "o", Running: "~", Passed: "+", Failed: "x", Skipped: "-", Acked: "!", Interrupted: "?",
			NodeUp: "+", NodeDown: "X", NodeMaint: "m", NodeUnknown: ".", NodeUnreachable: "?",
			Expanded: "v", Collapsed: ">", Cursor: ">", Current: "*", Marker: "!", Separator: "|",
			Rule: "-", Branch: "`-", Arrow: "->", Spark: []string{"_", ".", "-", "=", "#"},
			AxisTop: "+", AxisV: "|", AxisCorner: "+", Band: ":", MarkLine: "|",
		}
	}
	return Glyphs{
		Pending: "○", Running: "◔", Passed: "✓", Failed: "✗", Skipped: "⊘", Acked: "⚑", Interrupted: "⚠",
		NodeUp: "●", NodeDown: "✗", NodeMaint: "◐", NodeUnknown: "·", NodeUnreachable: "?",
		Expanded: "▾", Collapsed: "▸", Cursor: "›", Current: "▶", Marker: "▌", Separator: "│",
		Rule: "─", Branch: "└", Arrow: "→", Spark: []string{"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"},
		AxisTop: "┤", AxisV: "│", AxisCorner: "└", Band: "░", MarkLine: "┊",
	}
}
