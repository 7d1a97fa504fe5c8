package targets

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/safefile"
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
	// Tools says how RabbitMQ's CLI runs on the nodes (directory, root,
	// environment such as the HOME that holds the Erlang cookie).
	Tools executor.ToolSettings `yaml:"tools"`
}

// CLITools are the target's CLI tools, as its tools block describes them
// (checked when the file was loaded).
func (e Entry) CLITools() executor.Tools {
	tools, _ := e.Tools.Tools()
	return tools
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

// file is the targets file as written: each target is decoded on its own,
// so one malformed target does not take the others down with it.
type file struct {
	Targets map[string]yaml.Node `yaml:"targets"`
}

// DefaultFile is $XDG_CONFIG_HOME/warren/targets.yaml (or the OS equivalent).
func DefaultFile() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "targets.yaml"
	}
	return filepath.Join(dir, "warren", "targets.yaml")
}

// LoadFile reads a targets file: the well-formed targets, and for each
// malformed one why (a command naming it gets that reason; the others still
// work). A file that is not YAML, or too large, is an error.
func LoadFile(path string) (map[string]Entry, map[string]error, error) {
	raw, err := safefile.Read(path, safefile.ConfigLimit)
	if err != nil {
		return nil, nil, fmt.Errorf("targets file: %w", err)
	}
	var f file
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("targets file %s is malformed: %v", path, err)
	}
	good, bad := map[string]Entry{}, map[string]error{}
	for name, node := range f.Targets {
		e, err := decodeEntry(&node)
		if err != nil {
			bad[name] = fmt.Errorf("targets file %s: target %q: %v", path, name, err)
			continue
		}
		good[name] = e
	}
	return good, bad, nil
}

// decodeEntry decodes and checks one target, refusing unknown keys (a
// misspelt password_file must not silently mean "no password file").
func decodeEntry(node *yaml.Node) (Entry, error) {
	var e Entry
	if err := unknownKeys(node, reflect.TypeOf(e)); err != nil {
		return e, err
	}
	if err := node.Decode(&e); err != nil {
		return e, err
	}
	if len(e.Nodes) == 0 {
		return e, fmt.Errorf("it has no nodes")
	}
	for i, n := range e.Nodes {
		if n.URL == "" {
			return e, fmt.Errorf("node %d has no url", i+1)
		}
	}
	if _, err := e.Tools.Tools(); err != nil {
		return e, err
	}
	return e, nil
}

// unknownKeys walks a mapping against the struct it decodes into and names
// the first key the struct has no field for, with its line.
func unknownKeys(node *yaml.Node, t reflect.Type) error {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		if t.Kind() == reflect.Slice && node.Kind == yaml.SequenceNode {
			for _, item := range node.Content {
				if err := unknownKeys(item, t.Elem()); err != nil {
					return err
				}
			}
			return nil
		}
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || node.Kind != yaml.MappingNode {
		return nil
	}
	fields := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if tag != "" && tag != "-" {
			fields[tag] = t.Field(i).Type
		}
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k := node.Content[i]
		ft, ok := fields[k.Value]
		if !ok {
			return fmt.Errorf("line %d: unknown key %q", k.Line, k.Value)
		}
		if err := unknownKeys(node.Content[i+1], ft); err != nil {
			return err
		}
	}
	return nil
}

func fromFile(o Options) (Resolved, error) {
	path := o.File
	if path == "" {
		path = DefaultFile()
	}
	entries, malformed, err := LoadFile(path)
	if err != nil {
		return Resolved{}, err
	}
	if err := malformed[o.Name]; err != nil {
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
