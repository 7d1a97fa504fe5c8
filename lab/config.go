// Package lab runs a local N-node RabbitMQ cluster from the installed
// rabbitmq-server package, for rehearsals, the demo and the tests.
//
// It calls the real scripts under /usr/lib/rabbitmq/bin directly: the PATH
// wrappers switch to the rabbitmq user as root, cannot write a lab directory
// owned by root and still exit 0 (see the lab recipe's gotchas).
package lab

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultBinDir is where Debian's rabbitmq-server package puts the real
// (non-wrapper) scripts.
const DefaultBinDir = "/usr/lib/rabbitmq/bin"

// Config describes one lab. The zero value is not usable; start from Default.
type Config struct {
	// Name is "" for the default lab, else the name of a named lab.
	Name string
	// Series is the RabbitMQ series the lab runs ("3.10"); RootDir is the
	// release root it runs from, "" for the host's own package.
	Series  string
	RootDir string
	// NodeSeries: nodes moved to another series than the lab's, by index.
	NodeSeries map[int]string
	BaseDir    string // everything the lab writes lives here
	Nodes      int
	Prefix     string // node i is named Prefix-i@Host; epmd only knows the part before @
	Host       string
	AMQPPort   int // node i listens on AMQPPort+i-1
	MgmtPort   int // node i's HTTP API on MgmtPort+i-1
	DistPort   int // node i's Erlang distribution on DistPort+i-1
	BinDir     string
	// StatsInterval is collect_statistics_interval; the API lags by it.
	StatsInterval time.Duration
	// FeatureFlags, when non-nil, is the complete list of flags enabled at
	// a node's first boot (RABBITMQ_FEATURE_FLAGS); nil enables all stable.
	FeatureFlags []string
	// MemoryWatermark is vm_memory_high_watermark.relative; three nodes on
	// one host would otherwise each claim 40% of RAM.
	MemoryWatermark float64
	BootTimeout     time.Duration
}

// Default returns the conventional 3-node lab on the standard ports.
func Default() Config {
	return Config{
		BaseDir:         filepath.Join(os.TempDir(), "warren-lab"),
		Nodes:           3,
		Prefix:          "rabbit",
		Host:            "localhost",
		AMQPPort:        5672,
		MgmtPort:        15672,
		DistPort:        25672,
		BinDir:          DefaultBinDir,
		StatsInterval:   5 * time.Second,
		MemoryWatermark: 0.2,
		BootTimeout:     120 * time.Second,
	}
}

// Validate rejects configurations that cannot work, before anything starts.
func (c Config) Validate() error {
	switch {
	case c.Nodes < 1 || c.Nodes > 9:
		return fmt.Errorf("lab: --nodes must be between 1 and 9, got %d", c.Nodes)
	case c.BaseDir == "" || !filepath.IsAbs(c.BaseDir):
		return fmt.Errorf("lab: base directory must be an absolute path, got %q", c.BaseDir)
	case !validName(c.Prefix):
		return fmt.Errorf("lab: node prefix %q may hold only letters, digits, '-' and '_'", c.Prefix)
	case !validName(strings.ReplaceAll(c.Host, ".", "")):
		return fmt.Errorf("lab: host %q is not a valid host name", c.Host)
	}
	for _, p := range []struct {
		name string
		port int
	}{{"AMQP", c.AMQPPort}, {"management", c.MgmtPort}, {"distribution", c.DistPort}} {
		if p.port < 1024 || p.port+c.Nodes-1 > 65535 {
			return fmt.Errorf("lab: %s base port %d is out of range", p.name, p.port)
		}
	}
	// The CLI tools take distribution ports 35672-35682 for themselves.
	if c.DistPort+c.Nodes-1 >= 35672 && c.DistPort <= 35682 {
		return fmt.Errorf("lab: distribution ports %d.. collide with the CLI tools' range 35672-35682", c.DistPort)
	}
	for _, f := range c.FeatureFlags {
		if !validName(f) {
			return fmt.Errorf("lab: feature flag %q is not a valid name", f)
		}
	}
	return nil
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		ok := r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}

// Node describes node i (1-based) of the lab.
type Node struct {
	Index    int
	Name     string // prefix-i@host
	AMQPPort int
	MgmtPort int
	DistPort int
	Dir      string
}

// Node returns node i (1-based).
func (c Config) Node(i int) Node {
	return Node{
		Index:    i,
		Name:     fmt.Sprintf("%s-%d@%s", c.Prefix, i, c.Host),
		AMQPPort: c.AMQPPort + i - 1,
		MgmtPort: c.MgmtPort + i - 1,
		DistPort: c.DistPort + i - 1,
		Dir:      filepath.Join(c.BaseDir, fmt.Sprintf("n%d", i)),
	}
}

// AllNodes lists every node of the lab in order.
func (c Config) AllNodes() []Node {
	nodes := make([]Node, c.Nodes)
	for i := range nodes {
		nodes[i] = c.Node(i + 1)
	}
	return nodes
}

// NodeNames are the Erlang names of every node, in order.
func (c Config) NodeNames() []string {
	names := make([]string, c.Nodes)
	for i := range names {
		names[i] = c.Node(i + 1).Name
	}
	return names
}

// PIDFile is where the node writes its beam PID.
func (n Node) PIDFile() string { return filepath.Join(n.Dir, "rabbit.pid") }

// LogFile is the node's main log.
func (n Node) LogFile() string {
	return filepath.Join(n.Dir, "log", n.Name+".log")
}

// StdoutLog holds early boot messages and crash output.
func (n Node) StdoutLog() string { return filepath.Join(n.Dir, "log", "stdout.log") }

// MgmtURL is the node's management API base URL.
func (n Node) MgmtURL() string { return fmt.Sprintf("http://127.0.0.1:%d", n.MgmtPort) }

// AMQPURL is the node's AMQP URL without credentials.
func (n Node) AMQPURL() string { return fmt.Sprintf("amqp://127.0.0.1:%d/", n.AMQPPort) }
