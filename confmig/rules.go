package confmig

import (
	"strconv"

	"github.com/warren-sre/warren/erlterm"
)

// line is one "key = value" of rabbitmq.conf.
type line struct {
	Key, Value string
	Secret     bool // never shown in reports
}

// rule turns the value of one application env key into rabbitmq.conf
// lines. Keys are relative: nested rules prefix them. A *noConfForm error
// sends the whole entry to advanced.config.
type rule func(v erlterm.Term) ([]line, error)

func scalar(key string, enc encoder) rule {
	return func(v erlterm.Term) ([]line, error) {
		s, err := enc(v)
		if err != nil {
			return nil, err
		}
		return []line{{Key: key, Value: s}}, nil
	}
}

// secret is a text value that must not appear in reports.
func secret(key string) rule {
	return func(v erlterm.Term) ([]line, error) {
		s, err := textValue(v)
		if err != nil {
			return nil, err
		}
		return []line{{Key: key, Value: s, Secret: true}}, nil
	}
}

// indexed writes a list as prefix.1, prefix.2, ... keeping its order.
func indexed(prefix string, enc encoder) rule {
	return func(v erlterm.Term) ([]line, error) {
		elems, err := properList(v)
		if err != nil {
			return nil, err
		}
		if len(elems) == 0 {
			return nil, noForm("an empty list has no rabbitmq.conf form for %s", prefix)
		}
		lines := make([]line, 0, len(elems))
		for i, e := range elems {
			s, err := enc(e)
			if err != nil {
				return nil, err
			}
			lines = append(lines, line{Key: prefix + "." + strconv.Itoa(i+1), Value: s})
		}
		return lines, nil
	}
}

// indexedLastFirst is indexed with the lines written from last to first:
// Cuttlefish 3 hands a translation the matching lines in reverse file
// order, and translations such as auth_ldap.servers keep that order, so
// writing them reversed gives the node the original (failover) order.
// --verify checks this against the installed schema.
func indexedLastFirst(prefix string, enc encoder) rule {
	forward := indexed(prefix, enc)
	return func(v erlterm.Term) ([]line, error) {
		lines, err := forward(v)
		for i, j := 0, len(lines)-1; i < j; i, j = i+1, j-1 {
			lines[i], lines[j] = lines[j], lines[i]
		}
		return lines, err
	}
}

// nameFlags writes a list of names as prefix.NAME = true (tags, users).
func nameFlags(prefix string, noneWhenEmpty bool) rule {
	return func(v erlterm.Term) ([]line, error) {
		elems, err := properList(v)
		if err != nil {
			return nil, err
		}
		if len(elems) == 0 {
			if noneWhenEmpty {
				return []line{{Key: prefix, Value: "none"}}, nil
			}
			return nil, noForm("an empty list has no rabbitmq.conf form for %s", prefix)
		}
		var lines []line
		for _, e := range elems {
			name, ok := text(e)
			if a, isAtom := e.(*erlterm.Atom); isAtom {
				name, ok = a.Name, true
			}
			if !ok {
				return nil, noForm("%s is not a name", erlterm.Format(e))
			}
			seg, err := keySegment(name)
			if err != nil {
				return nil, err
			}
			lines = append(lines, line{Key: prefix + "." + seg, Value: "true"})
		}
		return lines, nil
	}
}

// nested translates a property list with one rule per known key. An
// unknown key sends the whole entry to advanced.config: half a setting in
// each file would be harder to review than one intact entry.
func nested(prefix string, sub map[string]rule) rule {
	return func(v erlterm.Term) ([]line, error) {
		pairs, err := proplist(v)
		if err != nil {
			return nil, err
		}
		var lines []line
		for _, p := range pairs {
			name := atomName(p[0])
			r, ok := sub[name]
			if !ok {
				return nil, noForm("%s.%s has no rabbitmq.conf form known to warren", prefix, name)
			}
			got, err := r(p[1])
			if err != nil {
				return nil, err
			}
			lines = append(lines, withPrefix(prefix, got)...)
		}
		return lines, nil
	}
}

func withPrefix(prefix string, lines []line) []line {
	if prefix == "" {
		return lines
	}
	out := make([]line, len(lines))
	for i, l := range lines {
		out[i] = l
		if l.Key == "" {
			out[i].Key = prefix
		} else {
			out[i].Key = prefix + "." + l.Key
		}
	}
	return out
}

// listeners handles 5672, {"127.0.0.1", 5672} and [] (listeners.tcp = none).
func listeners(prefix string) rule {
	return func(v erlterm.Term) ([]line, error) {
		elems, err := properList(v)
		if err != nil {
			return nil, err
		}
		if len(elems) == 0 {
			return []line{{Key: prefix, Value: "none"}}, nil
		}
		lines := make([]line, 0, len(elems))
		for i, e := range elems {
			s, err := listenerValue(e)
			if err != nil {
				return nil, err
			}
			key := prefix + "." + strconv.Itoa(i+1)
			if len(elems) == 1 {
				key = prefix + ".default"
			}
			lines = append(lines, line{Key: key, Value: s})
		}
		return lines, nil
	}
}

func listenerValue(t erlterm.Term) (string, error) {
	if _, ok := t.(*erlterm.Integer); ok {
		return intValue(t)
	}
	tup, ok := t.(*erlterm.Tuple)
	if !ok || len(tup.Elems) != 2 {
		return "", noForm("listener %s is neither a port nor an {IP, Port} pair", erlterm.Format(t))
	}
	ip, err := textValue(tup.Elems[0])
	if err != nil {
		return "", err
	}
	port, err := intValue(tup.Elems[1])
	if err != nil {
		return "", err
	}
	return ip + ":" + port, nil
}

// tlsRules are the ssl_options keys the schema maps under every TLS prefix.
func tlsRules() map[string]rule {
	return map[string]rule{
		"verify":               scalar("verify", atomValue),
		"fail_if_no_peer_cert": scalar("fail_if_no_peer_cert", boolValue),
		"cacertfile":           scalar("cacertfile", textValue),
		"certfile":             scalar("certfile", textValue),
		"keyfile":              scalar("keyfile", textValue),
		"password":             secret("password"),
		"depth":                scalar("depth", intValue),
		"dhfile":               scalar("dhfile", textValue),
		"crl_check":            scalar("crl_check", atomValue),
		"honor_cipher_order":   scalar("honor_cipher_order", boolValue),
		"honor_ecc_order":      scalar("honor_ecc_order", boolValue),
		"reuse_sessions":       scalar("reuse_sessions", boolValue),
		"secure_renegotiate":   scalar("secure_renegotiate", boolValue),
		"client_renegotiation": scalar("client_renegotiation", boolValue),
		"log_alert":            scalar("log_alert", boolValue),
		"versions":             indexedLastFirst("versions", atomValue),
		"ciphers":              indexedLastFirst("ciphers", textValue), // preference order
	}
}

// tcpListenRules are the gen_tcp options the schema maps under tcp_listen_options.
func tcpListenRules() map[string]rule {
	r := map[string]rule{"linger": linger}
	for _, k := range []string{"backlog", "buffer", "high_msgq_watermark", "high_watermark",
		"low_msgq_watermark", "low_watermark", "priority", "recbuf", "send_timeout", "sndbuf", "tos", "port"} {
		r[k] = scalar(k, intValue)
	}
	for _, k := range []string{"nodelay", "delay_send", "dontroute", "exit_on_close", "keepalive", "send_timeout_close"} {
		r[k] = scalar(k, boolValue)
	}
	return r
}

// linger is {linger, {true, 10}} → linger.on = true, linger.timeout = 10.
func linger(v erlterm.Term) ([]line, error) {
	tup, ok := v.(*erlterm.Tuple)
	if !ok || len(tup.Elems) != 2 {
		return nil, noForm("linger %s is not an {OnOff, Seconds} pair", erlterm.Format(v))
	}
	on, err := boolValue(tup.Elems[0])
	if err != nil {
		return nil, err
	}
	timeout, err := intValue(tup.Elems[1])
	if err != nil {
		return nil, err
	}
	return []line{{Key: "linger.on", Value: on}, {Key: "linger.timeout", Value: timeout}}, nil
}

// merge adds the rules of b to a (b wins) and returns a.
func merge(a, b map[string]rule) map[string]rule {
	for k, r := range b {
		a[k] = r
	}
	return a
}
