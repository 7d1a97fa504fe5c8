package cli

import (
	"context"
	"github.com/warren-sre/warren/testnet"
	"testing"
	"time"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
)

// status and check against a port that accepts and never answers used to
// take 32 s with --timeout 500ms (a fixed 30 s ranking timeout) and check up
// to 2 min (the fixed slow timeout). Every wait is now a multiple of T: the
// whole read is bounded by OneShotFactor × T. The generous margin keeps this
// about the bound, not the speed of a loaded machine.
func TestOneShotReadsAreBoundedByTheTimeout(t *testing.T) {
	const timeout = 200 * time.Millisecond
	target := broker.Target{Nodes: []broker.Endpoint{{MgmtURL: testnet.SilentListener(t)}}, Username: "guest", Password: "guest", Timeout: timeout}
	limit := target.Within(broker.OneShotFactor) + 10*time.Second
	tests := []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"status", func(ctx context.Context) error {
			_, err := collectStatus(ctx, target, 10, 0)
			return err
		}},
		{"check", func(ctx context.Context) error {
			_, err := runCheck(ctx, target, model.V(3, 11, 28), steps.ConfigSource{})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			start := time.Now()
			go func() { done <- tt.run(context.Background()) }()
			select {
			case err := <-done:
				t.Logf("returned after %v: %v", time.Since(start).Round(time.Millisecond), err)
				if err == nil {
					t.Fatal("a listener that never answers was reported as a reachable cluster")
				}
			case <-time.After(limit):
				t.Fatalf("still waiting after %v with --timeout %v", limit, timeout)
			}
		})
	}
}
