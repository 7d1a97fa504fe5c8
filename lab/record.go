package lab

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// recordFile sits in a lab's directory and says what the lab is: its
// version and, for a named lab, the ports warren chose for it. Every later
// command reads it, so a named lab needs no flag but its name.
const recordFile = "lab.json"

// Record is a lab's recorded identity.
type Record struct {
	Name     string `json:"name,omitempty"` // "" for the default lab
	Series   string `json:"series"`
	Release  string `json:"release"` // Debian codename, or "host"
	Nodes    int    `json:"nodes"`
	Prefix   string `json:"prefix"`
	AMQPPort int    `json:"amqp_port"`
	MgmtPort int    `json:"http_port"`
	DistPort int    `json:"dist_port"`
	// NodeSeries holds the nodes moved to another version than the lab's.
	NodeSeries map[int]string `json:"node_series,omitempty"`
}

// Port blocks of named labs: block k holds ports base+10k .. base+10k+9,
// away from the default lab (5672.., 15672.., 25672..) and the CLI tools'
// distribution range (35672-35682).
const (
	namedAMQPBase = 6000
	namedMgmtBase = 16000
	namedDistBase = 26000
	namedBlocks   = 900
)

// NamedDir is the directory of the lab called name.
func NamedDir(name string) string { return filepath.Join(os.TempDir(), "warren-lab-"+name) }

// ValidateLabName accepts names that make a good node prefix and directory.
func ValidateLabName(name string) error {
	switch {
	case !validName(name) || len(name) > 32:
		return fmt.Errorf("lab: name %q: use up to 32 letters, digits, '-' and '_'", name)
	case name == Default().Prefix:
		return fmt.Errorf("lab: name %q is the default lab's node prefix; choose another", name)
	}
	return nil
}

// readRecord reads dir's record; ok is false when there is none.
func readRecord(dir string) (Record, bool, error) {
	raw, err := os.ReadFile(filepath.Join(dir, recordFile))
	if errors.Is(err, os.ErrNotExist) {
		return Record{}, false, nil
	}
	if err != nil {
		return Record{}, false, fmt.Errorf("lab: %w", err)
	}
	var r Record
	if err := json.Unmarshal(raw, &r); err != nil {
		return Record{}, false, fmt.Errorf("lab: %s is corrupt: %w", filepath.Join(dir, recordFile), err)
	}
	return r, true, nil
}

func (c Config) record() Record {
	release := "host"
	if c.RootDir != "" {
		release = filepath.Base(c.RootDir)
	}
	return Record{Name: c.Name, Series: c.Series, Release: release, Nodes: c.Nodes, Prefix: c.Prefix,
		AMQPPort: c.AMQPPort, MgmtPort: c.MgmtPort, DistPort: c.DistPort, NodeSeries: c.NodeSeries}
}

// NamedLabs lists the records of every named lab on this machine, by name.
func NamedLabs() []Record {
	matches, _ := filepath.Glob(filepath.Join(os.TempDir(), "warren-lab-*", recordFile))
	var out []Record
	for _, m := range matches {
		if r, ok, err := readRecord(filepath.Dir(m)); err == nil && ok && r.Name != "" {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// allocatePorts gives a new named lab the first port block no other lab
// records and nothing listens on. The caller holds the labs lock.
func (c *Config) allocatePorts() error {
	taken := map[int]bool{}
	for _, r := range NamedLabs() {
		taken[(r.AMQPPort-namedAMQPBase)/10] = true
	}
	for k := 0; k < namedBlocks; k++ {
		if taken[k] {
			continue
		}
		amqp, mgmt, dist := namedAMQPBase+10*k, namedMgmtBase+10*k, namedDistBase+10*k
		if anyPortOpen(amqp, mgmt, dist, c.Nodes) {
			continue
		}
		c.AMQPPort, c.MgmtPort, c.DistPort = amqp, mgmt, dist
		return nil
	}
	return errors.New("lab: no free port block for another named lab")
}

func anyPortOpen(amqp, mgmt, dist, nodes int) bool {
	for i := 0; i < nodes; i++ {
		if PortOpen(amqp+i) || PortOpen(mgmt+i) || PortOpen(dist+i) {
			return true
		}
	}
	return false
}

// Select returns the lab called name ("" is the default lab, which
// WARREN_LAB_* variables still move), as recorded when it was first
// brought up. exists is false for a lab never brought up.
func Select(name string) (Config, bool, error) {
	if name == "" {
		cfg, err := FromEnv()
		if err != nil {
			return cfg, false, err
		}
		return cfg.WithRecord()
	}
	if err := ValidateLabName(name); err != nil {
		return Config{}, false, err
	}
	cfg := Default()
	cfg.Name, cfg.Prefix, cfg.BaseDir = name, name, NamedDir(name)
	return cfg.WithRecord()
}

// WithRecord applies the lab's record: its version, and for a named lab its
// node count and ports (the default lab keeps what flags and WARREN_LAB_*
// say, as it always has). exists is false when there is no record yet.
func (c Config) WithRecord() (Config, bool, error) {
	rec, exists, err := readRecord(c.BaseDir)
	if err != nil || !exists {
		return c, exists, err
	}
	if c.Name != "" {
		c.Nodes, c.Prefix = rec.Nodes, rec.Prefix
		c.AMQPPort, c.MgmtPort, c.DistPort = rec.AMQPPort, rec.MgmtPort, rec.DistPort
	}
	c.NodeSeries = rec.NodeSeries
	err = c.setSeries(rec.Series)
	return c, true, err
}

// Open returns the lab a command acts on: a named lab as recorded, or the
// default lab as base (flags and WARREN_LAB_*) says, with its record
// applied. A named lab must exist unless the command creates it.
func Open(name string, base Config, mustExist bool) (Config, error) {
	if name == "" {
		cfg, _, err := base.WithRecord()
		return cfg, err
	}
	cfg, exists, err := Select(name)
	if err == nil && mustExist && !exists {
		err = fmt.Errorf("lab: there is no lab named %q (`warren lab list` shows them; `warren lab up --name %s` makes it)", name, name)
	}
	return cfg, err
}

// setSeries picks where the lab's RabbitMQ comes from: the host's package
// for the series it ships ("" means that one), a release root otherwise.
func (c *Config) setSeries(series string) error {
	host := HostSeries()
	if series == "" {
		if host == "" {
			return ErrNotInstalled
		}
		series = host
	}
	rel, err := ReleaseFor(series)
	if err != nil {
		return err
	}
	c.Series, c.RootDir = rel.Series, ""
	if rel.Series != host {
		c.RootDir = RootOf(rel).Dir
	}
	return nil
}

// Prepare fixes the lab's version (and, for a named lab, its ports) before
// its first boot and records them, or checks that what is asked matches
// what the lab already is. version "" keeps the lab's (or takes the
// host's); nodes 0 keeps the count.
func (c Config) Prepare(version string, nodes int) (Config, error) {
	unlock, err := lockFile(filepath.Join(os.TempDir(), "warren-labs.lock"))
	if err != nil {
		return c, err
	}
	defer unlock()
	cfg, exists, err := c.WithRecord()
	if err != nil {
		return cfg, err
	}
	if exists {
		return cfg, cfg.matches(version, nodes)
	}
	cfg.NodeSeries = nil // a new lab: every node runs the lab's version
	if nodes > 0 {
		cfg.Nodes = nodes
	}
	if err := cfg.setSeries(version); err != nil {
		return cfg, err
	}
	if cfg.Name != "" {
		if err := cfg.allocatePorts(); err != nil {
			return cfg, err
		}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	if err := os.MkdirAll(cfg.BaseDir, 0o755); err != nil {
		return cfg, fmt.Errorf("lab: %w", err)
	}
	return cfg, writeJSON(filepath.Join(cfg.BaseDir, recordFile), cfg.record())
}

func (c Config) matches(version string, nodes int) error {
	label := "the default lab"
	if c.Name != "" {
		label = "lab " + c.Name
	}
	destroy := strings.TrimSpace("warren lab destroy " + nameFlag(c.Name))
	if version != "" && seriesOf(version) != c.Series {
		return fmt.Errorf("lab: %s runs RabbitMQ %s; to change it use `%s` first (or upgrade nodes in place)", label, c.Series, destroy)
	}
	if nodes > 0 && nodes != c.Nodes {
		return fmt.Errorf("lab: %s has %d nodes, not %d; `%s` first to change it", label, c.Nodes, nodes, destroy)
	}
	return nil
}

func nameFlag(name string) string {
	if name == "" {
		return ""
	}
	return "--name " + name
}
