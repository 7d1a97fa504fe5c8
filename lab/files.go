package lab

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Env is the environment every server and CLI process of node n runs with.
// HOME points at the lab so the user's own home (and its Erlang cookie) and
// the system-wide /var/lib/rabbitmq stay untouched; the per-node files keep
// /etc/rabbitmq out of the lab.
func (c Config) Env(n Node) []string {
	env := []string{
		"HOME=" + c.BaseDir,
		"PATH=" + os.Getenv("PATH"),
		"LANG=C.UTF-8",
		"RABBITMQ_NODENAME=" + n.Name,
		"RABBITMQ_NODE_PORT=" + strconv.Itoa(n.AMQPPort),
		"RABBITMQ_DIST_PORT=" + strconv.Itoa(n.DistPort),
		"RABBITMQ_MNESIA_BASE=" + filepath.Join(n.Dir, "data"),
		"RABBITMQ_LOG_BASE=" + filepath.Join(n.Dir, "log"),
		"RABBITMQ_CONFIG_FILE=" + filepath.Join(n.Dir, "rabbitmq.conf"),
		"RABBITMQ_ADVANCED_CONFIG_FILE=" + filepath.Join(n.Dir, "advanced.config"),
		"RABBITMQ_CONF_ENV_FILE=" + filepath.Join(n.Dir, "rabbitmq-env.conf"),
		"RABBITMQ_ENABLED_PLUGINS_FILE=" + filepath.Join(n.Dir, "enabled_plugins"),
		"RABBITMQ_PID_FILE=" + n.PIDFile(),
	}
	if c.FeatureFlags != nil {
		// Read only at a node's very first boot; no spaces allowed.
		env = append(env, "RABBITMQ_FEATURE_FLAGS="+strings.Join(c.FeatureFlags, ","))
	}
	return env
}

// nodeConf is the per-node rabbitmq.conf.
func (c Config) nodeConf(n Node) string {
	return fmt.Sprintf(`listeners.tcp.default = %d
management.tcp.port = %d
collect_statistics_interval = %d
loopback_users.guest = true
vm_memory_high_watermark.relative = %g
log.file.level = info
log.console = false
`, n.AMQPPort, n.MgmtPort, c.StatsInterval.Milliseconds(), c.MemoryWatermark)
}

// writeNodeFiles creates the lab's directories, cookie and per-node files. It keeps
// an existing cookie: the nodes' data is bound to it.
func (c Config) writeNodeFiles() error {
	if err := os.MkdirAll(c.BaseDir, 0o755); err != nil {
		return fmt.Errorf("lab: create %s: %w", c.BaseDir, err)
	}
	if err := c.ensureCookie(); err != nil {
		return err
	}
	for _, n := range c.AllNodes() {
		for _, d := range []string{n.Dir, filepath.Join(n.Dir, "data"), filepath.Join(n.Dir, "log")} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("lab: create %s: %w", d, err)
			}
		}
		files := map[string]string{
			"rabbitmq.conf":     c.nodeConf(n),
			"enabled_plugins":   "[rabbitmq_management].\n",
			"rabbitmq-env.conf": "# kept empty so /etc/rabbitmq/rabbitmq-env.conf is not read\n",
		}
		for name, content := range files {
			if err := os.WriteFile(filepath.Join(n.Dir, name), []byte(content), 0o644); err != nil {
				return fmt.Errorf("lab: write %s: %w", name, err)
			}
		}
	}
	return nil
}

// ensureCookie creates the Erlang cookie before any node starts: nodes started
// in parallel would otherwise race to create it.
func (c Config) ensureCookie() error {
	path := filepath.Join(c.BaseDir, ".erlang.cookie")
	if _, err := os.Stat(path); err == nil {
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("lab: cookie: %w", err)
	}
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	buf := make([]byte, 20)
	if _, err := rand.Read(buf); err != nil {
		return fmt.Errorf("lab: cookie: %w", err)
	}
	for i := range buf {
		buf[i] = letters[int(buf[i])%len(letters)]
	}
	if err := os.WriteFile(path, buf, 0o400); err != nil {
		return fmt.Errorf("lab: write cookie: %w", err)
	}
	return nil
}

// joinedMarker records that a node joined the cluster, so a warm `up` does not
// spend a CLI round-trip (~1 s of Erlang boot) asking each node again.
func (n Node) joinedMarker() string { return filepath.Join(n.Dir, "joined") }
