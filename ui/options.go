package ui

import (
	"fmt"
	"io"
	"time"

	"github.com/charmbracelet/colorprofile"

	"github.com/warren-sre/warren/i18n"
)

// Options configure the cockpit. The zero value is usable.
type Options struct {
	// Color is auto, never, 16, 256 or true. auto follows the terminal and
	// NO_COLOR; an explicit value overrides both.
	Color string
	// Background is dark, light or "" to ask the terminal (dark if it does
	// not answer).
	Background string
	// ASCII swaps the Unicode glyphs for ASCII ones.
	ASCII bool
	// Now is the clock; nil means time.Now. Views read it once per frame.
	Now func() time.Time
	// StaleAfter marks a pane stale when its data is older, even without a
	// poller error. Zero means 15 s.
	StaleAfter time.Duration
	// Target names the cluster in the title bar, e.g. "lab".
	Target string
	// Insecure: TLS certificates are not verified (--insecure); the title
	// bar says so for as long as the cockpit runs.
	Insecure bool
	// Lang is the language of every word the cockpit prints (English when
	// empty). Keys, commands and broker names are never translated.
	Lang i18n.Lang
	// OnPause and OnRefresh let the owner of the pollers act on p and r.
	// They are called from a tea.Cmd, never from Update.
	OnPause   func(paused bool)
	OnRefresh func()
	// Input and Output default to the process's terminal. An Output that is
	// not a terminal (tests, recordings) gets Width×Height, default 80×24.
	Input         io.Reader
	Output        io.Writer
	Width, Height int
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

func (o Options) staleAfter() time.Duration {
	if o.StaleAfter == 0 {
		return 15 * time.Second
	}
	return o.StaleAfter
}

// ColorProfile turns the --color value into a profile; ok is false for
// auto (let the terminal and NO_COLOR decide).
func ColorProfile(value string) (p colorprofile.Profile, ok bool, err error) {
	switch value {
	case "", "auto":
		return 0, false, nil
	case "never":
		return colorprofile.Ascii, true, nil
	case "16":
		return colorprofile.ANSI, true, nil
	case "256":
		return colorprofile.ANSI256, true, nil
	case "true", "truecolor", "24bit":
		return colorprofile.TrueColor, true, nil
	}
	return 0, false, fmt.Errorf("--color must be auto, never, 16, 256 or true, not %q", value)
}
