// Package cockpit is the screen's front end over the engine: it starts the
// engine on the opened run, hands its event stream to the UI and carries
// the UI's intents back to it. It decides nothing itself.
package cockpit

import (
	"context"

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
