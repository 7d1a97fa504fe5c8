package checklist

import (
	"strings"
	"time"

	"github.com/warren-sre/warren/steps"
)

// Outcome is how a run ended, as far as its journal tells.
type Outcome string

const (
	// Completed: the runbook's last step is done and nothing is left open.
	Completed Outcome = "completed"
	// Stopped: a step is not done (failed, interrupted, waiting) and no
	// rollback was begun; a run still going reads the same.
	Stopped Outcome = "stopped"
	// RolledBack: a rollback was begun and its last gate is done.
	RolledBack Outcome = "rolled-back"
	// RollbackStopped: a rollback was begun and has not finished.
	RollbackStopped Outcome = "rollback-stopped"
)

// Summary is the answer a change ticket needs, read from the journal
// alone: how the run ended, on which versions, which nodes are done, how
// long each phase took, what the canary saw, what fired and who accepted
// what.
type Summary struct {
	Info    RunInfo
	Outcome Outcome
	// Open is the step the run stopped at (Stopped, RollbackStopped).
	Open *OpenStep
	// Trigger is the last trigger fired before the run stopped or its
	// rollback began.
	Trigger  *Trigger
	Rollback *Consent // who began the rollback and why
	Nodes    []string // the nodes of the run (from their preparation backups)
	Done     []string // nodes whose upgrade verified (or was accepted)
	Back     []string // nodes whose rollback verified
	Phases   []PhaseSummary
	Canary   *CanaryTotals // nil when no check journaled the canary
	Triggers []TriggerAt
	Consents []Consent      // acknowledgements, skips, rollback, take-overs by people
	AutoSkip map[string]int // warren's own skips, by reason
	Last     time.Time      // the last record
}

// OpenStep is a step that is not done.
type OpenStep struct {
	ID, Title string
	Phase     steps.Phase
	Status    Status
}

// PhaseSummary is one phase: when it ran and what the canary saw.
type PhaseSummary struct {
	Phase       steps.Phase
	First, Last time.Time
	Canary      *CanaryTotals
}

// Duration is the time between the phase's first and last record.
func (p PhaseSummary) Duration() time.Duration { return p.Last.Sub(p.First) }

// CanaryTotals are the canary's confirmed and lost messages, and the worst
// end-to-end p99 its window showed.
type CanaryTotals struct {
	Confirmed, Lost int64
	WorstP99        time.Duration
}

// TriggerAt is a trigger that fired, with when.
type TriggerAt struct {
	Trigger
	At time.Time
}

// Consent is a person's decision the journal keeps: what, on which step,
// who and why.
type Consent struct {
	At     time.Time
	Kind   Kind
	By     string
	Step   string
	Title  string
	Reason string
}

// The last step of each runbook, and of each rollback: done means finished.
var (
	finalSteps    = []string{steps.PostCompare, steps.BGDecommission}
	finalRollback = []string{steps.RollbackCompare, steps.BGBackCleanup}
)

// Summarize reads the summary from a journal's records, in order.
func Summarize(recs []Record) Summary {
	st := NewState()
	sum := Summary{AutoSkip: map[string]int{}}
	var order []string // step ids by first appearance
	seen := map[string]bool{}
	canary := &canaryCount{}
	for _, r := range recs {
		st.Apply(r)
		sum.Last = r.At
		if r.Step != "" && !seen[r.Step] {
			seen[r.Step], order = true, append(order, r.Step)
		}
		sum.phase(r)
		canary.add(&sum, r)
		sum.consent(r)
		if r.Trigger != nil {
			sum.Triggers = append(sum.Triggers, TriggerAt{*r.Trigger, r.At})
			if sum.Rollback == nil {
				t := *r.Trigger
				sum.Trigger = &t
			}
		}
	}
	sum.Info = st.Info
	sum.Canary = canary.total
	sum.nodes(order, st)
	sum.outcome(order, st)
	return sum
}

func (s *Summary) phase(r Record) {
	if r.Phase == "" {
		return
	}
	for i := range s.Phases {
		if s.Phases[i].Phase == r.Phase {
			s.Phases[i].Last = r.At
			return
		}
	}
	s.Phases = append(s.Phases, PhaseSummary{Phase: r.Phase, First: r.At, Last: r.At})
}

func (s *Summary) consent(r Record) {
	c := Consent{At: r.At, Kind: r.Kind, By: r.By, Step: r.Step, Title: r.Title, Reason: r.Text}
	switch r.Kind {
	case KindAcknowledged, KindLockTakenOver:
		s.Consents = append(s.Consents, c)
	case KindRollbackBegun:
		s.Consents = append(s.Consents, c)
		if s.Rollback == nil {
			s.Rollback = &c
		}
	case KindSkipped:
		if r.By == SystemActor {
			s.AutoSkip[r.Text]++
			return
		}
		s.Consents = append(s.Consents, c)
	}
}

// canaryCount turns the canary's cumulative counts into totals. A count
// lower than the one before means a new canary (a resumed warren): it
// counts from zero again.
type canaryCount struct {
	prev  *CanaryMark
	total *CanaryTotals
}

func (c *canaryCount) add(s *Summary, r Record) {
	m := r.Canary
	if m == nil || r.Phase == "" {
		return
	}
	confirmed, lost := m.Confirmed, m.Lost
	if p := c.prev; p != nil && m.Confirmed >= p.Confirmed && m.Lost >= p.Lost {
		confirmed, lost = m.Confirmed-p.Confirmed, m.Lost-p.Lost
	}
	c.prev = m
	for i := range s.Phases {
		if s.Phases[i].Phase == r.Phase {
			s.Phases[i].Canary = addCanary(s.Phases[i].Canary, confirmed, lost, m.EndToEndP99)
		}
	}
	c.total = addCanary(c.total, confirmed, lost, m.EndToEndP99)
}

func addCanary(t *CanaryTotals, confirmed, lost int64, p99 time.Duration) *CanaryTotals {
	if t == nil {
		t = &CanaryTotals{}
	}
	t.Confirmed += confirmed
	t.Lost += lost
	t.WorstP99 = max(t.WorstP99, p99)
	return t
}

// nodes: every node has a preparation backup step; a node is done when
// its rolling block's verify gate is, and back when its rollback's is.
func (s *Summary) nodes(order []string, st *State) {
	for _, id := range order {
		if node, ok := strings.CutPrefix(id, "prep.backup."); ok {
			s.Nodes = append(s.Nodes, node)
		}
	}
	for _, n := range s.Nodes {
		if sr := st.Steps[steps.RollingID(n, steps.PartVerify)]; sr != nil && sr.Status.Done() {
			s.Done = append(s.Done, n)
		}
		if sr := st.Steps[steps.RollbackID(n, steps.PartVerify)]; sr != nil && sr.Status.Done() {
			s.Back = append(s.Back, n)
		}
	}
}

func (s *Summary) outcome(order []string, st *State) {
	inRollback := s.Rollback != nil
	for _, id := range order {
		sr := st.Steps[id]
		if sr.Status.Done() || (sr.Phase == steps.Rollback) != inRollback {
			continue
		}
		s.Open = &OpenStep{ID: id, Title: sr.Title, Phase: sr.Phase, Status: sr.Status}
		break
	}
	finals := finalSteps
	if inRollback {
		finals = finalRollback
	}
	finished := false
	for _, id := range finals {
		if sr := st.Steps[id]; sr != nil && sr.Status.Done() {
			finished = true
		}
	}
	switch {
	case inRollback && finished && s.Open == nil:
		s.Outcome = RolledBack
	case inRollback:
		s.Outcome = RollbackStopped
	case finished && s.Open == nil:
		s.Outcome = Completed
	default:
		s.Outcome = Stopped
	}
	if s.Open == nil && !finished && len(order) > 0 {
		// Everything journaled is done but the runbook's end was never
		// reached: it stopped after the last step it journaled.
		last := order[len(order)-1]
		sr := st.Steps[last]
		s.Open = &OpenStep{ID: last, Title: sr.Title, Phase: sr.Phase, Status: sr.Status}
	}
}
