package checklist

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

const redacted = "[redacted]"

// Scrubber removes secrets from records before they reach the disk: the
// journal is attached to change tickets and read by colleagues. It scrubs
// where secrets occur (free text, argv, URLs, secret-named fields) and never
// the identities the run is folded from: with the password "rabbit", the
// step "prep.backup.rabbit@mq1" must stay that step, or its acknowledgement
// is lost and its action offered again.
type Scrubber struct {
	secrets []string
}

// Add registers literal secret strings (passwords, cookies) to redact wherever
// they appear. Empty and very short strings are ignored: redacting "a" would
// shred the journal without protecting anything.
func (s *Scrubber) Add(secrets ...string) {
	for _, v := range secrets {
		if len(v) >= 3 {
			s.secrets = append(s.secrets, v)
		}
	}
}

var (
	// user:pass@ in URLs (amqp://, https://, ssh://).
	urlPassword = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*):[^@\s/]*@`)
	// password=..., token: ..., --password=...
	keyValue = regexp.MustCompile(`(?i)((?:password|passwd|secret|token|cookie|api[_-]?key)["']?\s*[=:]\s*["']?)[^\s"'&,;]+`)
	// --password VALUE as two argv elements.
	secretFlag = regexp.MustCompile(`(?i)^-{1,2}[a-z_-]*(password|passwd|secret|token|cookie|api[_-]?key)$`)
)

// identityKeys are the record fields that name things rather than carry
// text: step IDs, kinds, phases, node names, who and when. Secrets never
// occur there, and state is folded from them.
var identityKeys = map[string]bool{
	"seq": true, "at": true, "kind": true, "step": true, "title": true, "phase": true, "by": true,
	"node": true, "host": true, "user": true, "who": true, "pid": true, "since": true, "started": true,
	"verdict": true, "name": true, "exit_code": true, "duration_ns": true,
}

// secretKey reports whether a map key names a secret.
func secretKey(k string) bool {
	k = strings.ToLower(k)
	for _, w := range []string{"password", "passwd", "secret", "token", "cookie", "authorization", "apikey", "api_key", "credential"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// String scrubs one string.
func (s *Scrubber) String(v string) string {
	for _, secret := range s.secrets {
		v = strings.ReplaceAll(v, secret, redacted)
	}
	v = urlPassword.ReplaceAllString(v, "$1:"+redacted+"@")
	return keyValue.ReplaceAllString(v, "${1}"+redacted)
}

// JSON scrubs an encoded record by walking its decoded form, so escaped
// secrets are found too, and re-encodes it.
func (s *Scrubber) JSON(b []byte) ([]byte, error) {
	// UseNumber keeps integers (durations in ns) exact.
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(s.walk(v))
}

func (s *Scrubber) walk(v any) any {
	switch t := v.(type) {
	case string:
		return s.String(t)
	case map[string]any:
		for k, e := range t {
			if identityKeys[k] {
				continue
			}
			if _, isString := e.(string); isString && secretKey(k) {
				t[k] = redacted
				continue
			}
			t[k] = s.walk(e)
		}
		return t
	case []any:
		for i, e := range t {
			if i > 0 && isSecretFlag(t[i-1]) {
				t[i] = redacted
				continue
			}
			t[i] = s.walk(e)
		}
		return t
	}
	return v
}

func isSecretFlag(v any) bool {
	s, ok := v.(string)
	return ok && secretFlag.MatchString(s)
}
