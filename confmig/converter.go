package confmig

import (
	"errors"
	"fmt"
	"strings"

	"github.com/warren-sre/warren/confmig/schema"
	"github.com/warren-sre/warren/erlterm"
)

// knownReasons explain well-known entries that no schema maps.
var knownReasons = map[string]string{
	"rabbit.credit_flow_default_credit": "a {Initial, MoreCreditAfter} tuple has no rabbitmq.conf form",
}

// knownAppReasons explain whole applications that stay in advanced.config.
var knownAppReasons = map[string]string{
	"rabbitmq_shovel":     "static shovels are defined in advanced.config only",
	"rabbitmq_federation": "federation upstreams are runtime parameters; these settings have no rabbitmq.conf form",
}

type converter struct {
	rules    *ruleChain
	target   *version
	seen     map[string]string // conf key → value already written
	blocks   [][]line          // conf lines per converted entry, in order
	headers  []string
	allLines []line // written, plus those of dropped entries (for findings)
	entries  []Entry
	advanced []appEnv
}

func newConverter(s *schema.Schema, target *version) *converter {
	return &converter{rules: newRuleChain(s), target: target, seen: map[string]string{}}
}

func (c *converter) convertApp(a appEnv) {
	for _, p := range a.pairs {
		entry := Entry{App: a.app, Key: p.key, Line: p.raw.Position().Line}
		lines, other, reason := c.translate(a.app, p)
		if reason == "" {
			reason, lines = c.place(lines, other, &entry)
		}
		switch {
		case entry.Status == Dropped || other != "":
			c.allLines = append(c.allLines, lines...) // for the findings
			if entry.Status != Dropped {
				entry.Status, entry.Reason = Advanced, reason
				c.keepAdvanced(a.app, p)
			}
		case reason != "":
			entry.Status, entry.Reason = Advanced, reason
			c.keepAdvanced(a.app, p)
		default:
			entry.Status, entry.Conf, entry.Note = Converted, masked(lines), legacyNotes[a.app+"."+p.key]
			c.blocks = append(c.blocks, lines)
			c.headers = append(c.headers, fmt.Sprintf("%s.%s (line %d)", a.app, p.key, entry.Line))
			c.allLines = append(c.allLines, lines...)
		}
		c.entries = append(c.entries, entry)
	}
}

// translate returns the conf lines for one setting (and, when the target's
// schema lacks the key, the other version whose key they are), or why
// the setting has no rabbitmq.conf form.
func (c *converter) translate(app string, p pair) (lines []line, other, reason string) {
	path := app + "." + p.key
	lines, other, err := c.rules.convert(path, p.value)
	if err == nil {
		return lines, other, ""
	}
	var unknown *unknownPath
	if errors.As(err, &unknown) {
		if why, ok := knownReasons[path]; ok {
			return nil, "", why
		}
		if why, ok := knownAppReasons[app]; ok {
			return nil, "", err.Error() + ": " + why
		}
	}
	return nil, "", err.Error()
}

// place decides where converted lines go: keys the target rejects at boot
// or replaced are never written (dropped, with the finding as reason);
// keys the target's schema no longer has go to advanced.config; the rest
// to rabbitmq.conf, once each.
func (c *converter) place(lines []line, other string, e *Entry) (string, []line) {
	if c.target != nil {
		for _, f := range findings(lines, nil, c.target) {
			if f.Severity == FailsBoot || f.Severity == Replaced {
				e.Status, e.Conf = Dropped, masked(lines)
				e.Reason = fmt.Sprintf("not written: %s on %s: %s [%s]", f.Key, c.target, f.Message, f.Source)
				return "", lines
			}
		}
	}
	if other != "" {
		v := c.rules.target.idx.Version
		if schema.Less(v, other) {
			return fmt.Sprintf("RabbitMQ %s's schema has no %s (it came with %s); kept in advanced.config unchanged — check that %s reads %s.%s",
				v, keysOf(lines), other, v, e.App, e.Key), lines
		}
		return fmt.Sprintf("RabbitMQ %s's schema no longer has %s (%s's had); kept in advanced.config — check that %s still reads %s.%s",
			v, keysOf(lines), other, v, e.App, e.Key), lines
	}
	deduped, reason := c.dedupe(lines)
	return reason, deduped
}

func keysOf(lines []line) string {
	keys := make([]string, len(lines))
	for i, l := range lines {
		keys[i] = l.Key
	}
	return strings.Join(keys, ", ")
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
