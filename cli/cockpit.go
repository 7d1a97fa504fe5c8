package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/cockpit"
	"github.com/warren-sre/warren/ui"
)

func init() { rootSetup = setupCockpit }

type cockpitFlags struct {
	target     targetFlags
	runDir     string
	to         string
	takeOver   bool
	follow     bool
	color      string
	background string
	ascii      bool
}

func setupCockpit(root *cobra.Command) {
	f := &cockpitFlags{}
	f.target.bind(root)
	fl := root.Flags()
	fl.StringVar(&f.runDir, "run", "", "run directory to resume (default: a new one under "+defaultRunsDir()+")")
	fl.StringVar(&f.to, "to", "", "target RabbitMQ version of this upgrade, e.g. 3.11.28")
	fl.BoolVar(&f.takeOver, "take-over", false, "take over a run whose driver died (stale lock)")
	fl.BoolVar(&f.follow, "follow", false, "show the --run read-only while someone else drives it")
	fl.StringVar(&f.color, "color", "auto", "colour: auto, never, 16, 256 or true (NO_COLOR is honoured with auto)")
	fl.StringVar(&f.background, "background", "", "dark or light (default: ask the terminal, else dark)")
	fl.BoolVar(&f.ascii, "ascii", false, "ASCII glyphs instead of Unicode")
	root.Args = cobra.NoArgs
	root.RunE = func(cmd *cobra.Command, _ []string) error { return f.run(cmd) }
}

func (f *cockpitFlags) run(cmd *cobra.Command) error {
	if _, _, err := ui.ColorProfile(f.color); err != nil {
		return withCode(ExitError, err)
	}
	if f.follow && (f.runDir == "" || f.takeOver) {
		return withCode(ExitError, errors.New("--follow needs --run DIR and cannot be combined with --take-over"))
	}
	res, err := f.target.resolve()
	if err != nil {
		return err
	}
	dir := f.runDir
	if dir == "" {
		dir = newRunDir(res.Target.Name)
	}
	cfg := cockpit.Config{
		Target: res.Target, RunDir: dir, TakeOver: f.takeOver, Follow: f.follow,
		Info:    checklist.RunInfo{Target: res.Target.String(), To: f.to},
		Runbook: func(c *broker.Cluster) []stepsStep { return runbookFor(c, res, f.to, dir) },
		UI:      ui.Options{Color: f.color, Background: f.background, ASCII: f.ascii, Target: res.Target.Name},
	}
	return cockpitError(cockpit.Run(cmd.Context(), cfg), dir)
}

func cockpitError(err error, dir string) error {
	switch {
	case err == nil:
		fmt.Fprintln(os.Stderr, "run journal:", dir)
		return nil
	case errors.Is(err, ui.ErrNotTerminal):
		return withCode(ExitError, errors.New("the cockpit needs a terminal; for scripts use 'warren status' or 'warren check'"))
	}
	return withCode(ExitError, err)
}

func defaultRunsDir() string {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "warren", "runs")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "state", "warren", "runs")
	}
	return filepath.Join(os.TempDir(), "warren-runs")
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// newRunDir names a fresh run directory after the target and the time.
func newRunDir(target string) string {
	name := time.Now().UTC().Format("20060102-150405") + "-" + unsafeName.ReplaceAllString(target, "_")
	return filepath.Join(defaultRunsDir(), name)
}
