package executor

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"net"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// hostKeyChecker verifies host keys against one known_hosts file and turns
// knownhosts' terse errors into refusals an operator can act on.
type hostKeyChecker struct {
	path     string
	callback ssh.HostKeyCallback
}

func newHostKeyChecker(path string) (*hostKeyChecker, error) {
	callback, err := knownhosts.New(path)
	if err != nil {
		return nil, fmt.Errorf("read known_hosts %s: %w", path, err)
	}
	return &hostKeyChecker{path: path, callback: callback}, nil
}

// check is an ssh.HostKeyCallback with clear refusals.
func (h *hostKeyChecker) check(hostname string, remote net.Addr, key ssh.PublicKey) error {
	err := h.callback(hostname, remote, key)
	if err == nil {
		return nil
	}
	fingerprint := ssh.FingerprintSHA256(key)
	var keyErr *knownhosts.KeyError
	var revoked *knownhosts.RevokedError
	switch {
	case errors.As(err, &revoked):
		return fmt.Errorf("refusing %s: its host key %s %s is marked revoked in %s", hostname, key.Type(), fingerprint, h.path)
	case errors.As(err, &keyErr) && len(keyErr.Want) == 0:
		return fmt.Errorf("refusing %s: unknown host key %s %s, not in %s; verify the fingerprint out of band, then add it (e.g. ssh-keyscan)", hostname, key.Type(), fingerprint, h.path)
	case errors.As(err, &keyErr):
		return fmt.Errorf("refusing %s: HOST KEY CHANGED, it presented %s %s but %s expects %s; possible man-in-the-middle", hostname, key.Type(), fingerprint, h.path, describeKnown(keyErr.Want))
	}
	return fmt.Errorf("refusing %s (host key %s): %w", hostname, fingerprint, err)
}

func describeKnown(known []knownhosts.KnownKey) string {
	parts := make([]string, len(known))
	for i, k := range known {
		parts[i] = fmt.Sprintf("%s %s (line %d)", k.Key.Type(), ssh.FingerprintSHA256(k.Key), k.Line)
	}
	return strings.Join(parts, ", ")
}

// algorithmsFor returns the host key algorithms known_hosts holds for addr,
// so the handshake negotiates a key type we can actually check instead of
// failing as "changed" when the server prefers a type we have no line for.
// Nil means no entry: the default list, and the refusal names the key.
func (h *hostKeyChecker) algorithmsFor(addr string) []string {
	probe, err := probeKey()
	if err != nil {
		return nil
	}
	err = h.callback(addr, &net.TCPAddr{IP: net.IPv4zero}, probe)
	var keyErr *knownhosts.KeyError
	if !errors.As(err, &keyErr) {
		return nil
	}
	var algorithms []string
	for _, known := range keyErr.Want {
		algorithms = append(algorithms, algorithmsForKeyType(known.Key.Type())...)
	}
	return algorithms
}

// algorithmsForKeyType maps a key type to the signature algorithms for it.
func algorithmsForKeyType(keyType string) []string {
	if keyType == ssh.KeyAlgoRSA {
		return []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA}
	}
	return []string{keyType}
}

// probeKey returns a key no known_hosts holds in practice (all-zero seed);
// it only serves to make knownhosts list the keys it knows for an address.
func probeKey() (ssh.PublicKey, error) {
	return ssh.NewPublicKey(ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)).Public())
}
