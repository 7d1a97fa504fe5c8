package executor

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sort"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// dial connects and authenticates within the connect timeout; the run's
// context also aborts a handshake that hangs.
func (s *SSH) dial(runCtx context.Context, endpoint sshEndpoint, result *Result) (*ssh.Client, error) {
	auth, closeAgent, err := s.authMethods()
	if err != nil {
		return nil, err
	}
	defer closeAgent()
	config := &ssh.ClientConfig{
		User:            endpoint.User,
		Auth:            auth,
		HostKeyCallback: s.hostKeyCallback(result),
	}
	if s.hostKeys != nil {
		config.HostKeyAlgorithms = s.hostKeys.algorithmsFor(endpoint.Address())
	}
	dialer := net.Dialer{Timeout: s.connectTimeout}
	conn, err := dialer.DialContext(runCtx, "tcp", endpoint.Address())
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", endpoint, err)
	}
	stop := context.AfterFunc(runCtx, func() { conn.Close() })
	defer stop()
	_ = conn.SetDeadline(time.Now().Add(s.connectTimeout))
	clientConn, channels, requests, err := ssh.NewClientConn(conn, endpoint.Address(), config)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("ssh handshake with %s: %w", endpoint, err)
	}
	_ = conn.SetDeadline(time.Time{})
	return ssh.NewClient(clientConn, channels, requests), nil
}

// hostKeyCallback checks known_hosts, or, when explicitly insecure, accepts
// any key but leaves a warning naming it in the result.
func (s *SSH) hostKeyCallback(result *Result) ssh.HostKeyCallback {
	if s.hostKeys != nil {
		return s.hostKeys.check
	}
	return func(hostname string, _ net.Addr, key ssh.PublicKey) error {
		result.Warnings = append(result.Warnings, fmt.Sprintf(
			"host key NOT checked (insecure_ignore_host_key): %s presented %s %s",
			hostname, key.Type(), ssh.FingerprintSHA256(key)))
		return nil
	}
}

// authMethods offers the identity file first, then the agent's keys.
func (s *SSH) authMethods() ([]ssh.AuthMethod, func(), error) {
	var signers []ssh.Signer
	if s.identity != nil {
		signers = append(signers, s.identity)
	}
	closeAgent := func() {}
	if socket := os.Getenv("SSH_AUTH_SOCK"); socket != "" {
		conn, err := net.Dial("unix", socket)
		if err != nil && len(signers) == 0 {
			return nil, closeAgent, fmt.Errorf("ssh-agent at SSH_AUTH_SOCK: %w", err)
		}
		if err == nil {
			closeAgent = func() { conn.Close() }
			agentSigners, _ := agent.NewClient(conn).Signers()
			signers = append(signers, agentSigners...)
		}
	}
	if len(signers) == 0 {
		return nil, closeAgent, fmt.Errorf("no SSH keys: ssh-agent holds none and no identity_file is set")
	}
	return []ssh.AuthMethod{ssh.PublicKeys(signers...)}, closeAgent, nil
}

// execute runs the command line in a session and records its outcome.
func (s *SSH) execute(parent, runCtx context.Context, client *ssh.Client, cmd Command, result *Result) {
	session, err := client.NewSession()
	if err != nil {
		result.fail(s.failureKind(parent, runCtx), fmt.Errorf("open session: %w", err))
		return
	}
	defer session.Close()
	stdout, stderr := newBoundedBuffer(s.outputLimit), newBoundedBuffer(s.outputLimit)
	session.Stdout, session.Stderr = stdout, stderr
	session.Stdin = strings.NewReader(envStdin(cmd.Env))
	stop := context.AfterFunc(runCtx, func() {
		_ = session.Signal(ssh.SIGKILL) // best effort: many servers ignore it
		client.Close()
	})
	defer stop()
	err = session.Run(RemoteCommandLine(cmd))
	result.Stdout, result.Stderr = stdout.Output(), stderr.Output()
	s.classify(parent, runCtx, err, result)
}

func (s *SSH) classify(parent, runCtx context.Context, err error, result *Result) {
	var exitErr *ssh.ExitError
	switch {
	case err == nil:
		result.ExitCode = 0
	case runCtx.Err() != nil:
		result.fail(contextErrorKind(parent), fmt.Errorf("%s stopped: %w", result.Argv[0], runCtx.Err()))
		result.Warnings = append(result.Warnings, "connection closed on timeout/cancel; the remote process may still be running")
	case errors.As(err, &exitErr) && exitErr.Signal() != "":
		result.fail(ErrorNonZeroExit, fmt.Errorf("%s killed by signal %s", result.Argv[0], exitErr.Signal()))
	case errors.As(err, &exitErr):
		result.ExitCode = exitErr.ExitStatus()
		result.fail(ErrorNonZeroExit, fmt.Errorf("%s exited with code %d", result.Argv[0], result.ExitCode))
	default:
		result.fail(ErrorTransport, fmt.Errorf("%s: %w", result.Argv[0], err))
	}
}

// RemoteCommandLine builds the line the remote shell runs. Every argv
// element is single-quoted. Env values never appear in it (a remote process
// list would show them): a fixed script reads them from stdin, one per line,
// exports them and execs argv.
func RemoteCommandLine(cmd Command) string {
	keys := sortedKeys(cmd.Env)
	if len(keys) == 0 {
		return ShellJoin(cmd.Argv)
	}
	var script strings.Builder
	for _, key := range keys {
		script.WriteString("IFS= read -r " + key + " && ")
	}
	script.WriteString("export " + strings.Join(keys, " ") + ` && exec "$@"`)
	return "sh -c " + ShellQuote(script.String()) + " sh " + ShellJoin(cmd.Argv)
}

// envStdin is the stdin that feeds RemoteCommandLine's script.
func envStdin(env map[string]string) string {
	var b strings.Builder
	for _, key := range sortedKeys(env) {
		b.WriteString(env[key] + "\n")
	}
	return b.String()
}

func sortedKeys(env map[string]string) []string {
	keys := make([]string, 0, len(env))
	for key := range env {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}
