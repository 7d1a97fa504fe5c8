package checklist

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/warren-sre/warren/steps"
)

// Watch opens a run read-only and follows its journal live, polling for
// appended records. It never takes the lock and never writes; Dispatch and
// every other change return ErrReadOnly. Close stops following.
func Watch(dir string, runbook []steps.Step, opts Options) (*Session, error) {
	s := newSession(dir, runbook, opts, true)
	path := filepath.Join(dir, JournalFile)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no run to follow in %s: %w", dir, err)
	}
	t := &tail{path: path}
	if err := s.poll(t); err != nil {
		return nil, err
	}
	s.stop, s.stopped = make(chan struct{}), make(chan struct{})
	go s.follow(t)
	return s, nil
}

// tail remembers how far a follower has read.
type tail struct {
	path   string
	offset int64
	line   int
}

func (s *Session) follow(t *tail) {
	defer close(s.stopped)
	tick := time.NewTicker(s.opts.PollInterval)
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-tick.C:
			if err := s.poll(t); err != nil {
				s.addProblem(Problem{Line: t.line, Reason: "following stopped being possible: " + err.Error()})
			}
		}
	}
}

func (s *Session) addProblem(p Problem) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := len(s.problems); n == 0 || s.problems[n-1] != p {
		s.problems = append(s.problems, p)
		s.notify()
	}
}

// poll reads complete new lines and refreshes who drives. A partial last
// line is left for the next poll: the driver may be writing it right now.
func (s *Session) poll(t *tail) error {
	s.refreshDriver()
	f, err := openJournalFile(t.path, os.O_RDONLY)
	if err != nil {
		return err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() < t.offset {
		// The driver cut a torn tail on resume: start over.
		t.offset, t.line = 0, 0
		s.mu.Lock()
		s.state, s.problems = NewState(), nil
		s.mu.Unlock()
	}
	if _, err := f.Seek(t.offset, io.SeekStart); err != nil {
		return err
	}
	return s.readFrom(t, bufio.NewReader(f))
}

func (s *Session) readFrom(t *tail, r *bufio.Reader) error {
	jr := &journalReader{r: r, line: t.line, offset: t.offset}
	changed := false
	defer func() {
		t.offset, t.line = jr.offset, jr.line
		if changed {
			s.notify()
		}
	}()
	for {
		rec, problem, _, err := jr.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if problem != nil {
			s.addProblem(*problem)
			continue
		}
		s.mu.Lock()
		s.state.Apply(rec)
		s.mu.Unlock()
		changed = true
	}
}

// refreshDriver reads the lock: a follower shows who drives, and whether
// that driver is still alive.
func (s *Session) refreshDriver() {
	h, err := ReadLock(s.dir)
	live := err == nil && !isStale(h, s.opts.Host, s.opts.processAlive)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.live = live
	if err == nil {
		s.state.Driver = h
	}
}
