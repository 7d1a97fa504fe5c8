// Package cockpit is the screen's front end over the engine: it starts the
// engine on the opened run, hands its event stream to the UI and carries
// the UI's intents back to it. It decides nothing itself.
package cockpit

import (
	"context"
	"time"

	"github.com/warren-sre/warren/engine"
	"github.com/warren-sre/warren/ui"
)

// Config is one cockpit session over a run the caller opened (as driver or
// follower); the caller closes the session after Run returns.
type Config struct {
	Engine engine.Config
	UI     ui.Options
}

// Run starts the engine and shows the cockpit until the operator quits.
// Before it returns the engine has stopped and every intent under way has
// journaled its end: the caller closes the session next.
func Run(ctx context.Context, cfg Config) error {
	cfg.Engine.Reverify = true
	if co := cfg.Engine.Canary; co != nil && co.SampleInterval <= 0 {
		// Four times a second: the latency pane fills within the first
		// second, and a stalled canary shows at once. (The headless
		// front end keeps the canary's own 1 s.)
		c := *co
		c.SampleInterval = 250 * time.Millisecond
		cfg.Engine.Canary = &c
	}
	e := engine.Start(ctx, cfg.Engine)
	defer e.Close()
	opts := cfg.UI
	opts.OnPause = func(paused bool) {
		if paused {
			e.Pause()
		} else {
			e.Resume()
		}
	}
	opts.OnRefresh = e.Refresh
	return ui.Run(ctx, opts, runbook{e}, e.Events())
}
