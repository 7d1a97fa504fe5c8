package keys

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"github.com/warren-sre/warren/i18n"
)

// With --ascii every label in the footer and the help overlay is ASCII,
// and the keys themselves do not change.
func TestASCIILabels(t *testing.T) {
	unicode, ascii := DefaultKeyMap(), DefaultKeyMap().ASCII()
	tests := []struct {
		name string
		km   KeyMap
		want bool // every label is ASCII
	}{
		{"unicode keymap draws arrows", unicode, false},
		{"ascii keymap spells them out", ascii, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			allASCII := true
			for _, col := range tt.km.FullHelp() {
				for _, b := range col {
					for _, r := range b.Help().Key + b.Help().Desc {
						allASCII = allASCII && r < 128
					}
				}
			}
			if allASCII != tt.want {
				t.Errorf("all labels ASCII = %v, want %v", allASCII, tt.want)
			}
		})
	}
	if got, want := ascii.Up.Keys(), unicode.Up.Keys(); len(got) != len(want) || got[0] != want[0] {
		t.Errorf("ASCII changed the keys: %v, want %v", got, want)
	}
}

// Every binding's description comes from the catalog in each language: a
// missing entry would show its id in the footer and the help.
func TestDescriptionsAreTranslated(t *testing.T) {
	for _, lang := range i18n.Langs {
		km := reflect.ValueOf(New(i18n.For(lang)))
		for i := range km.NumField() {
			b := km.Field(i).Interface().(key.Binding)
			if d := b.Help().Desc; d == "" || strings.HasPrefix(d, "ui.key.") {
				t.Errorf("%s: %s has description %q", lang, km.Type().Field(i).Name, d)
			}
		}
	}
}

// The footer names what works where the keys go; help and quit lead, so a
// narrow footer cut on the right keeps them.
func TestFooterFollowsWhereTheKeysGo(t *testing.T) {
	km := DefaultKeyMap()
	tests := []struct {
		where   Where
		want    []string
		notWant []string
	}{
		{InChecklist, []string{"?", "q", "enter", "c", "x", "a", "R", "tab"}, []string{"/"}},
		{InDetail, []string{"esc", "↓/j"}, []string{"enter", "x"}},
		{InQueues, []string{"/", "esc"}, []string{"c", "x"}},
		{InNodes, []string{"p", "r", "R"}, []string{"c", "x", "/"}},
		{InFilter, []string{"enter", "esc"}, []string{"q"}},
		{InConfirm, []string{"y", "n"}, []string{"q"}},
		{InHelp, []string{"?/esc"}, []string{"tab"}},
	}
	for _, tt := range tests {
		var got []string
		for _, b := range km.Footer(tt.where) {
			got = append(got, b.Help().Key)
		}
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("where %d: footer %v lacks %q", tt.where, got, w)
			}
		}
		for _, w := range tt.notWant {
			if slices.Contains(got, w) {
				t.Errorf("where %d: footer %v offers %q", tt.where, got, w)
			}
		}
		if len(tt.want) > 4 && (got[0] != "?" || got[1] != "q") {
			t.Errorf("where %d: footer %v does not lead with help and quit", tt.where, got)
		}
	}
}
