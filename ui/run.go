package ui

import (
	"cmp"
	"context"
	"errors"
	"os"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/term"

	"github.com/warren-sre/warren/engine/event"
	"github.com/warren-sre/warren/model"
)

// ErrNotTerminal is returned by Run when stdout is not a terminal: the
// cockpit would only write escape codes into a file or a pipe.
var ErrNotTerminal = errors.New("the cockpit needs a terminal; use `warren status` (or --json) for a plain report")

// Run shows the cockpit until the operator quits or ctx ends. The engine's
// events are relayed into the program: this is the only goroutine that
// feeds it. Run returns when the operator quits (nil), when ctx is
// cancelled (ctx.Err()) or when the terminal fails.
func Run(ctx context.Context, opts Options, rb Runbook, events <-chan event.Event) error {
	progOpts, err := programOptions(ctx, opts)
	if err != nil {
		return err
	}
	p := tea.NewProgram(New(ctx, opts, rb), progOpts...)
	relayCtx, stopRelay := context.WithCancel(ctx)
	defer stopRelay()
	go relay(relayCtx, p, events)
	_, err = p.Run()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// relay forwards the engine's events until the stream closes or ctx ends.
func relay(ctx context.Context, p *tea.Program, events <-chan event.Event) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			if msg := eventMsg(ev); msg != nil {
				p.Send(msg)
			}
		}
	}
}

// eventMsg is the message the program handles for one event. The switch
// covers every event and concern (TestEveryEventReachesTheProgram).
func eventMsg(ev event.Event) tea.Msg {
	switch ev := ev.(type) {
	case event.First:
		return ev.Snapshot
	case event.Sample:
		return sampleMsg(ev)
	case event.RunChanged, event.TriggerFired, event.RollbackBegun:
		// The alert and the Rollback phase are read back with the
		// sections, where the follower reads them too.
		return RunbookChanged{}
	case event.Green:
		if ev.Nodes != nil {
			return *ev.Nodes
		}
		if ev.Queues != nil {
			return *ev.Queues
		}
	case event.Note:
		return model.CanarySample{At: ev.At, Err: ev.Canary}
	}
	return nil
}

// nodesMsg is the nodes poller's answer (nil for a link change) with every
// node's effective state after it, as the engine decided.
type nodesMsg struct {
	sample *model.NodesSample
	states []model.NodeStatus
}

// sampleMsg is the reading of one concern the panes show; the concerns
// only checks read (connections, flags, health, durable queues) carry
// nothing for the screen.
func sampleMsg(s event.Sample) tea.Msg {
	r := s.Reading
	switch s.Concern {
	case event.Nodes:
		return nodesMsg{sample: &r.Nodes, states: r.States}
	case event.Overview:
		return r.Overview
	case event.Queues:
		return r.Queues
	case event.Canary:
		return r.Canary
	case event.Link:
		return nodesMsg{states: r.States}
	}
	return nil
}

// stdoutIsTerminal is a variable so tests can play both cases.
var stdoutIsTerminal = func() bool { return term.IsTerminal(int(os.Stdout.Fd())) }

func programOptions(ctx context.Context, opts Options) ([]tea.ProgramOption, error) {
	out := []tea.ProgramOption{tea.WithContext(ctx)}
	profile, forced, err := ColorProfile(opts.Color)
	if err != nil {
		return nil, err
	}
	if forced {
		out = append(out, tea.WithColorProfile(profile))
	}
	if opts.Output == nil {
		if !stdoutIsTerminal() {
			return nil, ErrNotTerminal
		}
	} else {
		w, h := cmp.Or(opts.Width, 80), cmp.Or(opts.Height, 24)
		out = append(out, tea.WithOutput(opts.Output), tea.WithWindowSize(w, h))
	}
	if opts.Input != nil {
		out = append(out, tea.WithInput(opts.Input))
	}
	return out, nil
}
