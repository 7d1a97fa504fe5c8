package cli

import (
	"fmt"

	"github.com/warren-sre/warren/engine/event"
)

// printEvents is the headless front end's share of the engine's stream:
// a fired trigger is printed the moment it fires, with its evidence. The
// rest (samples, journal moves) is for the cockpit. It returns when the
// engine closes the stream, after its last event.
func printEvents(events <-chan event.Event) {
	for ev := range events {
		switch ev := ev.(type) {
		case event.TriggerFired:
			progress("trigger", map[string]any{"Name": ev.Trigger.Name, "Summary": ev.Trigger.Summary})
			for _, e := range ev.Trigger.Evidence {
				fmt.Fprintln(progressOut, "warren:   "+e)
			}
		case event.RollbackBegun:
			// The loop said so when it began it (--rollback).
		case event.First, event.Sample, event.RunChanged, event.Green, event.Note:
			// What the screen shows; the text says what the steps do.
		}
	}
}
