package checklist

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// JournalTail reads a run's journal incrementally: each Read returns only
// what was appended since the last one, with the lines that could not be
// read, so a watcher never re-reads the whole journal and never hides a
// garbage line. A last line without its end is held back: it may be a
// record being written; Torn reports it once it is known to be torn.
type JournalTail struct {
	path    string
	offset  int64
	line    int
	pending []byte
}

// NewJournalTail follows the journal of the run in dir from its start.
func NewJournalTail(dir string) *JournalTail {
	return &JournalTail{path: filepath.Join(dir, JournalFile)}
}

// Read returns the records and problems appended since the last Read.
func (t *JournalTail) Read() ([]Record, []Problem, error) {
	f, err := openJournalFile(t.path, os.O_RDONLY)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var problems []Problem
	if info, err := f.Stat(); err == nil && info.Size() < t.offset {
		problems = append(problems, Problem{Line: t.line, Reason: fmt.Sprintf("the journal shrank from %d to %d bytes; following from its new end", t.offset, info.Size())})
		t.offset, t.pending = info.Size(), nil
	}
	if _, err := f.Seek(t.offset, io.SeekStart); err != nil {
		return nil, problems, err
	}
	jr := &journalReader{r: bufio.NewReader(f), line: t.line, offset: t.offset}
	var recs []Record
	defer func() { t.offset, t.line = jr.offset, jr.line }()
	for {
		rec, problem, pending, err := jr.next()
		if errors.Is(err, io.EOF) {
			t.pending = bytes.TrimSpace(pending)
			return recs, problems, nil
		}
		if err != nil {
			return recs, problems, err
		}
		if problem != nil {
			problems = append(problems, *problem)
			continue
		}
		recs = append(recs, rec)
	}
}

// Torn reports the held-back last line as torn, if there is one: call it
// when no more can come (the driver is gone, or a one-shot read).
func (t *JournalTail) Torn() *Problem {
	if len(t.pending) == 0 {
		return nil
	}
	p := tornProblem(t.line+1, t.pending)
	return &p
}
