package engine

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/steps"
)

// nowhere is a cluster whose every request is refused at once: the
// engine's pollers and link watch run against it and find nothing.
func nowhere(t *testing.T) (broker.Target, *broker.Cluster) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now: connections are refused
	target := broker.Target{Name: "nowhere", Username: "guest", Password: "guest", Timeout: 200 * time.Millisecond,
		Nodes: []broker.Endpoint{{Name: "rabbit@nowhere", MgmtURL: "http://" + addr, AMQPURL: "amqp://" + addr}}}
	c, err := broker.Connect(target)
	if err != nil {
		t.Fatal(err)
	}
	return target, c
}

// The operator quits mid-action ("quit anyway"): closing the engine cancels
// the action and waits until the session has journaled its end, so the
// finish record is written while the run's lock is still held — never after
// the session closed and another driver may have taken the run.
func TestCloseWaitsForTheActionsFinishRecord(t *testing.T) {
	dir := t.TempDir()
	var cleanedUp atomic.Bool
	step := steps.Step{ID: "prep.slow", Phase: steps.Preparation, Title: "a slow action",
		Action: &steps.Action{Run: func(ctx context.Context, _ steps.Env) (string, error) {
			<-ctx.Done()
			// A command that takes a moment to give up (a remote process
			// being killed): the finish record must wait for it.
			time.Sleep(300 * time.Millisecond)
			cleanedUp.Store(true)
			return "cut off", ctx.Err()
		}}}
	sess, err := checklist.Open(dir, []steps.Step{step}, checklist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	target, cluster := nowhere(t)
	e := Start(context.Background(), Config{Target: target, Cluster: cluster, Session: sess, NoTriggers: true})
	go func() {
		for range e.Events() {
		}
	}()
	acted := make(chan error, 1)
	go func() {
		_, err := e.Act(context.Background(), step.ID, checklist.Confirmation{Yes: true})
		acted <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for sess.State().Steps[step.ID] == nil || sess.State().Steps[step.ID].Status != checklist.Running {
		if time.Now().After(deadline) {
			t.Fatal("the action never started")
		}
		time.Sleep(5 * time.Millisecond)
	}

	e.Close() // what the cockpit does when the operator quits anyway
	if !cleanedUp.Load() {
		t.Fatal("Close returned while the action was still running")
	}
	lock := filepath.Join(dir, checklist.LockFile)
	if _, err := os.Stat(lock); err != nil {
		t.Fatalf("the lock is gone before the session closed: %v", err)
	}
	if !finished(t, dir, step.ID) {
		t.Fatal("Close returned before the finish record was written")
	}
	if err := <-acted; err == nil {
		t.Error("the cut-off action reported success")
	}
	if err := sess.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(lock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the lock is still there after the session closed: %v", err)
	}
	if _, err := e.Act(context.Background(), step.ID, checklist.Confirmation{Yes: true}); !errors.Is(err, ErrClosed) {
		t.Errorf("an intent after Close: %v, want ErrClosed", err)
	}
}

func finished(t *testing.T, dir, id string) bool {
	recs, _, err := checklist.Records(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Kind == checklist.KindStepFinished && r.Step == id && r.Error != "" {
			return true
		}
	}
	return false
}
