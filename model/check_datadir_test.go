package model

import "testing"

// Disk headroom was judged only against 2× the alarm limit: a 40 GiB data
// directory on a disk with 10 GiB free passed.
func TestDataDirRoom(t *testing.T) {
	const gib = 1 << 30
	node := Node{Name: "r1@h", DiskFree: 10 * gib, DiskFreeLimit: 1 * gib}
	tests := []struct {
		name string
		size int64
		want string // "" for no finding
	}{
		{"small data directory", 2 * gib, ""},
		{"a copy would reach the alarm", 9*gib + gib/2, CodeDiskHeadroom},
		{"a copy does not fit at all", 40 * gib, CodeDiskHeadroom},
		{"size unknown", -1, CodeNotChecked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := DataDirRoom(node, tt.size)
			got := ""
			if f != nil {
				got = f.Code
			}
			if got != tt.want {
				t.Fatalf("got %q (%+v), want %q", got, f, tt.want)
			}
		})
	}
}
