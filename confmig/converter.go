package confmig

import (
	"errors"
	"fmt"
	"strings"

	"github.com/warren-sre/warren/erlterm"
)

type converter struct {
	rules    map[string]map[string]rule
	seen     map[string]string // conf key → value already written
	blocks   [][]line          // conf lines per converted entry, in order
	headers  []string
	allLines []line
	entries  []Entry
	advanced []appEnv
}

func newConverter() *converter {
	return &converter{rules: appRules(), seen: map[string]string{}}
}

func (c *converter) convertApp(a appEnv) {
	for _, p := range a.pairs {
		lines, reason := c.translate(a.app, p)
		entry := Entry{App: a.app, Key: p.key, Line: p.raw.Position().Line}
		if reason != "" {
			entry.Status, entry.Reason = Advanced, reason
			c.keepAdvanced(a.app, p)
		} else {
			entry.Status, entry.Conf = Converted, masked(lines)
			c.blocks = append(c.blocks, lines)
			c.headers = append(c.headers, fmt.Sprintf("%s.%s (line %d)", a.app, p.key, entry.Line))
			c.allLines = append(c.allLines, lines...)
		}
		c.entries = append(c.entries, entry)
	}
}

// translate returns the conf lines for one setting, or why it has none.
func (c *converter) translate(app string, p pair) ([]line, string) {
	rules, known := c.rules[app]
	if !known {
		if r, ok := knownAppReasons[app]; ok {
			return nil, r
		}
		return nil, "warren knows no rabbitmq.conf mapping for application " + app
	}
	r, ok := rules[p.key]
	if !ok {
		if reason, ok := knownReasons[app+"."+p.key]; ok {
			return nil, reason
		}
		return nil, "no rabbitmq.conf form known to warren"
	}
	lines, err := r(p.value)
	var nf *noConfForm
	if errors.As(err, &nf) {
		return nil, nf.reason
	}
	if err != nil {
		return nil, err.Error()
	}
	return c.dedupe(lines)
}

// dedupe drops lines an earlier entry already wrote with the same value
// and refuses conflicting ones (e.g. node_type from both cluster_nodes and
// cluster_formation), so rabbitmq.conf never sets a key twice.
func (c *converter) dedupe(lines []line) ([]line, string) {
	var out []line
	for _, l := range lines {
		prev, dup := c.seen[l.Key]
		if dup && prev != l.Value {
			return nil, fmt.Sprintf("%s conflicts with a value set by an earlier entry", l.Key)
		}
		if !dup {
			out = append(out, l)
		}
	}
	for _, l := range out {
		c.seen[l.Key] = l.Value
	}
	return out, ""
}

func (c *converter) keepAdvanced(app string, p pair) {
	for i := range c.advanced {
		if c.advanced[i].app == app {
			c.advanced[i].pairs = append(c.advanced[i].pairs, p)
			return
		}
	}
	c.advanced = append(c.advanced, appEnv{app: app, pairs: []pair{p}})
}

func masked(lines []line) []ConfLine {
	out := make([]ConfLine, len(lines))
	for i, l := range lines {
		out[i] = ConfLine{Key: l.Key, Value: l.Value, Secret: l.Secret}
		if l.Secret {
			out[i].Value = secretMask
		}
	}
	return out
}

func (c *converter) confText(source string) string {
	var b strings.Builder
	b.WriteString("# rabbitmq.conf translated by warren from " + sourceName(source) + ".\n")
	b.WriteString("# Settings with no rabbitmq.conf form are in advanced.config.\n")
	for i, lines := range c.blocks {
		b.WriteString("\n# " + c.headers[i] + "\n")
		for _, l := range lines {
			b.WriteString(l.Key + " = " + l.Value + "\n")
		}
	}
	return b.String()
}

func sourceName(source string) string {
	if source == "" {
		return "a classic rabbitmq.config"
	}
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(source)
}

// advancedText renders the kept entries, grouped by application, exactly
// as they were written (comments aside).
func advancedText(apps []appEnv, source string) string {
	if len(apps) == 0 {
		return ""
	}
	top := &erlterm.List{}
	for _, a := range apps {
		env := &erlterm.List{}
		for _, p := range a.pairs {
			env.Elems = append(env.Elems, p.raw)
		}
		top.Elems = append(top.Elems, erlterm.NewTuple(erlterm.NewAtom(a.app), env))
	}
	return "%% advanced.config written by warren from " + sourceName(source) + ":\n" +
		"%% the settings below have no rabbitmq.conf form (see the report).\n" +
		erlterm.FormatFile(top)
}
