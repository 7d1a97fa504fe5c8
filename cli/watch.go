package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/model"
)

func init() { addCommand(newWatchCmd) }

func newWatchCmd() *cobra.Command {
	var once bool
	cmd := &cobra.Command{
		Use:   "watch DIR",
		Short: "Follow a run read-only: who drives, and every journal event as it happens",
		Long: `watch follows the run in DIR without taking its lock and without writing
anything: a colleague sees who drives and every step, check, command, trigger and
confirmation as it is journaled. It cannot act on the run. --once prints what
happened so far and exits.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return withCode(ExitError, follow(ctx, os.Stdout, args[0], once))
		},
	}
	cmd.Flags().BoolVar(&once, "once", false, "print the journal so far and exit")
	return cmd
}

// follow prints new journal records as they are appended, read
// incrementally, and every line that could not be read. A last line without
// its end is shown as torn once the driver is gone (or with --once).
func follow(ctx context.Context, w io.Writer, dir string, once bool) error {
	s, err := checklist.Watch(dir, nil, checklist.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	printDriver(w, s)
	tail := checklist.NewJournalTail(dir)
	var shownTorn *checklist.Problem
	for {
		recs, problems, err := tail.Read()
		for _, r := range recs {
			fmt.Fprintln(w, eventLine(r))
		}
		for _, p := range problems {
			fmt.Fprintln(w, problemLine(p))
		}
		if err != nil {
			return err
		}
		if _, alive := s.Driver(); once || !alive {
			if torn := tail.Torn(); torn != nil && (shownTorn == nil || *torn != *shownTorn) {
				fmt.Fprintln(w, problemLine(*torn))
				shownTorn = torn
			}
		}
		if once {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.Changes():
		case <-time.After(2 * time.Second):
		}
	}
}

// problemLine shows a journal line warren could not read, as export does.
func problemLine(p checklist.Problem) string { return "!  " + model.Printable(p.String()) }

func printDriver(w io.Writer, s *checklist.Session) {
	h, alive := s.Driver()
	state := "driving now"
	if !alive {
		state = "not running (the run is idle or its driver is gone)"
	}
	fmt.Fprintf(w, "following %s read-only; driver %s, %s\n", s.Dir(), model.Printable(h.String()), state)
}

// eventLine renders one record as a line of text.
func eventLine(r checklist.Record) string {
	parts := []string{r.At.Local().Format("15:04:05"), string(r.Kind)}
	if r.Title != "" {
		parts = append(parts, r.Title)
	}
	if r.By != "" {
		parts = append(parts, "by "+r.By)
	}
	switch {
	case r.Result != nil:
		parts = append(parts, string(r.Result.Verdict)+": "+r.Result.Summary)
	case r.Command != nil:
		parts = append(parts, fmt.Sprintf("`%s` on %s → exit %d", strings.Join(r.Command.Argv, " "), r.Command.Node, r.Command.ExitCode))
	case r.Trigger != nil:
		parts = append(parts, "TRIGGER "+r.Trigger.Name+": "+r.Trigger.Summary+" ("+strings.Join(r.Trigger.Evidence, "; ")+")")
	case r.Error != "":
		parts = append(parts, "error: "+r.Error)
	case r.Text != "":
		parts = append(parts, r.Text)
	}
	// Records carry queue and node names, command output and broker
	// errors: one line, never a terminal control sequence.
	return model.Printable(strings.Join(parts, "  "))
}
