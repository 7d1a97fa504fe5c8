package ui

import (
	"context"
	"github.com/warren-sre/warren/goldentest"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warren-sre/warren/i18n"
)

// newTestModel is the cockpit fed with a fixture, at a size, with the
// fixed clock and the fake runbook.
func newTestModel(t testing.TB, fixture, background string, w, h int) (Model, *fakeRunbook) {
	t.Helper()
	return newTestModelIn(t, i18n.English, fixture, background, w, h)
}

// newTestModelIn is newTestModel in a language.
func newTestModelIn(t testing.TB, lang i18n.Lang, fixture, background string, w, h int) (Model, *fakeRunbook) {
	t.Helper()
	snap := loadSnapshot(t, fixture)
	now := fixedNow(t, snap)
	rb := &fakeRunbook{sections: labSections(now())}
	m := New(context.Background(), Options{Now: now, Background: background, Target: "lab", Lang: lang}, rb)
	m = step(t, m, snap)
	m = step(t, m, readRunbook(rb))
	m = step(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m, rb
}

// step applies one message and returns the updated root model.
func step(t testing.TB, m Model, msg tea.Msg) Model {
	t.Helper()
	next, _ := m.Update(msg)
	return next.(Model)
}

func TestGoldenScreens(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 24}, {120, 40}, {160, 48}}
	fixtures := []string{"snapshot-lab.json", "snapshot-node2-down.json"}
	for _, fx := range fixtures {
		for _, bg := range []string{"dark", "light"} {
			for _, sz := range sizes {
				name := strings.TrimSuffix(fx, ".json") + "-" + bg + "-" + itoa(sz.w) + "x" + itoa(sz.h)
				t.Run(name, func(t *testing.T) {
					m, _ := newTestModel(t, fx, bg, sz.w, sz.h)
					screen := m.Render()
					assertFits(t, screen, sz.w, sz.h)
					assertGolden(t, name, ansi.Strip(screen))
				})
			}
		}
	}
}

// The narrow layout shows one pane at a time: each tab gets its own golden.
func TestGoldenNarrowTabs(t *testing.T) {
	for i, name := range []string{"nodes", "queues", "latency"} {
		t.Run(name, func(t *testing.T) {
			m, _ := newTestModel(t, "snapshot-node2-down.json", "dark", 80, 24)
			for range i + 1 {
				m = step(t, m, press("tab"))
			}
			screen := m.Render()
			assertFits(t, screen, 80, 24)
			assertGolden(t, "node2-down-80x24-tab-"+name, ansi.Strip(screen))
		})
	}
}

// Dark and light differ only in colour, so the stripped goldens match; the
// styled screens must not.
func TestBackgroundChangesColoursNotText(t *testing.T) {
	dark, _ := newTestModel(t, "snapshot-node2-down.json", "dark", 160, 48)
	light, _ := newTestModel(t, "snapshot-node2-down.json", "light", 160, 48)
	if dark.Render() == light.Render() {
		t.Fatal("dark and light screens are styled identically")
	}
	if ansi.Strip(dark.Render()) != ansi.Strip(light.Render()) {
		t.Fatal("dark and light screens differ in text")
	}
}

// assertFits: exactly h lines, none wider than w cells (a CJK character
// counts two), none cut inside a character or a message id left untranslated.
func assertFits(t *testing.T, screen string, w, h int) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) != h {
		t.Errorf("screen has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got > w {
			t.Errorf("line %d is %d cells wide, want ≤ %d: %q", i, got, w, ansi.Strip(l))
		}
		if !utf8.ValidString(l) || strings.ContainsRune(l, utf8.RuneError) {
			t.Errorf("line %d has a broken character: %q", i, ansi.Strip(l))
		}
		if id := messageID.FindString(ansi.Strip(l)); id != "" {
			t.Errorf("line %d shows the message id %s instead of its text: %q", i, id, ansi.Strip(l))
		}
	}
}

// messageID is what a missing catalog entry looks like on screen.
var messageID = regexp.MustCompile(`\bui\.[a-z-]+\.[a-z.-]+`)

// The cockpit in Chinese at every size, and English beside it: the same
// screens, every word from the catalogs, nothing wider than the terminal.
func TestGoldenLanguages(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 24}, {120, 40}, {160, 48}}
	for _, lang := range i18n.Langs {
		for _, sz := range sizes {
			name := "lang-" + string(lang) + "-node2-down-" + itoa(sz.w) + "x" + itoa(sz.h)
			t.Run(name, func(t *testing.T) {
				m, _ := newTestModelIn(t, lang, "snapshot-node2-down.json", "dark", sz.w, sz.h)
				m = withSession(t, m)
				screen := m.Render()
				assertFits(t, screen, sz.w, sz.h)
				assertGolden(t, name, ansi.Strip(screen))
			})
		}
		for _, keys := range [][]string{{"?"}, {"tab", "tab", "tab"}, {"tab", "tab"}} {
			name := "lang-" + string(lang) + "-80x24-" + map[string]string{"?": "help", "tab": "tabs" + itoa(len(keys))}[keys[0]]
			t.Run(name, func(t *testing.T) {
				m, _ := newTestModelIn(t, lang, "snapshot-node2-down.json", "dark", 80, 24)
				m = keysThen(t, withSession(t, m), keys...)
				screen := m.Render()
				assertFits(t, screen, 80, 24)
				assertGolden(t, name, ansi.Strip(screen))
			})
		}
	}
}

// The detail view, the help overlay and a too-small terminal at 80×24.
func TestGoldenOverlays(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		w, h int
	}{
		{"detail-quorum-gate-80x24", []string{"k", "enter"}, 80, 24},
		{"detail-scrolled-80x24", []string{"k", "enter", "j", "j", "j"}, 80, 24},
		{"help-80x24", []string{"?"}, 80, 24},
		{"too-small-50x12", nil, 50, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newTestModel(t, "snapshot-node2-down.json", "dark", tt.w, tt.h)
			for _, k := range tt.keys {
				m = step(t, m, press(k))
			}
			assertGolden(t, tt.name, ansi.Strip(m.Render()))
		})
	}
}

func assertGolden(t *testing.T, name, got string) { goldentest.Assert(t, name+".golden", got) }
