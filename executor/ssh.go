package executor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/warren-sre/warren/safefile"
)

// SSH runs commands on a node's host over SSH. Every Run opens its own
// connection, so one slow or unreachable host never blocks another.
type SSH struct {
	endpoints      map[string]sshEndpoint
	hostKeys       *hostKeyChecker // nil only when insecure
	identity       ssh.Signer      // nil when no identity file
	connectTimeout time.Duration
	commandTimeout time.Duration
	outputLimit    int
}

// NewSSH checks the node map, known_hosts and credentials up front, so a
// misconfigured target fails before any step starts.
func NewSSH(opts Options) (*SSH, error) {
	s := &SSH{
		endpoints:      map[string]sshEndpoint{},
		connectTimeout: opts.SSH.ConnectTimeout,
		commandTimeout: opts.CommandTimeout,
		outputLimit:    opts.OutputLimit,
	}
	if s.connectTimeout <= 0 {
		s.connectTimeout = DefaultSSHConnectTimeout
	}
	for _, node := range opts.Nodes {
		endpoint, err := resolveEndpoint(node, opts.SSH)
		if err != nil {
			return nil, err
		}
		if _, seen := s.endpoints[node.Name]; seen {
			return nil, fmt.Errorf("node %s is listed twice in the targets file", node.Name)
		}
		s.endpoints[node.Name] = endpoint
	}
	if err := s.loadHostKeys(opts.SSH); err != nil {
		return nil, err
	}
	if err := s.loadIdentity(opts.SSH.IdentityFile); err != nil {
		return nil, err
	}
	if s.identity == nil && os.Getenv("SSH_AUTH_SOCK") == "" {
		return nil, fmt.Errorf("no SSH credentials: start ssh-agent (SSH_AUTH_SOCK) or set identity_file in the target's ssh block")
	}
	return s, nil
}

func (s *SSH) loadHostKeys(cfg SSHConfig) error {
	if cfg.InsecureIgnoreHostKey {
		return nil
	}
	path := cfg.KnownHosts
	if path == "" {
		path = "~/.ssh/known_hosts"
	}
	path, err := expandHome(path)
	if err != nil {
		return err
	}
	s.hostKeys, err = newHostKeyChecker(path)
	return err
}

func (s *SSH) loadIdentity(path string) error {
	if path == "" {
		return nil
	}
	path, err := expandHome(path)
	if err != nil {
		return err
	}
	pem, err := safefile.Read(path, safefile.CertLimit)
	if err != nil {
		return fmt.Errorf("read identity file: %w", err)
	}
	s.identity, err = ssh.ParsePrivateKey(pem)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		return fmt.Errorf("identity file %s is passphrase-protected: load it into ssh-agent instead", path)
	}
	if err != nil {
		return fmt.Errorf("identity file %s: %w", path, err)
	}
	return nil
}

// Name implements Executor.
func (*SSH) Name() string { return KindSSH }

// Run executes cmd on the node's host and waits for its exit status.
func (s *SSH) Run(ctx context.Context, node string, cmd Command) (result Result) {
	// Named result: the deferred finish must stamp what is returned.
	result = newResult(KindSSH, node, cmd)
	defer result.finish()
	endpoint, ok := s.endpoints[node]
	if !ok {
		result.fail(ErrorNotStarted, fmt.Errorf("node %s has no ssh_host in the targets file", node))
		return result
	}
	result.Target = "ssh " + endpoint.String()
	if err := cmd.Validate(); err != nil {
		result.fail(ErrorNotStarted, err)
		return result
	}
	runCtx, cancel := context.WithTimeout(ctx, commandTimeout(cmd, s.commandTimeout))
	defer cancel()
	client, err := s.dial(runCtx, endpoint, &result)
	if err != nil {
		result.fail(s.failureKind(ctx, runCtx), err)
		return result
	}
	defer client.Close()
	s.execute(ctx, runCtx, client, cmd, &result)
	return result
}

// failureKind reports a transport failure, unless our own deadline or the
// caller's cancellation is what cut the connection.
func (s *SSH) failureKind(parent, runCtx context.Context) ErrorKind {
	if runCtx.Err() != nil {
		return contextErrorKind(parent)
	}
	return ErrorTransport
}
