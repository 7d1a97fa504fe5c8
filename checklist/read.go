package checklist

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Problem is something wrong in a journal that replay worked around. It is
// shown to the operator, never hidden and never a panic.
type Problem struct {
	Line   int    `json:"line"`
	Torn   bool   `json:"torn"` // the last line was cut short (a crash mid-write)
	Reason string `json:"reason"`
}

func (p Problem) String() string {
	if p.Torn {
		return fmt.Sprintf("journal line %d: torn last record ignored (warren stopped mid-write): %s", p.Line, p.Reason)
	}
	return fmt.Sprintf("journal line %d: unreadable record skipped: %s", p.Line, p.Reason)
}

// journalReader reads records line by line, remembering how far it got so a
// follower can continue from there.
type journalReader struct {
	r      *bufio.Reader
	line   int
	offset int64 // bytes consumed up to the end of the last complete line
}

// next returns the next record. A line without its newline at the end of the
// file is returned as pending (torn or still being written); the reader does
// not consume it.
func (jr *journalReader) next() (rec Record, problem *Problem, pending []byte, err error) {
	for {
		raw, err := jr.r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return Record{}, nil, raw, io.EOF
		}
		if err != nil {
			return Record{}, nil, nil, err
		}
		jr.line++
		jr.offset += int64(len(raw))
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}
		if err := json.Unmarshal(raw, &rec); err != nil {
			return Record{}, &Problem{Line: jr.line, Reason: err.Error()}, nil, nil
		}
		if rec.Kind == "" {
			return Record{}, &Problem{Line: jr.line, Reason: "record has no kind"}, nil, nil
		}
		if jr.line == 1 && rec.Seq != 1 {
			return Record{}, &Problem{Line: jr.line, Reason: fmt.Sprintf("first record has number %d, not 1", rec.Seq)}, nil, nil
		}
		return rec, nil, nil, nil
	}
}

// tornProblem describes a trailing partial line.
func tornProblem(line int, tail []byte) Problem {
	const show = 80
	if len(tail) > show {
		tail = tail[:show]
	}
	return Problem{Line: line, Torn: true, Reason: fmt.Sprintf("%d bytes without a line end: %q", len(tail), tail)}
}

// readAll feeds every readable record of path to fn and reports problems.
// It returns the offset of the end of the last complete line.
func readAll(path string, fn func(Record)) ([]Problem, int64, error) {
	f, err := openJournalFile(path, os.O_RDONLY)
	if err != nil {
		return nil, 0, fmt.Errorf("open journal: %w", err)
	}
	defer f.Close()
	jr := &journalReader{r: bufio.NewReaderSize(f, 256<<10)}
	var problems []Problem
	for {
		rec, problem, pending, err := jr.next()
		if errors.Is(err, io.EOF) {
			if len(bytes.TrimSpace(pending)) > 0 {
				problems = append(problems, tornProblem(jr.line+1, pending))
			}
			return problems, jr.offset, nil
		}
		if err != nil {
			return problems, jr.offset, fmt.Errorf("read journal %s: %w", path, err)
		}
		if problem != nil {
			problems = append(problems, *problem)
			continue
		}
		fn(rec)
	}
}

// errNotAJournal: the file's first line is not warren's first record.
var errNotAJournal = errors.New("not a warren journal")

// checkIsJournal refuses to resume a file whose first line is not a warren
// record numbered 1: any file in the way is not a run to continue (and
// must not be cut as a "torn tail"). A torn first record, warren stopped
// while writing it, starts as every record does.
func checkIsJournal(path string, problems []Problem) error {
	if len(problems) == 0 || problems[0].Line != 1 {
		return nil
	}
	if problems[0].Torn && startsLikeARecord(path) {
		return nil
	}
	return fmt.Errorf("%s: %w (line 1: %s); use a new run directory", path, errNotAJournal, problems[0].Reason)
}

// recordStart is how a journal's first record begins: records are
// re-encoded from a map after scrubbing, so their keys are sorted, and only
// "ack" (never in a first record) sorts before "at".
const recordStart = `{"at":"`

func startsLikeARecord(path string) bool {
	f, err := openJournalFile(path, os.O_RDONLY)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(recordStart))
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == recordStart
}

// Records reads every readable record of the run in dir, in order.
func Records(dir string) ([]Record, []Problem, error) {
	var recs []Record
	problems, _, err := readAll(filepath.Join(dir, JournalFile), func(r Record) { recs = append(recs, r) })
	return recs, problems, err
}

// Replay rebuilds a run's state from its journal. An action whose start is
// journaled but whose end is not is marked Interrupted: warren died during
// it, and it must be re-verified rather than re-run.
func Replay(dir string) (State, []Problem, error) {
	st := NewState()
	problems, _, err := readAll(filepath.Join(dir, JournalFile), st.Apply)
	if err != nil {
		return State{}, problems, err
	}
	st.markInterrupted()
	return *st, problems, nil
}
