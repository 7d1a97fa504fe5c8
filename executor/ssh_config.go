package executor

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// SSHConfig is a target's `ssh:` block in the targets file:
//
//	ssh: {user: deploy, port: 22, known_hosts: ~/.ssh/known_hosts, identity_file: ~/.ssh/id_ed25519}
type SSHConfig struct {
	User         string `yaml:"user,omitempty" json:"user,omitempty"`
	Port         int    `yaml:"port,omitempty" json:"port,omitempty"`
	KnownHosts   string `yaml:"known_hosts,omitempty" json:"known_hosts,omitempty"`
	IdentityFile string `yaml:"identity_file,omitempty" json:"identity_file,omitempty"`
	// ConnectTimeout bounds TCP connect plus SSH handshake (default 10s).
	ConnectTimeout time.Duration `yaml:"connect_timeout,omitempty" json:"connect_timeout,omitempty"`
	// InsecureIgnoreHostKey disables host key checking. Every result then
	// carries a warning naming the unchecked fingerprint.
	InsecureIgnoreHostKey bool `yaml:"insecure_ignore_host_key,omitempty" json:"insecure_ignore_host_key,omitempty"`
}

// NodeSSH maps a RabbitMQ node to the host SSH reaches it on, one entry of
// the targets file's `nodes:` list. SSHHost is host, user@host, host:port
// or user@[v6addr]:port; missing parts come from SSHConfig.
type NodeSSH struct {
	Name    string `yaml:"name" json:"name"`
	SSHHost string `yaml:"ssh_host,omitempty" json:"ssh_host,omitempty"`
}

// DefaultSSHConnectTimeout bounds connect plus handshake when unset.
const DefaultSSHConnectTimeout = 10 * time.Second

// sshEndpoint is where and as whom one node is reached.
type sshEndpoint struct {
	User string
	Host string
	Port int
}

// Address is host:port for dialling and for known_hosts lookup.
func (e sshEndpoint) Address() string {
	return net.JoinHostPort(e.Host, strconv.Itoa(e.Port))
}

func (e sshEndpoint) String() string {
	return e.User + "@" + e.Address()
}

// resolveEndpoint parses a node's ssh_host with the target's defaults.
func resolveEndpoint(node NodeSSH, cfg SSHConfig) (sshEndpoint, error) {
	if err := ValidateNodeName(node.Name); err != nil {
		return sshEndpoint{}, err
	}
	if node.SSHHost == "" {
		return sshEndpoint{}, fmt.Errorf("node %s has no ssh_host", node.Name)
	}
	endpoint := sshEndpoint{User: cfg.User, Port: cfg.Port}
	rest := node.SSHHost
	if user, host, found := strings.Cut(rest, "@"); found {
		endpoint.User, rest = user, host
	}
	host, port, err := splitHostPort(rest)
	if err != nil {
		return sshEndpoint{}, fmt.Errorf("node %s: ssh_host %q: %w", node.Name, node.SSHHost, err)
	}
	endpoint.Host = host
	if port != 0 {
		endpoint.Port = port
	}
	return withEndpointDefaults(endpoint, node)
}

func withEndpointDefaults(endpoint sshEndpoint, node NodeSSH) (sshEndpoint, error) {
	if endpoint.Port == 0 {
		endpoint.Port = 22
	}
	if endpoint.User == "" {
		endpoint.User = os.Getenv("USER")
	}
	if endpoint.User == "" || !packageNamePattern.MatchString(endpoint.User) {
		return sshEndpoint{}, fmt.Errorf("node %s: invalid or missing SSH user %q", node.Name, endpoint.User)
	}
	if !nodeNamePattern.MatchString("x@"+endpoint.Host) && net.ParseIP(endpoint.Host) == nil {
		return sshEndpoint{}, fmt.Errorf("node %s: invalid SSH host %q", node.Name, endpoint.Host)
	}
	return endpoint, nil
}

// splitHostPort accepts host, host:port, [v6] and [v6]:port.
func splitHostPort(s string) (string, int, error) {
	if !strings.Contains(s, ":") || (strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]")) {
		return strings.Trim(s, "[]"), 0, nil
	}
	host, portText, err := net.SplitHostPort(s)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 1 || port > 65535 {
		return "", 0, fmt.Errorf("invalid port %q", portText)
	}
	return host, port, nil
}

// expandHome turns a leading ~/ into the user's home directory.
func expandHome(path string) (string, error) {
	if !strings.HasPrefix(path, "~/") {
		return path, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("expand %s: %w", path, err)
	}
	return filepath.Join(home, path[2:]), nil
}
