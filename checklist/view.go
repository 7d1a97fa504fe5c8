package checklist

// Dir is the run directory.
func (s *Session) Dir() string { return s.dir }

// ReadOnly reports whether this session follows rather than drives.
func (s *Session) ReadOnly() bool { return s.readOnly }

// Me is this session's own identity.
func (s *Session) Me() Holder { return s.me }

// Run lays the runbook over the current state: sections, locks, current step.
// For a follower whose driver is gone, unfinished actions show Interrupted.
func (s *Session) Run() *Run {
	st := s.State()
	return NewRun(s.runbook, st)
}

// State is a copy of the state rebuilt from the journal so far.
func (s *Session) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state.clone()
	if s.readOnly && !s.live {
		st.markInterrupted()
	}
	return st
}

// Problems lists what replay worked around (torn or unreadable lines).
func (s *Session) Problems() []Problem {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Problem(nil), s.problems...)
}

// Driver returns who drives the run and whether that driver is alive (its
// lock is held by a running process, as far as this host can tell).
func (s *Session) Driver() (Holder, bool) {
	if !s.readOnly {
		return s.me, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.Driver, s.live
}

// Changes signals (coalesced) that the state changed: a record was appended
// or, for a follower, read. The UI re-renders on it.
func (s *Session) Changes() <-chan struct{} { return s.changes }
