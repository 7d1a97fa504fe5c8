package checklist

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/warren-sre/warren/process"
	"github.com/warren-sre/warren/steps"
)

// Options configure a session. Zero values take sensible defaults.
type Options struct {
	// Info describes a new run (target, versions, executor). When resuming,
	// a non-empty Info.To or Info.Target must match the journal's.
	Info RunInfo
	User string // default: the login user
	Host string // default: os.Hostname
	// Clock is injected so tests and replays are deterministic.
	Clock func() time.Time
	// Secrets are literal strings never to be written (passwords, cookies).
	Secrets []string
	// PollInterval is how often a follower looks for new records.
	PollInterval time.Duration

	pid          int
	processAlive func(int) bool
}

func (o *Options) defaults() {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.User == "" {
		o.User = currentUser()
	}
	if o.Host == "" {
		o.Host, _ = os.Hostname()
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 250 * time.Millisecond
	}
	if o.pid == 0 {
		o.pid = os.Getpid()
	}
	if o.processAlive == nil {
		o.processAlive = process.Alive
	}
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// Session is one process's view of a run: a driver (holds the lock, may act)
// or a follower (read-only, follows the journal live). The UI and the
// headless command use the same type; only the driver can dispatch.
type Session struct {
	dir      string
	runbook  []steps.Step
	opts     Options
	me       Holder
	readOnly bool
	journal  *Journal
	scrub    Scrubber
	busy     atomic.Bool

	mu       sync.Mutex
	state    *State
	problems []Problem
	live     bool // follower: the driver's lock is held by a live process

	changes chan struct{}
	stop    chan struct{}
	stopped chan struct{}
}

func newSession(dir string, runbook []steps.Step, opts Options, readOnly bool) *Session {
	opts.defaults()
	s := &Session{
		dir: dir, runbook: runbook, opts: opts, readOnly: readOnly,
		me:      Holder{Host: opts.Host, User: opts.User, PID: opts.pid, Since: opts.Clock()},
		state:   NewState(),
		changes: make(chan struct{}, 1),
	}
	s.scrub.Add(opts.Secrets...)
	return s
}

// Open opens the run in dir as its driver, creating it if needed. An
// existing journal is replayed: statuses come back, and an action that
// started but never finished is Interrupted (the caller re-verifies the
// current step; nothing is re-run). A second driver gets a *LockError; an
// unwritable directory fails here, before any action.
func Open(dir string, runbook []steps.Step, opts Options) (*Session, error) {
	return openDriver(dir, runbook, opts, false)
}

// TakeOver opens the run as its driver after taking over a stale lock (the
// previous driver ran on this host and its process is gone). The takeover is
// journaled. A live or foreign lock is refused with ErrNotStale.
func TakeOver(dir string, runbook []steps.Step, opts Options) (*Session, error) {
	return openDriver(dir, runbook, opts, true)
}

func openDriver(dir string, runbook []steps.Step, opts Options, takeOver bool) (*Session, error) {
	s := newSession(dir, runbook, opts, false)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, notWritable(dir, err)
	}
	if err := probeDir(dir); err != nil {
		return nil, err
	}
	previous, err := s.lock(takeOver)
	if err != nil {
		return nil, err
	}
	if err := s.startJournal(previous); err != nil {
		releaseLock(dir, s.me)
		if s.journal != nil {
			s.journal.Close()
		}
		return nil, err
	}
	return s, nil
}

// lock acquires the driver lock; on takeover it returns the old holder.
func (s *Session) lock(takeOver bool) (*Holder, error) {
	if takeOver {
		old, err := takeOverLock(s.dir, s.me, s.opts.processAlive)
		if err != nil {
			return nil, err
		}
		return &old, nil
	}
	err := acquireLock(s.dir, s.me)
	var le *LockError
	if errors.As(err, &le) {
		le.Stale = isStale(le.Holder, s.opts.Host, s.opts.processAlive)
	}
	return nil, err
}

// startJournal replays what exists, repairs a torn tail and announces this
// driver in the journal.
func (s *Session) startJournal(previous *Holder) error {
	path := filepath.Join(s.dir, JournalFile)
	resuming := false
	if _, err := os.Stat(path); err == nil {
		resuming = true
		if err := s.replayForResume(path); err != nil {
			return err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("journal %s: %w", path, err)
	}
	j, err := openJournal(s.dir, s.state.Seq, s.opts.Clock, &s.scrub)
	if err != nil {
		return err
	}
	s.journal = j
	return s.announce(resuming, previous)
}

func (s *Session) replayForResume(path string) error {
	problems, end, err := readAll(path, s.state.Apply)
	if err != nil {
		return err
	}
	if err := checkIsJournal(path, problems); err != nil {
		return err
	}
	s.problems = problems
	if err := s.checkSameRun(); err != nil {
		return err
	}
	s.state.markInterrupted() // we hold the lock: no one else is running anything
	if len(problems) > 0 && problems[len(problems)-1].Torn {
		// Cut the torn tail so the next record starts on its own line
		// (through the opened file: a path could have become a link).
		if err := truncateJournal(path, end); err != nil {
			return notWritable(path, err)
		}
	}
	return nil
}

func (s *Session) checkSameRun() error {
	want, have := s.opts.Info, s.state.Info
	if want.To != "" && have.To != "" && want.To != have.To {
		return fmt.Errorf("run %s upgrades to %s, not %s; use a new run directory", s.dir, have.To, want.To)
	}
	if want.Target != "" && have.Target != "" && want.Target != have.Target {
		return fmt.Errorf("run %s is for target %s, not %s; use a new run directory", s.dir, have.Target, want.Target)
	}
	if want.Green != have.Green && have.Target != "" {
		return fmt.Errorf("run %s moves into %q, not %q; use a new run directory", s.dir, have.Green, want.Green)
	}
	return nil
}

func (s *Session) announce(resuming bool, previous *Holder) error {
	me := s.me
	if previous != nil {
		text := "took over a stale lock from " + previous.String()
		if err := s.append(Record{Kind: KindLockTakenOver, By: me.User, Holder: &me, Text: text}); err != nil {
			return err
		}
	}
	for _, p := range s.problems {
		if err := s.append(Record{Kind: KindProblemLogged, Text: p.String()}); err != nil {
			return err
		}
	}
	if resuming {
		return s.append(Record{Kind: KindRunResumed, By: me.User, Holder: &me, Text: s.interruptedText()})
	}
	info := s.opts.Info
	info.Who, info.Host, info.Started = me.User, me.Host, me.Since
	return s.append(Record{Kind: KindRunStarted, By: me.User, Holder: &me, Run: &info})
}

func (s *Session) interruptedText() string {
	var ids []string
	for id, sr := range s.state.Steps {
		if sr.Status == Interrupted {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return "interrupted (re-verify, do not re-run blindly): " + strings.Join(ids, ", ")
}

// append journals rec durably, then applies it: the state never runs ahead
// of the disk.
func (s *Session) append(rec Record) error {
	if s.readOnly || s.journal == nil {
		return ErrReadOnly
	}
	written, err := s.journal.Append(rec)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.state.Apply(written)
	s.mu.Unlock()
	s.notify()
	return nil
}

func (s *Session) notify() {
	select {
	case s.changes <- struct{}{}:
	default:
	}
}

// Close releases the lock (drivers) or stops following (followers).
func (s *Session) Close() error {
	if s.stop != nil {
		close(s.stop)
		<-s.stopped
	}
	if s.journal == nil {
		return nil
	}
	return errors.Join(s.journal.Close(), releaseLock(s.dir, s.me))
}
