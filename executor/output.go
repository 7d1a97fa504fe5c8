package executor

import "fmt"

// Output is a bounded capture of one stream: the first and last bytes of it,
// with the size of what was dropped in between.
type Output struct {
	Text         string `json:"text"`
	TotalBytes   int64  `json:"total_bytes"`
	OmittedBytes int64  `json:"omitted_bytes,omitempty"`
}

// DefaultOutputLimit is how many bytes are kept at each end of a stream.
const DefaultOutputLimit = 32 << 10

// boundedBuffer keeps the first limit bytes and the last limit bytes written
// to it, so a chatty command cannot eat memory while its start (what it was
// doing) and its end (how it failed) are both kept.
type boundedBuffer struct {
	limit int
	head  []byte
	tail  []byte // ring buffer of up to limit bytes
	next  int    // write position in tail once it is full
	total int64
}

func newBoundedBuffer(limit int) *boundedBuffer {
	if limit <= 0 {
		limit = DefaultOutputLimit
	}
	return &boundedBuffer{limit: limit}
}

// Write never fails, so a command is never killed by a full capture.
func (b *boundedBuffer) Write(p []byte) (int, error) {
	n := len(p)
	b.total += int64(n)
	if room := b.limit - len(b.head); room > 0 {
		take := min(room, len(p))
		b.head = append(b.head, p[:take]...)
		p = p[take:]
	}
	b.writeTail(p)
	return n, nil
}

func (b *boundedBuffer) writeTail(p []byte) {
	if len(p) >= b.limit {
		b.tail = append(b.tail[:0], p[len(p)-b.limit:]...)
		b.next = 0
		return
	}
	if room := b.limit - len(b.tail); room > 0 {
		take := min(room, len(p))
		b.tail = append(b.tail, p[:take]...)
		p = p[take:]
	}
	for len(p) > 0 {
		copied := copy(b.tail[b.next:], p)
		p = p[copied:]
		b.next = (b.next + copied) % b.limit
	}
}

// Output returns the capture; a marker stands where bytes were dropped.
func (b *boundedBuffer) Output() Output {
	kept := int64(len(b.head) + len(b.tail))
	out := Output{TotalBytes: b.total, OmittedBytes: b.total - kept}
	tail := append(append([]byte(nil), b.tail[b.next:]...), b.tail[:b.next]...)
	if out.OmittedBytes == 0 {
		out.Text = string(b.head) + string(tail)
		return out
	}
	out.Text = fmt.Sprintf("%s\n[... %d bytes omitted ...]\n%s", b.head, out.OmittedBytes, tail)
	return out
}
