package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/spf13/cobra"

	"github.com/warren-sre/warren/cockpit"
	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/ui"
)

func init() { rootSetup = setupCockpit }

type cockpitFlags struct {
	runbookFlags
	follow     bool
	color      string
	background string
	ascii      bool
}

func setupCockpit(root *cobra.Command) {
	f := &cockpitFlags{}
	f.target.bind(root)
	fl := root.Flags()
	f.runbookFlags.bind(fl)
	fl.StringVar(&f.runDir, "run", "", "run directory to resume (default: a new one under $XDG_STATE_HOME/warren/runs)")
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
	if f.runDir == "" {
		res, err := f.target.resolve()
		if err != nil {
			return err
		}
		f.runDir = newRunDir(res.Target.Name)
	}
	run, err := openRun(cmd.Context(), &f.runbookFlags, f.follow)
	if err != nil {
		return err
	}
	defer run.session.Close()
	return cockpitError(cockpit.Run(cmd.Context(), f.config(run)), f.runDir)
}

// config wires the opened run into the cockpit: the same engine the
// headless driver runs, with the screen's options.
func (f *cockpitFlags) config(run *openedRun) cockpit.Config {
	return cockpit.Config{
		Engine: run.engineConfig(&f.runbookFlags),
		UI: ui.Options{Color: f.color, Background: f.background, ASCII: f.ascii, Target: run.target.Target.Name,
			Insecure: run.target.Target.Insecure, Lang: i18n.Default().Lang()},
	}
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
