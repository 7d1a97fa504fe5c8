package executor

import (
	"strings"
	"testing"
)

func TestBoundedBuffer(t *testing.T) {
	tests := []struct {
		name     string
		limit    int
		writes   []string
		want     string
		omitted  int64
		totalLen int64
	}{
		{"fits", 4, []string{"ab", "cd"}, "abcd", 0, 4},
		{"head and tail exactly", 4, []string{"abcdefgh"}, "abcdefgh", 0, 8},
		{"middle dropped in one write", 3, []string{"abcXXXXxyz"}, "abc\n[... 4 bytes omitted ...]\nxyz", 4, 10},
		{"middle dropped across writes", 3, []string{"ab", "cX", "XX", "Xx", "y", "z"}, "abc\n[... 4 bytes omitted ...]\nxyz", 4, 10},
		{"ring wraps many times", 2, []string{"ab", "1", "2", "3", "4", "5", "yz"}, "ab\n[... 5 bytes omitted ...]\nyz", 5, 9},
		{"empty", 4, nil, "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBoundedBuffer(tt.limit)
			for _, w := range tt.writes {
				if n, err := b.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", w, n, err)
				}
			}
			out := b.Output()
			if out.Text != tt.want || out.OmittedBytes != tt.omitted || out.TotalBytes != tt.totalLen {
				t.Errorf("got %+v, want text %q omitted %d total %d", out, tt.want, tt.omitted, tt.totalLen)
			}
		})
	}
}

func TestBoundedBufferKeepsMemoryBounded(t *testing.T) {
	b := newBoundedBuffer(1024)
	chunk := []byte(strings.Repeat("x", 4096))
	for range 1000 {
		_, _ = b.Write(chunk)
	}
	if cap(b.head) > 2048 || cap(b.tail) > 2048 {
		t.Errorf("buffers grew: head cap %d, tail cap %d", cap(b.head), cap(b.tail))
	}
	if got := b.Output().TotalBytes; got != 4096*1000 {
		t.Errorf("total = %d", got)
	}
}

// BenchmarkBoundedBufferWrite measures capture throughput of a chatty command.
func BenchmarkBoundedBufferWrite(b *testing.B) {
	chunk := []byte(strings.Repeat("log line from rabbitmq\n", 180)) // ~4 KiB
	b.SetBytes(int64(len(chunk)))
	b.ReportAllocs()
	buf := newBoundedBuffer(DefaultOutputLimit)
	for b.Loop() {
		_, _ = buf.Write(chunk)
	}
}
