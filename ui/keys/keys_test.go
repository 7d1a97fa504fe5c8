package keys

import "testing"

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
