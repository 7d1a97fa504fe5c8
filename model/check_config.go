package model

import (
	"fmt"
	"slices"
	"strings"
)

// Config file formats.
const (
	ConfFormat     = "conf"     // rabbitmq.conf (sysctl-like)
	ClassicFormat  = "classic"  // rabbitmq.config (Erlang terms)
	AdvancedFormat = "advanced" // advanced.config
)

// ConfigFile is one node config file as warren read it. The caller reads
// and classifies it (and converts a classic one, whose findings it puts in
// Findings); the check only judges what it is given.
type ConfigFile struct {
	Node     string       `json:"node"`
	Path     string       `json:"path"`
	Format   string       `json:"format,omitempty"`
	Pairs    []ConfigPair `json:"-"`
	Findings []Finding    `json:"findings,omitempty"`
	// Report is the conversion report of a classic config, one line each.
	Report []string `json:"report,omitempty"`
	// ConvertedConf and ConvertedAdvanced are the conversion's output; they
	// may hold secrets and never go to JSON.
	ConvertedConf     string `json:"-"`
	ConvertedAdvanced string `json:"-"`
	Err               string `json:"error,omitempty"`
}

// ConfigPair is one `key = value` line of a rabbitmq.conf.
type ConfigPair struct {
	Key   string
	Value string
	Line  int
}

// ParseConfPairs reads the `key = value` lines of a rabbitmq.conf, skipping
// blank lines and # comments. Lines without '=' are ignored: RabbitMQ's own
// parser is the judge of syntax, warren only looks for known keys.
func ParseConfPairs(text string) []ConfigPair {
	var out []ConfigPair
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		out = append(out, ConfigPair{Key: strings.TrimSpace(key), Value: strings.TrimSpace(value), Line: i + 1})
	}
	return out
}

// ConfigFindings judges the nodes' config files against the target: keys
// that make the node fail to boot are blockers, removed or ignored keys are
// warnings, unreadable files are said so (warren cannot vouch for them).
func ConfigFindings(f CheckFacts) []Finding {
	var fs []Finding
	for _, cf := range f.ConfigFiles {
		switch {
		case cf.Err != "":
			fs = append(fs, configNotRead(cf, f))
		case cf.Format == ClassicFormat:
			fs = append(fs, Finding{Code: CodeConfigClassicFormat, Severity: Info, Title: cf.Node + " uses a classic rabbitmq.config",
				Evidence: []string{cf.Path}, Remedy: "convert it: warren config convert " + cf.Path + " --to " + f.Target.String(), Doc: DocConfiguration})
			fs = append(fs, cf.Findings...)
		case cf.Format == ConfFormat:
			fs = append(fs, confKeyFindings(cf, f.Target)...)
		}
	}
	return fs
}

// configNotRead: warren cannot vouch for a file it did not read. On a node
// about to be upgraded that is a NOT_CHECKED blocker, never a pass: the
// file may hold a key that makes the target fail to boot.
func configNotRead(cf ConfigFile, f CheckFacts) Finding {
	out := Finding{Code: CodeConfigNotRead, Severity: Warning, Title: "config file of " + cf.Node + " not read",
		Evidence: []string{cf.Path + ": " + cf.Err},
		Remedy:   "run warren where the file is readable, or point it at a copy (--config NODE=PATH)", Doc: DocConfiguration}
	if slices.Contains(f.Upgrading, cf.Node) {
		out.Code, out.Severity = CodeNotChecked, Blocker
		out.Title = "config file of " + cf.Node + " not read: whether it boots on " + f.Target.String() + " was not checked"
		out.Remedy = "make the file readable through the executor (it reads it on the node), or check it by hand against " +
			f.Target.String() + " and acknowledge this gate with the reason"
	}
	return out
}

func confKeyFindings(cf ConfigFile, target Version) []Finding {
	var fs []Finding
	for _, p := range cf.Pairs {
		for _, r := range MatchConfigKey(p.Key, p.Value, target) {
			fs = append(fs, ConfigKeyFinding(cf.Node, fmt.Sprintf("%s:%d", cf.Path, p.Line), p.Key, r, target))
		}
	}
	return fs
}

// ConfigKeyFinding turns a matched config key rule into a finding; where
// names the file and line.
func ConfigKeyFinding(node, where, key string, r ConfigKeyRule, target Version) Finding {
	f := Finding{Code: CodeConfigKeyChanged, Severity: Warning,
		Title:    fmt.Sprintf("%s: %s is %s on %s", node, key, strings.ReplaceAll(string(r.Effect), "_", " "), target),
		Evidence: []string{fmt.Sprintf("%s: %s (since %s, %s)", where, key, r.Since, r.Source)},
		Remedy:   "before upgrading " + node + ": " + r.Replacement, Doc: DocConfiguration}
	switch r.Effect {
	case KeyBootFails:
		f.Code, f.Severity = CodeConfigKeyBreaksBoot, Blocker
		f.Title = fmt.Sprintf("%s: %s makes %s fail to boot", node, key, target)
	case KeyIgnored, KeyDeprecated:
		f.Severity = Info
	}
	return f
}
