package ui

import (
	"slices"
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/ui/panes"
)

// stepMarks remembers when each step with an action began: the journal's
// LastRun is the start while a step runs and the check's time once it is
// verified, so the first sighting keeps the mark where the change began.
type stepMarks map[string]time.Time

// update records new starts from one reading of the runbook and returns
// the chart's marks: every step that acts on the cluster and has run.
func (s stepMarks) update(sections []checklist.Section) []panes.Mark {
	var out []panes.Mark
	for _, sec := range sections {
		for _, st := range sec.Steps {
			if st.Step.Action == nil || st.LastRun.IsZero() {
				continue
			}
			at, seen := s[st.Step.ID]
			if !seen {
				at = st.LastRun
				if st.Status == checklist.Running {
					s[st.Step.ID] = at
				}
			}
			out = append(out, panes.Mark{At: at, Label: markLabel(st)})
		}
	}
	slices.SortStableFunc(out, func(a, b panes.Mark) int { return a.At.Compare(b.At) })
	return out
}

// markLabel names the step with its block (the node it works on).
func markLabel(st *checklist.StepState) string {
	if st.Step.Block != "" {
		return st.Step.Block + ": " + st.Step.Title
	}
	return st.Step.Title
}
