// Package confmig translates a classic Erlang-term rabbitmq.config into the
// rabbitmq.conf format plus an advanced.config for whatever has no
// rabbitmq.conf form, reports every entry's fate, flags keys that a target
// version rejects or ignores, and can check the result with RabbitMQ's own
// Cuttlefish schema (Verify).
package confmig

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/warren-sre/warren/confmig/schema"
	"github.com/warren-sre/warren/erlterm"
)

// Options tune a conversion.
type Options struct {
	// Target is the RabbitMQ version being upgraded to ("4.0", "3.13.7");
	// empty lists every version-specific finding with the version it starts at.
	Target string
	// Source names the input in the generated files' header comments.
	Source string
	// Schema maps application settings to rabbitmq.conf keys; nil takes
	// the shipped table nearest the target (see SchemaFor).
	Schema *schema.Schema
}

// Status is what happened to one entry of the classic config.
type Status string

const (
	Converted Status = "converted" // written to rabbitmq.conf
	Advanced  Status = "advanced"  // kept unchanged in advanced.config
	Dropped   Status = "dropped"   // written nowhere: the target fails on it or replaced it
)

// ConfLine is one generated rabbitmq.conf line as shown in reports:
// secret values are masked.
type ConfLine struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Secret bool   `json:"secret,omitempty"`
}

// Entry is the fate of one {Key, Value} of one application.
type Entry struct {
	App    string     `json:"app"`
	Key    string     `json:"key"`
	Line   int        `json:"line"`
	Status Status     `json:"status"`
	Conf   []ConfLine `json:"conf,omitempty"`
	Reason string     `json:"reason,omitempty"`
	Note   string     `json:"note,omitempty"` // what an operator should know about a translation
}

// Result holds the generated files and the report. Conf and Advanced may
// contain secrets and are therefore left out of JSON.
type Result struct {
	Conf     string    `json:"-"`
	Advanced string    `json:"-"` // empty when nothing needs advanced.config
	Entries  []Entry   `json:"entries"`
	Findings []Finding `json:"findings"`
	Target   string    `json:"target,omitempty"`
	// SchemaVersion is the RabbitMQ version whose schema named the keys.
	SchemaVersion string `json:"schema_version"`

	original []appEnv // for Verify
	advanced []appEnv
}

// appEnv is one {App, [{Key, Value}, ...]} block.
type appEnv struct {
	app   string
	pairs []pair
}

type pair struct {
	key   string
	value erlterm.Term
	raw   erlterm.Term // the whole entry as written, for advanced.config
}

const secretMask = "********"

// Convert translates the text of a classic rabbitmq.config.
func Convert(src []byte, opts Options) (Result, error) {
	target, err := parseTarget(opts.Target)
	if err != nil {
		return Result{}, err
	}
	apps, err := readClassic(src)
	if err != nil {
		return Result{}, err
	}
	s := opts.Schema
	if s == nil {
		if s, _, err = SchemaFor(opts.Target, false); err != nil {
			return Result{}, err
		}
	}
	c := newConverter(s, target)
	for _, a := range apps {
		c.convertApp(a)
	}
	res := Result{
		Conf:          c.confText(opts.Source),
		Advanced:      advancedText(c.advanced, opts.Source),
		Entries:       c.entries,
		Target:        opts.Target,
		SchemaVersion: s.Version,
		original:      apps,
		advanced:      c.advanced,
	}
	res.Findings = findings(c.allLines, c.advanced, target)
	return res, nil
}

// readClassic checks the file's shape: one term, a list of {App, Env}.
func readClassic(src []byte) ([]appEnv, error) {
	terms, err := erlterm.ParseFile(src)
	if err != nil {
		return nil, err
	}
	if len(terms) != 1 {
		return nil, fmt.Errorf("a rabbitmq.config holds exactly one term (a list ending with a dot), found %d", len(terms))
	}
	top, ok := terms[0].(*erlterm.List)
	if !ok || top.Tail != nil {
		return nil, posError(terms[0], "the config must be a list of {Application, [Settings]} tuples")
	}
	var apps []appEnv
	for _, t := range top.Elems {
		a, err := readApp(t)
		if err != nil {
			return nil, err
		}
		apps = append(apps, a)
	}
	return apps, nil
}

func readApp(t erlterm.Term) (appEnv, error) {
	tup, ok := t.(*erlterm.Tuple)
	if !ok || len(tup.Elems) != 2 || atomName(tup.Elems[0]) == "" {
		return appEnv{}, posError(t, "expected {Application, [Settings]}, found "+short(t))
	}
	env, ok := tup.Elems[1].(*erlterm.List)
	if !ok || env.Tail != nil {
		return appEnv{}, posError(tup.Elems[1], "the settings of "+atomName(tup.Elems[0])+" must be a list")
	}
	a := appEnv{app: atomName(tup.Elems[0])}
	for _, e := range env.Elems {
		kv, ok := e.(*erlterm.Tuple)
		if !ok || len(kv.Elems) != 2 || atomName(kv.Elems[0]) == "" {
			return appEnv{}, posError(e, "expected a {key, Value} setting in "+a.app+", found "+short(e))
		}
		a.pairs = append(a.pairs, pair{key: atomName(kv.Elems[0]), value: kv.Elems[1], raw: e})
	}
	return a, nil
}

func posError(t erlterm.Term, msg string) error {
	p := t.Position()
	return &erlterm.SyntaxError{Pos: p, Msg: msg}
}

// short keeps error messages on one readable line.
func short(t erlterm.Term) string {
	s := erlterm.Format(t)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// IsClassicFormat tells whether a node's config file is a classic
// Erlang-term rabbitmq.config (as opposed to rabbitmq.conf or an
// advanced.config, which is Erlang terms too but is not the main config).
func IsClassicFormat(path string, content []byte) bool {
	if filepath.Base(path) == "advanced.config" {
		return false
	}
	if len(strings.TrimSpace(string(content))) == 0 {
		return strings.HasSuffix(path, ".config")
	}
	_, err := readClassic(content)
	return err == nil
}
