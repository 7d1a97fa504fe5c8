package engine

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/engine/event"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

func check(context.Context, steps.Env) steps.Result { return steps.Result{Verdict: steps.Pass} }

// A resumed cockpit re-evaluates what was interrupted and the current
// step, in runbook order, each once; steps without a check or locked
// behind a gate are left alone.
func TestReverifyTargets(t *testing.T) {
	runbook := []steps.Step{
		{ID: "a", Phase: steps.Preparation, Check: check},
		{ID: "b", Phase: steps.Preparation, Check: check, Action: &steps.Action{}},
		{ID: "c", Phase: steps.Preparation, Action: &steps.Action{}},
		{ID: "d", Phase: steps.Preparation, Check: check},
	}
	tests := []struct {
		name   string
		status map[string]checklist.Status
		want   []string
	}{
		{"fresh run: the current step", nil, []string{"a"}},
		{"interrupted current step once", map[string]checklist.Status{"a": checklist.Passed, "b": checklist.Interrupted}, []string{"b"}},
		{"interrupted step without check: only the current", map[string]checklist.Status{
			"a": checklist.Passed, "b": checklist.Passed, "c": checklist.Interrupted,
		}, nil},
		{"interrupted earlier plus current", map[string]checklist.Status{
			"a": checklist.Passed, "b": checklist.Interrupted, "c": checklist.Passed,
		}, []string{"b"}},
		{"everything done", map[string]checklist.Status{
			"a": checklist.Passed, "b": checklist.Passed, "c": checklist.Passed, "d": checklist.Passed,
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := checklist.NewState()
			for id, s := range tt.status {
				st.Steps[id] = &checklist.StepRecord{Status: s}
			}
			got := reverifyTargets(*st, checklist.NewRun(runbook, *st))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// fakeJournal records what the trigger watch journals.
type fakeJournal struct {
	mu       sync.Mutex
	triggers []checklist.Trigger
}

func (f *fakeJournal) RecordTrigger(tr checklist.Trigger) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.triggers = append(f.triggers, tr)
	return nil
}

func (f *fakeJournal) Note(string, string) error { return nil }

func (f *fakeJournal) names() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, tr := range f.triggers {
		out = append(out, tr.Name)
	}
	return out
}

// scriptedDog fires its script, one entry per observation.
type scriptedDog struct {
	mu       sync.Mutex
	script   [][]model.Fired
	expected [][]model.NodeExpectation
}

func (d *scriptedDog) Observe(_ model.Observation, exp []model.NodeExpectation) []model.Fired {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.expected = append(d.expected, exp)
	if len(d.script) == 0 {
		return nil
	}
	next := d.script[0]
	d.script = d.script[1:]
	return next
}

// Every trigger the watchdog fires is journaled with its evidence, and the
// watchdog is told which nodes are expected back.
func TestWatchTriggersJournalsWhatFires(t *testing.T) {
	j := &fakeJournal{}
	dog := &scriptedDog{script: [][]model.Fired{
		nil,
		{{Name: model.TriggerCanary, Summary: "lost 3", Evidence: []string{"canary lost 3"}}},
		{{Name: "a"}, {Name: "b"}},
	}}
	expect := []model.NodeExpectation{{Node: "rabbit-1"}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	e := &Engine{ctx: ctx, store: &Store{}, events: make(chan event.Event, 16)}
	go func() {
		e.watchTriggers(j, dog, func() []model.NodeExpectation { return expect }, time.Millisecond)
		close(done)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for len(j.names()) < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	if got, want := j.names(), []string{model.TriggerCanary, "a", "b"}; !slices.Equal(got, want) {
		t.Fatalf("journaled %v, want %v", got, want)
	}
	if ev := j.triggers[0].Evidence; len(ev) != 1 || ev[0] != "canary lost 3" {
		t.Errorf("evidence %v", ev)
	}
	if got := e.Fired(); len(got) != 3 || got[0].Name != model.TriggerCanary {
		t.Errorf("the engine remembers %v as fired", got)
	}
	// Each was published as it fired, before it counted as fired.
	for _, want := range []string{model.TriggerCanary, "a", "b"} {
		ev := <-e.events
		if f, ok := ev.(event.TriggerFired); !ok || f.Trigger.Name != want {
			t.Errorf("published %+v, want trigger %s", ev, want)
		}
	}
	if len(dog.expected) == 0 || len(dog.expected[0]) != 1 || dog.expected[0][0].Node != "rabbit-1" {
		t.Errorf("watchdog was told %v", dog.expected)
	}
}

// A follower never starts a second canary, and says so on the pane, but
// watches every node's link like a driver; a driver runs a canary unless
// it was switched off, and then still watches the links.
func TestEveryModeWatchesLinks(t *testing.T) {
	drv, fol := driverAndFollower(t)
	canary := &broker.CanaryOptions{Window: 10 * time.Second}
	tests := []struct {
		name       string
		sess       *checklist.Session
		canary     *broker.CanaryOptions
		wantCanary bool
		wantNote   string
	}{
		{"driver", drv, canary, true, ""},
		{"follower", fol, canary, false, "no canary in follow mode: the driver's canary measures this run"},
		{"driver with --no-canary", drv, nil, false, "no canary (--no-canary)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &Engine{cfg: Config{Canary: tt.canary}, sess: tt.sess}
			opts := e.monitorOptions()
			if got := opts.Canary != nil; got != tt.wantCanary {
				t.Errorf("canary %v, want %v", got, tt.wantCanary)
			}
			if opts.Canary == nil && opts.Links == nil {
				t.Errorf("no link watch without a canary")
			}
			if got := e.canaryNote(); got != tt.wantNote {
				t.Errorf("note %q, want %q", got, tt.wantNote)
			}
		})
	}
}

// A cockpit resuming a run whose action was cut off re-verifies that step
// with its check and never runs the action again by itself.
func TestResumeReverifiesInterruptedWithoutRerunning(t *testing.T) {
	dir := t.TempDir()
	release := make(chan struct{})
	runs := 0
	var mu sync.Mutex
	step := steps.Step{ID: "rolling/a/start", Phase: steps.Rolling, Block: "a",
		Check: func(context.Context, steps.Env) steps.Result {
			return steps.Result{Verdict: steps.Wait, Summary: "not back yet"}
		},
		Action: &steps.Action{Run: func(context.Context, steps.Env) (string, error) {
			mu.Lock()
			runs++
			mu.Unlock()
			<-release
			return "", nil
		}}}
	runbook := []steps.Step{step}

	first, err := checklist.Open(dir, runbook, checklist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		_, _ = first.Dispatch(context.Background(), steps.Env{}, step.ID, checklist.Confirmation{Yes: true})
	}()
	for first.State().Steps[step.ID] == nil || first.State().Steps[step.ID].Status != checklist.Running {
		time.Sleep(time.Millisecond)
	}
	_ = first.Close() // the first cockpit dies mid-action
	close(release)

	second, err := checklist.Open(dir, runbook, checklist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if got := second.State().Steps[step.ID].Status; got != checklist.Interrupted {
		t.Fatalf("after resume %s is %s, want interrupted", step.ID, got)
	}
	e := &Engine{sess: second, store: &Store{}}
	e.reverify(context.Background())

	recs, _, err := checklist.Records(dir)
	if err != nil {
		t.Fatal(err)
	}
	resumed, checked := false, false
	for _, r := range recs {
		switch {
		case r.Kind == checklist.KindRunResumed:
			resumed = true
		case resumed && r.Kind == checklist.KindStepStarted:
			t.Errorf("the interrupted action was started again: %+v", r)
		case resumed && r.Kind == checklist.KindCheck && r.Step == step.ID:
			checked = true
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if !resumed || !checked || runs != 1 {
		t.Fatalf("resumed %v, re-checked %v, action ran %d times; want true, true, 1", resumed, checked, runs)
	}
}

// driverAndFollower opens one run twice: as its driver and as a follower
// watching the driver's journal; both close when the test ends.
func driverAndFollower(t *testing.T) (drv, fol *checklist.Session) {
	t.Helper()
	dir := t.TempDir()
	drv, err := checklist.Open(dir, nil, checklist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { drv.Close() })
	fol, err = checklist.Watch(dir, nil, checklist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fol.Close() })
	return drv, fol
}
