// Package targets resolves which cluster warren talks to: flags, a named
// entry of the user's targets file, or the local lab; and where the password
// comes from (env var, file or prompt — never argv).
package targets

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/warren-sre/warren/broker"
	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/safefile"
)

// DefaultPasswordEnv is read when no other password source is named.
const DefaultPasswordEnv = "WARREN_PASSWORD"

// Options are what the user asked for on the command line.
type Options struct {
	Name         string   // entry of the targets file
	URLs         []string // management URLs, one per node
	AMQPURLs     []string // optional, same order as URLs
	Username     string
	PasswordEnv  string
	PasswordFile string
	Insecure     bool
	CAFile       string
	Timeout      time.Duration
	File         string // targets file; default in the user's config dir
	// Prompt asks for a password interactively; nil when stdin is not a terminal.
	Prompt func(question string) (string, error)
}

// Resolved is a target plus the warnings the user must see (e.g. a password
// given in a URL).
type Resolved struct {
	Target   broker.Target
	Warnings []string
	Entry    *Entry // the targets-file entry, when one was used
	// Lab is the local lab behind the target, when it is one (`--target
	// lab`, `--target lab:NAME`, or nothing at all).
	Lab *lab.Config
}

// LabTargetName is the --target that names a lab: "lab" for the default
// one, "lab:NAME" for a named one.
func LabTargetName(name string) string {
	if name == "" {
		return "lab"
	}
	return "lab:" + name
}

// labName reports whether a --target names a lab, and which.
func labName(target string) (string, bool) {
	if target == "lab" {
		return "", true
	}
	name, ok := strings.CutPrefix(target, "lab:")
	return name, ok
}

// Resolve builds the target from flags, a named entry, or the lab defaults.
func Resolve(o Options) (Resolved, error) {
	switch {
	case len(o.URLs) > 0 && o.Name != "":
		return Resolved{}, errors.New("give either --target or --url, not both")
	case len(o.URLs) > 0:
		return fromURLs(o)
	case o.Name != "":
		if name, ok := labName(o.Name); ok {
			return fromLab(o, name)
		}
		return fromFile(o)
	default:
		return fromLab(o, "")
	}
}

func fromLab(o Options, name string) (Resolved, error) {
	base, err := lab.FromEnv()
	if err != nil {
		return Resolved{}, err
	}
	cfg, err := lab.Open(name, base, true)
	if err != nil {
		return Resolved{}, err
	}
	t := broker.Target{Name: LabTargetName(name), Username: "guest", Password: "guest", Timeout: o.Timeout}
	for _, n := range cfg.AllNodes() {
		t.Nodes = append(t.Nodes, broker.Endpoint{Name: n.Name, MgmtURL: n.MgmtURL(), AMQPURL: n.AMQPURL()})
	}
	if o.Username != "" && o.Username != "guest" {
		t.Username = o.Username
		pw, err := password(o, "", nil)
		if err != nil {
			return Resolved{}, err
		}
		t.Password = pw
	}
	return Resolved{Target: t, Lab: &cfg}, nil
}

func fromURLs(o Options) (Resolved, error) {
	if len(o.AMQPURLs) > 0 && len(o.AMQPURLs) != len(o.URLs) {
		return Resolved{}, fmt.Errorf("give one --amqp-url per --url (%d vs %d)", len(o.AMQPURLs), len(o.URLs))
	}
	res := Resolved{Target: broker.Target{
		Name: "cli", Username: o.Username, Insecure: o.Insecure, CAFile: o.CAFile, Timeout: o.Timeout,
	}}
	var urlPassword string
	for i, raw := range o.URLs {
		ep, user, pw, err := endpointFromURL(raw)
		if err != nil {
			return Resolved{}, err
		}
		if len(o.AMQPURLs) > 0 {
			ep.AMQPURL = o.AMQPURLs[i]
		}
		if user != "" && res.Target.Username == "" {
			res.Target.Username = user
		}
		if pw != "" {
			urlPassword = pw
		}
		res.Target.Nodes = append(res.Target.Nodes, ep)
	}
	if urlPassword != "" {
		res.Warnings = append(res.Warnings, "a password was given in a URL: it can leak through shell history and process lists; use "+DefaultPasswordEnv+" or --password-file")
	}
	if res.Target.Username == "" {
		res.Target.Username = "guest"
	}
	pw, err := password(o, urlPassword, nil)
	if err != nil {
		return Resolved{}, err
	}
	res.Target.Password = pw
	if o.Insecure {
		res.Warnings = append(res.Warnings, "TLS certificate verification is OFF (--insecure)")
	}
	return res, nil
}

// endpointFromURL parses a management URL, strips credentials from it and
// derives the node's AMQP URL (same host; 5672, or 5671 for https).
func endpointFromURL(raw string) (broker.Endpoint, string, string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return broker.Endpoint{}, "", "", fmt.Errorf("--url %q must look like http://host:15672 or https://host:15671", broker.RedactURL(raw))
	}
	var user, pw string
	if u.User != nil {
		user = u.User.Username()
		pw, _ = u.User.Password()
		u.User = nil
	}
	u.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/api")
	amqpScheme, amqpPort := "amqp", "5672"
	if u.Scheme == "https" {
		amqpScheme, amqpPort = "amqps", "5671"
	}
	host := u.Hostname()
	ep := broker.Endpoint{
		MgmtURL: u.String(),
		AMQPURL: amqpScheme + "://" + net.JoinHostPort(host, amqpPort) + "/",
	}
	return ep, user, pw, nil
}

// password picks the password source in order: file, named env var, the URL,
// the default env var, then an interactive prompt.
func password(o Options, fromURL string, e *Entry) (string, error) {
	file, envName := o.PasswordFile, o.PasswordEnv
	if e != nil {
		if file == "" {
			file = e.PasswordFile
		}
		if envName == "" {
			envName = e.PasswordEnv
		}
	}
	if file != "" {
		raw, err := safefile.Read(expandHome(file), safefile.SecretLimit)
		if err != nil {
			return "", fmt.Errorf("password file: %w", err)
		}
		return strings.TrimRight(string(raw), "\r\n"), nil
	}
	if envName != "" {
		v, ok := os.LookupEnv(envName)
		if !ok {
			return "", fmt.Errorf("password environment variable %s is not set", envName)
		}
		return v, nil
	}
	if fromURL != "" {
		return fromURL, nil
	}
	if v, ok := os.LookupEnv(DefaultPasswordEnv); ok {
		return v, nil
	}
	if o.Prompt != nil {
		return o.Prompt("Password: ")
	}
	if o.Username == "" || o.Username == "guest" {
		// RabbitMQ's default user; it only works on loopback anyway.
		return "guest", nil
	}
	return "", fmt.Errorf("no password: set %s, or use --password-file or --password-env", DefaultPasswordEnv)
}

func expandHome(p string) string {
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[2:])
		}
	}
	return p
}
