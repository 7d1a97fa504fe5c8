package labtest

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/warren-sre/warren/lab"
)

// SSHD is the machine's own OpenSSH server, started for one test on a
// loopback port: what the ssh executor logs in to, as it would to a
// cluster's host.
type SSHD struct {
	Port       int
	User       string // the user the test runs as, who may log in
	KnownHosts string // a known_hosts file holding the server's key
	Identity   string // the private key the server accepts
	log        string
}

// Log is what the server logged so far (logins accepted and refused).
func (s SSHD) Log() string {
	raw, _ := os.ReadFile(s.log)
	return string(raw)
}

// StartSSHD starts sshd with a fresh host key and one authorized key,
// public-key logins only, and stops it when the test ends. A machine
// without OpenSSH's server skips the test outside CI and fails it under
// CI (make test installs it).
func StartSSHD(t testing.TB) SSHD {
	t.Helper()
	binary, err := exec.LookPath("sshd")
	if err != nil {
		binary = "/usr/sbin/sshd" // often not on a user's PATH
	}
	if _, err := os.Stat(binary); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("no OpenSSH server (apt install openssh-server): %v", err)
		}
		t.Fatalf("no OpenSSH server: %v", err)
	}
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s := SSHD{Port: freePort(t), User: me.Username, Identity: filepath.Join(dir, "id_ed25519"),
		KnownHosts: filepath.Join(dir, "known_hosts"), log: filepath.Join(dir, "sshd.log")}
	hostKey := writeKeyPair(t, filepath.Join(dir, "host_ed25519"))
	clientKey := writeKeyPair(t, s.Identity)
	writeFile(t, filepath.Join(dir, "authorized_keys"), ssh.MarshalAuthorizedKey(clientKey))
	writeFile(t, s.KnownHosts, []byte(fmt.Sprintf("[127.0.0.1]:%d %s", s.Port, ssh.MarshalAuthorizedKey(hostKey))))
	config := filepath.Join(dir, "sshd_config")
	writeFile(t, config, []byte(sshdConfig(dir, s.Port)))
	// sshd refuses to start without its privilege-separation directory.
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(binary, "-t", "-f", config).CombinedOutput(); err != nil {
		t.Fatalf("sshd refuses its configuration: %v\n%s", err, out)
	}
	// -D stays in the foreground (a child of the test), -E logs to a file.
	cmd := exec.Command(binary, "-D", "-f", config, "-E", s.log)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start sshd: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	waitListening(t, s.Port, s.Log)
	return s
}

func sshdConfig(dir string, port int) string {
	return strings.Join([]string{
		"Port " + strconv.Itoa(port),
		"ListenAddress 127.0.0.1",
		"HostKey " + filepath.Join(dir, "host_ed25519"),
		"AuthorizedKeysFile " + filepath.Join(dir, "authorized_keys"),
		"PidFile " + filepath.Join(dir, "sshd.pid"),
		"PermitRootLogin prohibit-password",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"UsePAM no",
		// The test's files live in a temporary directory whose modes
		// sshd's ownership checks were not written for.
		"StrictModes no",
		"LogLevel VERBOSE",
		"",
	}, "\n")
}

// writeKeyPair writes a new ed25519 private key in OpenSSH's format and
// returns its public half.
func writeKeyPair(t testing.TB, path string) ssh.PublicKey {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, pem.EncodeToMemory(block))
	key, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func writeFile(t testing.TB, path string, content []byte) {
	t.Helper()
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// waitListening waits (10 s at most) until the server accepts connections.
func waitListening(t testing.TB, port int, log func() string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !lab.PortOpen(port); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("sshd did not listen on %d:\n%s", port, log())
		}
	}
}
