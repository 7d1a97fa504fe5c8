package confmig

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/warren-sre/warren/confmig/schema"
	"github.com/warren-sre/warren/erlterm"
)

// CheckStatus is the verdict for one original setting.
type CheckStatus string

const (
	Equivalent   CheckStatus = "equivalent"
	Differs      CheckStatus = "differs"
	NotCheckable CheckStatus = "not-checkable"
	WasDropped   CheckStatus = "dropped" // not written on purpose; the report says why
)

// Check compares one original setting with what the node would get from
// the generated rabbitmq.conf (through the schema) plus advanced.config.
type Check struct {
	App       string      `json:"app"`
	Key       string      `json:"key"`
	Status    CheckStatus `json:"status"`
	Original  string      `json:"original,omitempty"`
	Generated string      `json:"generated,omitempty"`
	Note      string      `json:"note,omitempty"`
}

// Verification is the outcome of Verify.
type Verification struct {
	ServerDir string   `json:"server_dir"`
	Root      string   `json:"root,omitempty"` // release root the schema ran in
	Version   string   `json:"version"`
	Checks    []Check  `json:"checks"`
	Rejected  []string `json:"rejected,omitempty"` // conf keys the schema refused
	// FilesUnchecked: the schema ran in a lab root, where the files the
	// config names (certificates, definitions) do not exist, so its
	// file and directory validators were not run.
	FilesUnchecked bool     `json:"files_unchecked,omitempty"`
	Added          []string `json:"added,omitempty"` // app.key set by the schema but not in the original
}

// OK reports whether no setting differs. Settings that could not be
// checked are listed in the report but do not count as failures.
func (v Verification) OK() bool {
	for _, c := range v.Checks {
		if c.Status == Differs {
			return false
		}
	}
	return true
}

// Verify maps res.Conf with the Cuttlefish schema of srv (see
// FindServer), overlays res.Advanced, and compares the outcome with the
// original settings key by key.
func Verify(ctx context.Context, res Result, srv schema.Server) (Verification, error) {
	v := Verification{ServerDir: srv.Dir, Root: srv.Root, Version: srv.Version, FilesUnchecked: srv.Root != ""}
	generated, rejected, err := mapAccepted(ctx, srv, res)
	if err != nil {
		return v, err
	}
	v.Rejected = rejected
	advanced, err := parseAdvanced(res.Advanced)
	if err != nil {
		return v, err
	}
	effective := overlay(generated, advanced)
	secretKeys := secretEntries(res.Entries)
	rejectedEntries := entriesOfKeys(res.Entries, rejected, srv.Root)
	dropped := droppedEntries(res.Entries)
	for _, a := range res.original {
		for _, p := range a.pairs {
			id := a.app + "." + p.key
			c := compareEntry(a.app, p, effective, secretKeys[id])
			if why, ok := rejectedEntries[id]; ok {
				c = Check{App: a.app, Key: p.key, Status: NotCheckable, Note: why}
			}
			if why, ok := dropped[id]; ok {
				c = Check{App: a.app, Key: p.key, Status: WasDropped, Note: why}
			}
			v.Checks = append(v.Checks, c)
		}
	}
	v.Added = addedKeys(res.original, effective)
	return v, nil
}

// mapAccepted runs the schema; keys the installed version does not know
// (or rejects) are reported and left out, so the rest can still be checked.
func mapAccepted(ctx context.Context, srv schema.Server, res Result) (map[string][]pair, []string, error) {
	conf := res.Conf
	var rejected []string
	for attempt := 0; attempt < 5; attempt++ {
		out, err := mapWithSchema(ctx, srv, conf)
		if err != nil {
			return nil, nil, err
		}
		if apps, ok := envOf(out); ok {
			return apps, rejected, nil
		}
		bad := confKeysIn(out, conf)
		if len(bad) == 0 {
			return nil, nil, fmt.Errorf("the installed schema rejects the generated rabbitmq.conf: %s", short(out))
		}
		for _, k := range bad {
			rejected = append(rejected, k)
		}
		conf = withoutKeys(conf, bad)
	}
	return nil, nil, fmt.Errorf("the installed schema keeps rejecting the generated rabbitmq.conf")
}

// envOf reads [{App, [{Key, Value}]}] from Cuttlefish's answer.
func envOf(t erlterm.Term) (map[string][]pair, bool) {
	l, ok := t.(*erlterm.List)
	if !ok {
		return nil, false
	}
	apps := map[string][]pair{}
	for _, e := range l.Elems {
		a, err := readApp(e)
		if err != nil {
			return nil, false
		}
		apps[a.app] = append(apps[a.app], a.pairs...)
	}
	return apps, true
}

// confKeysIn finds the generated conf keys named in an {error, ...} term.
func confKeysIn(errTerm erlterm.Term, conf string) []string {
	keys := map[string]bool{}
	for _, ln := range strings.Split(conf, "\n") {
		if k, _, ok := strings.Cut(ln, " = "); ok && !strings.HasPrefix(ln, "#") {
			keys[k] = true
		}
	}
	var found []string
	seen := map[string]bool{}
	walk(errTerm, func(t erlterm.Term) {
		if s, ok := t.(*erlterm.String); ok && keys[s.Value] && !seen[s.Value] {
			seen[s.Value] = true
			found = append(found, s.Value)
		}
	})
	return found
}

func walk(t erlterm.Term, f func(erlterm.Term)) {
	f(t)
	switch v := t.(type) {
	case *erlterm.Tuple:
		for _, e := range v.Elems {
			walk(e, f)
		}
	case *erlterm.List:
		for _, e := range v.Elems {
			walk(e, f)
		}
	}
}

func withoutKeys(conf string, keys []string) string {
	drop := map[string]bool{}
	for _, k := range keys {
		drop[k] = true
	}
	var b strings.Builder
	for _, ln := range strings.SplitAfter(conf, "\n") {
		if k, _, ok := strings.Cut(ln, " = "); ok && drop[k] {
			continue
		}
		b.WriteString(ln)
	}
	return b.String()
}

func parseAdvanced(text string) (map[string][]pair, error) {
	if text == "" {
		return map[string][]pair{}, nil
	}
	apps, err := readClassic([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("the generated advanced.config does not read back: %w", err)
	}
	out := map[string][]pair{}
	for _, a := range apps {
		out[a.app] = append(out[a.app], a.pairs...)
	}
	return out, nil
}

// overlay applies advanced.config on top of the generated env, key by key,
// the way RabbitMQ merges the two files.
func overlay(generated, advanced map[string][]pair) map[string][]pair {
	for app, pairs := range advanced {
		for _, p := range pairs {
			generated[app] = setPair(generated[app], p)
		}
	}
	return generated
}

func setPair(pairs []pair, p pair) []pair {
	for i := range pairs {
		if pairs[i].key == p.key {
			pairs[i] = p
			return pairs
		}
	}
	return append(pairs, p)
}

func lookup(env map[string][]pair, app, key string) (erlterm.Term, bool) {
	for _, p := range env[app] {
		if p.key == key {
			return p.value, true
		}
	}
	return nil, false
}

func secretEntries(entries []Entry) map[string]bool {
	out := map[string]bool{}
	for _, e := range entries {
		for _, l := range e.Conf {
			if l.Secret {
				out[e.App+"."+e.Key] = true
			}
		}
	}
	return out
}

func droppedEntries(entries []Entry) map[string]string {
	out := map[string]string{}
	for _, e := range entries {
		if e.Status == Dropped {
			out[e.App+"."+e.Key] = e.Reason
		}
	}
	return out
}

func entriesOfKeys(entries []Entry, confKeys []string, root string) map[string]string {
	where := "on this machine"
	if root != "" {
		where = "in the lab root"
	}
	out := map[string]string{}
	for _, k := range confKeys {
		for _, e := range entries {
			for _, l := range e.Conf {
				if l.Key == k {
					out[e.App+"."+e.Key] = "RabbitMQ's schema rejects " + k + " (a key this version does not know, or a validator that failed, e.g. a certificate file that does not exist " + where + ")"
				}
			}
		}
	}
	return out
}

func addedKeys(original []appEnv, effective map[string][]pair) []string {
	had := map[string]bool{}
	for _, a := range original {
		for _, p := range a.pairs {
			had[a.app+"."+p.key] = true
			app, key, _, _ := modernForm(a.app, p)
			had[app+"."+key] = true
		}
	}
	var added []string
	for app, pairs := range effective {
		if app == "vm_args" {
			continue // Cuttlefish's VM flags, not application settings
		}
		for _, p := range pairs {
			if !had[app+"."+p.key] {
				added = append(added, app+"."+p.key)
			}
		}
	}
	sort.Strings(added)
	return added
}
