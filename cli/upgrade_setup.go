package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/engine"
	"github.com/warren-sre/warren/model"
)

// runContext is what a run fixes at its start and a resume must reuse:
// the node order (step ids follow it) and the flags enabled before the
// upgrade (what tells whether in-place rollback is still possible).
type runContext struct {
	From         string              `json:"from"`
	Order        []model.OrderedNode `json:"order"`
	FlagsAtStart []string            `json:"flags_at_start"`
	// MirroredTo is a blue-green run's --mirrored-to: the transform of
	// blue's definitions must not change under a resumed run.
	MirroredTo string `json:"mirrored_to,omitempty"`
}

const runContextFile = "run-context.json"

// driver is the headless front end over one run's engine.
type driver struct {
	f       *upgradeFlags
	session *checklist.Session
	engine  *engine.Engine
	printed chan struct{} // closed once the engine's stream is printed
	user    string
}

func newDriver(ctx context.Context, f *upgradeFlags) (*driver, error) {
	run, err := openRun(ctx, &f.runbookFlags, false)
	if err != nil {
		return nil, err
	}
	e := engine.Start(ctx, run.engineConfig(&f.runbookFlags))
	d := &driver{f: f, session: run.session, engine: e, user: run.session.Me().User, printed: make(chan struct{})}
	go func() { printEvents(e.Events()); close(d.printed) }()
	for _, id := range e.Interrupted() {
		progress("interrupted", map[string]any{"Step": id})
	}
	return d, nil
}

func orText(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return "no answer"
}

// loadOrFixContext reuses the run's context when resuming, else fixes it
// from the live cluster now.
func loadOrFixContext(ctx context.Context, f *runbookFlags, cluster *broker.Cluster, snap model.Snapshot) (runContext, error) {
	var rc runContext
	data, err := os.ReadFile(filepath.Join(f.runDir, runContextFile))
	switch {
	case err == nil:
		if err := json.Unmarshal(data, &rc); err != nil {
			return rc, withCode(ExitError, fmt.Errorf("%s: %w", runContextFile, err))
		}
		if len(f.order) > 0 && !sameOrder(rc.Order, f.order) {
			return rc, withCode(ExitError, fmt.Errorf("this run already upgrades in the order %s; --order cannot change it mid-run", orderNames(rc.Order)))
		}
		return rc, nil
	case !errors.Is(err, fs.ErrNotExist):
		return rc, withCode(ExitError, err)
	}
	var names []string
	for _, n := range snap.Nodes.Value {
		names = append(names, n.Name)
		if rc.From == "" && n.RabbitVersion != "" {
			rc.From = n.RabbitVersion
		}
	}
	if len(f.order) > 0 {
		rc.Order, err = model.OverrideOrder(names, f.order)
		if err != nil {
			return rc, withCode(ExitError, err)
		}
	} else {
		queues, err := cluster.AllQueues(ctx)
		if err != nil {
			return rc, withCode(ExitError, fmt.Errorf("list queues for the node order: %w", err))
		}
		rc.Order = model.ProposeOrder(names, queues, snap.Connections.Value)
	}
	for _, fl := range snap.Flags.Value {
		if fl.Enabled() {
			rc.FlagsAtStart = append(rc.FlagsAtStart, fl.Name)
		}
	}
	if snap.Flags.Err != "" {
		return rc, withCode(ExitError, fmt.Errorf("read feature flags: %s", snap.Flags.Err))
	}
	return rc, nil
}

func sameOrder(have []model.OrderedNode, want []string) bool {
	return orderNames(have) == strings.Join(want, ",")
}

func orderNames(o []model.OrderedNode) string {
	var names []string
	for _, n := range o {
		names = append(names, n.Node)
	}
	return strings.Join(names, ",")
}

func saveContext(dir string, rc runContext) error {
	path := filepath.Join(dir, runContextFile)
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	data, err := json.MarshalIndent(rc, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o600)
}

// close stops the engine (waiting for what it runs), prints what it said
// last, then closes the session and releases the lock.
func (d *driver) close() {
	d.engine.Close()
	<-d.printed
	if err := d.session.Close(); err != nil {
		progress("closing", map[string]any{"Error": err})
	}
}
