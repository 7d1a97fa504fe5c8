package ui

import (
	"bytes"
	"io"
	"sync"
)

// syncWriter lets the test read what the program writes from another goroutine.
type syncWriter struct{ buf *bytes.Buffer }

var outMu sync.Mutex

func (w *syncWriter) Write(p []byte) (int, error) {
	outMu.Lock()
	defer outMu.Unlock()
	return w.buf.Write(p)
}

func out2(b *bytes.Buffer) string {
	outMu.Lock()
	defer outMu.Unlock()
	return b.String()
}

// ioPipe is a fake keyboard: typeKey writes keystrokes the program reads.
func ioPipe() (io.Reader, func(string)) {
	r, w := io.Pipe()
	return r, func(s string) { go w.Write([]byte(s)) }
}
