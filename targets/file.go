package targets

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/executor"
)

// Entry is one target in the targets file.
type Entry struct {
	Nodes        []Node `yaml:"nodes"`
	Username     string `yaml:"username"`
	PasswordEnv  string `yaml:"password_env"`
	PasswordFile string `yaml:"password_file"`
	Insecure     bool   `yaml:"insecure"`
	CAFile       string `yaml:"ca_file"`
	Timeout      string `yaml:"timeout"`
	// SSH is how the ssh executor logs in; each node's ssh_host says where.
	SSH executor.SSHConfig `yaml:"ssh"`
}

// Node is one node of a target in the targets file.
type Node struct {
	Name    string `yaml:"name"`
	URL     string `yaml:"url"`
	AMQPURL string `yaml:"amqp_url"`
	SSHHost string `yaml:"ssh_host"`
}

// SSHNodes maps node names to their SSH hosts, for the ssh executor.
func (e Entry) SSHNodes() []executor.NodeSSH {
	var out []executor.NodeSSH
	for _, n := range e.Nodes {
		if n.SSHHost != "" {
			out = append(out, executor.NodeSSH{Name: n.Name, SSHHost: n.SSHHost})
		}
	}
	return out
}

type file struct {
	Targets map[string]Entry `yaml:"targets"`
}

// DefaultFile is $XDG_CONFIG_HOME/warren/targets.yaml (or the OS equivalent).
func DefaultFile() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "targets.yaml"
	}
	return filepath.Join(dir, "warren", "targets.yaml")
}

// LoadFile reads and validates a targets file.
func LoadFile(path string) (map[string]Entry, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("targets file: %w", err)
	}
	var f file
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("targets file %s is malformed: %v", path, err)
	}
	for name, e := range f.Targets {
		if len(e.Nodes) == 0 {
			return nil, fmt.Errorf("targets file %s: target %q has no nodes", path, name)
		}
		for i, n := range e.Nodes {
			if n.URL == "" {
				return nil, fmt.Errorf("targets file %s: target %q node %d has no url", path, name, i+1)
			}
		}
	}
	return f.Targets, nil
}

func fromFile(o Options) (Resolved, error) {
	path := o.File
	if path == "" {
		path = DefaultFile()
	}
	entries, err := LoadFile(path)
	if err != nil {
		return Resolved{}, err
	}
	e, ok := entries[o.Name]
	if !ok {
		return Resolved{}, fmt.Errorf("no target %q in %s (known: %s)", o.Name, path, strings.Join(keys(entries), ", "))
	}
	res := Resolved{Entry: &e, Target: broker.Target{
		Name: o.Name, Username: e.Username, Insecure: e.Insecure || o.Insecure,
		CAFile: e.CAFile, Timeout: o.Timeout,
	}}
	if o.CAFile != "" {
		res.Target.CAFile = o.CAFile
	}
	if o.Username != "" {
		res.Target.Username = o.Username
	}
	if res.Target.Username == "" {
		res.Target.Username = "guest"
	}
	if e.Timeout != "" && o.Timeout == 0 {
		d, err := time.ParseDuration(e.Timeout)
		if err != nil {
			return Resolved{}, fmt.Errorf("target %q: timeout %q: %v", o.Name, e.Timeout, err)
		}
		res.Target.Timeout = d
	}
	for _, n := range e.Nodes {
		ep, _, pw, err := endpointFromURL(n.URL)
		if err != nil {
			return Resolved{}, fmt.Errorf("target %q: %w", o.Name, err)
		}
		if pw != "" {
			return Resolved{}, fmt.Errorf("target %q: put no password in a URL in the targets file; use password_env or password_file", o.Name)
		}
		ep.Name = n.Name
		if n.AMQPURL != "" {
			ep.AMQPURL = n.AMQPURL
		}
		res.Target.Nodes = append(res.Target.Nodes, ep)
	}
	pw, err := password(o, "", &e)
	if err != nil {
		return Resolved{}, err
	}
	res.Target.Password = pw
	if res.Target.Insecure {
		res.Warnings = append(res.Warnings, "TLS certificate verification is OFF for target "+strconv.Quote(o.Name))
	}
	return res, nil
}

func keys(m map[string]Entry) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
