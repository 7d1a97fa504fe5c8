package executor

import (
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

const sshNode = "rabbit@host1"

type sshFixture struct {
	server   *testSSHServer
	client   ssh.Signer
	identity string
}

func newSSHFixture(t *testing.T) sshFixture {
	t.Setenv("SSH_AUTH_SOCK", "") // only the identity file, unless a test adds an agent
	client, private := newSigner(t)
	return sshFixture{
		server:   startSSHServer(t, client.PublicKey()),
		client:   client,
		identity: writeIdentity(t, private, ""),
	}
}

func (f sshFixture) options(knownHosts string) Options {
	return Options{
		CommandTimeout: 20 * time.Second,
		SSH:            SSHConfig{User: "tester", KnownHosts: knownHosts, IdentityFile: f.identity, ConnectTimeout: 5 * time.Second},
		Nodes:          []NodeSSH{{Name: sshNode, SSHHost: f.server.addr}},
	}
}

func (f sshFixture) executor(t *testing.T, opts Options) Executor {
	t.Helper()
	ex, err := New(KindSSH, opts)
	if err != nil {
		t.Fatalf("New(ssh): %v", err)
	}
	return ex
}

func TestSSHKnownHostRunsCommand(t *testing.T) {
	f := newSSHFixture(t)
	ex := f.executor(t, f.options(writeKnownHosts(t, f.server.addr, f.server.hostKey.PublicKey())))
	tests := []struct {
		name     string
		argv     []string
		wantExit int
		wantKind ErrorKind
		stdout   string
		stderr   string
	}{
		{"success", []string{"echo", "hello"}, 0, ErrorNone, "hello\n", ""},
		{"exit code and both streams", []string{"sh", "-c", "echo out; echo err >&2; exit 3"}, 3, ErrorNonZeroExit, "out\n", "err\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ex.Run(testContext(t), sshNode, Command{Argv: tt.argv})
			if r.ExitCode != tt.wantExit || r.ErrorKind != tt.wantKind {
				t.Fatalf("exit %d kind %q (%s), want %d %q", r.ExitCode, r.ErrorKind, r.Error, tt.wantExit, tt.wantKind)
			}
			if r.Stdout.Text != tt.stdout || r.Stderr.Text != tt.stderr {
				t.Errorf("stdout %q stderr %q", r.Stdout.Text, r.Stderr.Text)
			}
			if r.Target != "ssh tester@"+f.server.addr || len(r.Warnings) != 0 {
				t.Errorf("target %q warnings %v", r.Target, r.Warnings)
			}
		})
	}
}

func TestSSHRefusesUnknownHostKey(t *testing.T) {
	f := newSSHFixture(t)
	ex := f.executor(t, f.options(writeKnownHosts(t, f.server.addr, nil)))
	r := ex.Run(testContext(t), sshNode, Command{Argv: []string{"echo", "must not run"}})
	wantFingerprint := ssh.FingerprintSHA256(f.server.hostKey.PublicKey())
	if r.ErrorKind != ErrorTransport || !strings.Contains(r.Error, "unknown host key") ||
		!strings.Contains(r.Error, wantFingerprint) || !strings.Contains(r.Error, f.server.addr) {
		t.Fatalf("kind %q error %q; want a refusal naming %s and %s", r.ErrorKind, r.Error, f.server.addr, wantFingerprint)
	}
	if len(f.server.commandLines()) != 0 {
		t.Error("a command reached the server")
	}
}

func TestSSHRefusesChangedHostKey(t *testing.T) {
	f := newSSHFixture(t)
	oldKey, _ := newSigner(t)
	ex := f.executor(t, f.options(writeKnownHosts(t, f.server.addr, oldKey.PublicKey())))
	r := ex.Run(testContext(t), sshNode, Command{Argv: []string{"echo", "must not run"}})
	presented := ssh.FingerprintSHA256(f.server.hostKey.PublicKey())
	expected := ssh.FingerprintSHA256(oldKey.PublicKey())
	for _, want := range []string{"HOST KEY CHANGED", presented, expected, f.server.addr} {
		if !strings.Contains(r.Error, want) {
			t.Errorf("error %q does not name %q", r.Error, want)
		}
	}
	if r.ErrorKind != ErrorTransport || len(f.server.commandLines()) != 0 {
		t.Errorf("kind %q, commands received %v", r.ErrorKind, f.server.commandLines())
	}
}

func TestSSHInsecureIsVisible(t *testing.T) {
	f := newSSHFixture(t)
	opts := f.options("")
	opts.SSH.InsecureIgnoreHostKey = true
	r := f.executor(t, opts).Run(testContext(t), sshNode, Command{Argv: []string{"true"}})
	if !r.Succeeded() {
		t.Fatalf("failed: %s", r.Error)
	}
	fingerprint := ssh.FingerprintSHA256(f.server.hostKey.PublicKey())
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "NOT checked") || !strings.Contains(r.Warnings[0], fingerprint) {
		t.Errorf("warnings = %v", r.Warnings)
	}
}

// TestSSHQuotingSurvivesHostileArguments: hostile argv and env values arrive
// verbatim, nothing in them is executed, and env values never appear in the
// command line the server sees.
func TestSSHQuotingSurvivesHostileArguments(t *testing.T) {
	f := newSSHFixture(t)
	ex := f.executor(t, f.options(writeKnownHosts(t, f.server.addr, f.server.hostKey.PublicKey())))
	marker := filepath.Join(t.TempDir(), "pwned")
	args := append([]string{"; touch " + marker, "$(touch " + marker + ")"}, hostileArgs...)
	cookie := "'; touch " + marker + "; echo '"
	cmd := Command{
		Argv: append([]string{"sh", "-c", `printf '%s\0' "$RABBITMQ_ERLANG_COOKIE" "$LAB_HOME" "$@"`, "sh"}, args...),
		Env:  map[string]string{"RABBITMQ_ERLANG_COOKIE": cookie, "LAB_HOME": " spaced $(id) "},
	}
	r := ex.Run(testContext(t), sshNode, cmd)
	if !r.Succeeded() {
		t.Fatalf("kind %q exit %d: %s / %s", r.ErrorKind, r.ExitCode, r.Error, r.Stderr.Text)
	}
	want := strings.Join(append([]string{cookie, " spaced $(id) "}, args...), "\x00") + "\x00"
	if r.Stdout.Text != want {
		t.Errorf("got  %q\nwant %q", r.Stdout.Text, want)
	}
	if fileExists(marker) {
		t.Error("a hostile argument was executed")
	}
	for _, line := range f.server.commandLines() {
		if strings.Contains(line, cookie) {
			t.Errorf("secret env value in the remote command line: %s", line)
		}
	}
}

func TestSSHCommandTimeout(t *testing.T) {
	f := newSSHFixture(t)
	ex := f.executor(t, f.options(writeKnownHosts(t, f.server.addr, f.server.hostKey.PublicKey())))
	r := ex.Run(testContext(t), sshNode, Command{Argv: []string{"sleep", "30"}, Timeout: 300 * time.Millisecond})
	if r.ErrorKind != ErrorTimeout || len(r.Warnings) == 0 {
		t.Fatalf("kind %q (%s) warnings %v, want timeout with a warning", r.ErrorKind, r.Error, r.Warnings)
	}
}

// TestSSHSlowHostDoesNotBlockOthers: a host that accepts TCP but never
// speaks SSH fails on its connect timeout while another host's command runs.
func TestSSHSlowHostDoesNotBlockOthers(t *testing.T) {
	f := newSSHFixture(t)
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go acceptAndHold(silent)
	opts := f.options(writeKnownHosts(t, f.server.addr, f.server.hostKey.PublicKey()))
	opts.SSH.ConnectTimeout = 500 * time.Millisecond
	opts.Nodes = append(opts.Nodes, NodeSSH{Name: "rabbit@slow", SSHHost: silent.Addr().String()})
	ex := f.executor(t, opts)

	var wg sync.WaitGroup
	var slow, fast Result
	wg.Go(func() { slow = ex.Run(testContext(t), "rabbit@slow", Command{Argv: []string{"true"}}) })
	wg.Go(func() { fast = ex.Run(testContext(t), sshNode, Command{Argv: []string{"echo", "ok"}}) })
	wg.Wait()
	if !fast.Succeeded() || fast.Stdout.Text != "ok\n" {
		t.Errorf("healthy host: kind %q %s", fast.ErrorKind, fast.Error)
	}
	if slow.ErrorKind != ErrorTransport || !strings.Contains(slow.Error, "handshake") {
		t.Errorf("silent host: kind %q %s", slow.ErrorKind, slow.Error)
	}
}

func acceptAndHold(listener net.Listener) {
	for {
		conn, err := listener.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
	}
}

func TestSSHAgentAuth(t *testing.T) {
	f := newSSHFixture(t)
	keyring := agent.NewKeyring()
	_, private := newSigner(t)
	if err := keyring.Add(agent.AddedKey{PrivateKey: private}); err != nil {
		t.Fatal(err)
	}
	signer, _ := ssh.NewSignerFromKey(private)
	server := startSSHServer(t, signer.PublicKey())
	t.Setenv("SSH_AUTH_SOCK", serveAgent(t, keyring))
	opts := f.options(writeKnownHosts(t, server.addr, server.hostKey.PublicKey()))
	opts.SSH.IdentityFile = ""
	opts.Nodes = []NodeSSH{{Name: sshNode, SSHHost: "agentuser@" + server.addr}}
	r := f.executor(t, opts).Run(testContext(t), sshNode, Command{Argv: []string{"echo", "via agent"}})
	if !r.Succeeded() || r.Stdout.Text != "via agent\n" || !strings.HasPrefix(r.Target, "ssh agentuser@") {
		t.Fatalf("kind %q target %q: %s", r.ErrorKind, r.Target, r.Error)
	}
}

func serveAgent(t *testing.T, keyring agent.Agent) string {
	t.Helper()
	socket := filepath.Join(t.TempDir(), "agent.sock")
	listener, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			go func() { defer conn.Close(); _ = agent.ServeAgent(keyring, conn) }()
		}
	}()
	return socket
}

func TestSSHUnknownNodeIsNotStarted(t *testing.T) {
	f := newSSHFixture(t)
	ex := f.executor(t, f.options(writeKnownHosts(t, f.server.addr, f.server.hostKey.PublicKey())))
	r := ex.Run(testContext(t), "rabbit@elsewhere", Command{Argv: []string{"true"}})
	if r.ErrorKind != ErrorNotStarted || !strings.Contains(r.Error, "rabbit@elsewhere") {
		t.Fatalf("kind %q error %q", r.ErrorKind, r.Error)
	}
}
