package ui

import (
	"cmp"
	"context"
	"errors"
	"os"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/term"
)

// ErrNotTerminal is returned by Run when stdout is not a terminal: the
// cockpit would only write escape codes into a file or a pipe.
var ErrNotTerminal = errors.New("the cockpit needs a terminal; use `warren status` (or --json) for a plain report")

// Run shows the cockpit until the operator quits or ctx ends. Everything
// received on msgs (model.NodesSample, model.OverviewSample,
// model.QueuesSample, model.CanarySample, model.NodeLink, model.Snapshot,
// RunbookChanged) is relayed into the program: this is the only goroutine
// that feeds it. Run returns when the operator quits (nil), when ctx is
// cancelled (ctx.Err()) or when the terminal fails.
func Run(ctx context.Context, opts Options, rb Runbook, msgs <-chan any) error {
	progOpts, err := programOptions(ctx, opts)
	if err != nil {
		return err
	}
	p := tea.NewProgram(New(ctx, opts, rb), progOpts...)
	relayCtx, stopRelay := context.WithCancel(ctx)
	defer stopRelay()
	go relay(relayCtx, p, msgs)
	_, err = p.Run()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// relay forwards pollers' messages until the channel closes or ctx ends.
func relay(ctx context.Context, p *tea.Program, msgs <-chan any) {
	for {
		select {
		case <-ctx.Done():
			return
		case msg, ok := <-msgs:
			if !ok {
				return
			}
			p.Send(msg)
		}
	}
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
