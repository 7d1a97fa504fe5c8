package confmig

import (
	"cmp"
	"net/netip"
	"strings"

	"github.com/warren-sre/warren/erlterm"
)

// Inverses of the plugins' (and kernel's, osiris') translation funs.

// cachedBackend: ldap or {ldap, internal} under auth_cache.cached_backend.
func cachedBackend(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
	for _, m := range plainMappings(r.idx.Mappings(p)) {
		if !strings.HasSuffix(m.Conf, ".authn") && !strings.HasSuffix(m.Conf, ".authz") {
			return authPair(m.Conf, v)
		}
	}
	return nil, noForm("the schema has no auth_cache.cached_backend key")
}

// linger: {true, 10} → PREFIX.linger.on = true, PREFIX.linger.timeout = 10.
func linger(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
	tup, ok := v.(*erlterm.Tuple)
	if !ok || len(tup.Elems) != 2 {
		return nil, noForm("linger %s is not an {OnOff, Seconds} pair", erlterm.Format(v))
	}
	ms := r.idx.Mappings(p)
	on, err := keyed(ms, "linger.on", boolValue, tup.Elems[0])
	if err != nil {
		return nil, err
	}
	timeout, err := keyed(ms, "linger.timeout", intValue, tup.Elems[1])
	return append(on, timeout...), err
}

// minMax: {Min, Max} → KEY.min, KEY.max (startup delay, stream port range).
func minMax(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
	tup, ok := v.(*erlterm.Tuple)
	if !ok || len(tup.Elems) != 2 {
		return nil, noForm("%s is not a {Min, Max} pair", erlterm.Format(v))
	}
	ms := r.idx.Mappings(p)
	lo, err := keyed(ms, "min", intValue, tup.Elems[0])
	if err != nil {
		return nil, err
	}
	hi, err := keyed(ms, "max", intValue, tup.Elems[1])
	return append(lo, hi...), err
}

// discoveryBackends and importBackends are the short names the schema
// turns back into modules.
var (
	discoveryBackends = map[string]string{
		"rabbit_peer_discovery_classic_config": "classic_config", "rabbit_peer_discovery_dns": "dns",
		"rabbit_peer_discovery_aws": "aws", "rabbit_peer_discovery_k8s": "k8s",
		"rabbit_peer_discovery_consul": "consul", "rabbit_peer_discovery_etcd": "etcd",
	}
	importBackends = map[string]string{
		"rabbit_definitions_import_local_filesystem": "local_filesystem",
		"rabbit_definitions_import_https":            "https",
	}
)

func shortModule(names map[string]string) inverse {
	return func(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
		key, err := firstPlain(r.idx.Mappings(p))
		if err != nil {
			return nil, err
		}
		s, err := shortName(names, v)
		return []line{{Key: key, Value: s}}, err
	}
}

func moduleList(names map[string]string) inverse {
	return func(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
		elems, err := properList(v)
		if err != nil {
			return nil, err
		}
		short := make([]erlterm.Term, len(elems))
		for i, e := range elems {
			s, err := shortName(names, e)
			if err != nil {
				return nil, err
			}
			short[i] = erlterm.NewAtom(s)
		}
		return listShape(r.idx.Mappings(p), erlterm.NewList(short...))
	}
}

// ldapBind: as_user | anon | {UserDN, Password}.
func ldapBind(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
	ms := r.idx.Mappings(p)
	tup, ok := v.(*erlterm.Tuple)
	if !ok {
		return valueShape(p, ms, v)
	}
	if len(tup.Elems) != 2 {
		return nil, noForm("%s %s is not {UserDN, Password}", p, erlterm.Format(v))
	}
	dn, err := keyed(ms, "user_dn", textValue, tup.Elems[0])
	if err != nil {
		return nil, err
	}
	pass, err := keyed(ms, "password", textValue, tup.Elems[1])
	if len(pass) == 1 {
		pass[0].Secret = true
	}
	return append(dn, pass...), err
}

// ipAddress: {127,0,0,1} (inet:parse_address's result) → 127.0.0.1.
func ipAddress(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
	tup, ok := v.(*erlterm.Tuple)
	if !ok || (len(tup.Elems) != 4 && len(tup.Elems) != 8) {
		return nil, noForm("%s is not an IP address tuple", erlterm.Format(v))
	}
	var addr netip.Addr
	if len(tup.Elems) == 4 {
		var b [4]byte
		for i, e := range tup.Elems {
			n, ok := small(e, 255)
			if !ok {
				return nil, noForm("%s is not an IPv4 address", erlterm.Format(v))
			}
			b[i] = byte(n)
		}
		addr = netip.AddrFrom4(b)
	} else {
		var b [16]byte
		for i, e := range tup.Elems {
			n, ok := small(e, 65535)
			if !ok {
				return nil, noForm("%s is not an IPv6 address", erlterm.Format(v))
			}
			b[2*i], b[2*i+1] = byte(n>>8), byte(n)
		}
		addr = netip.AddrFrom16(b)
	}
	key, err := firstPlain(r.idx.Mappings(p))
	return []line{{Key: key, Value: addr.String()}}, err
}

func small(t erlterm.Term, max int64) (int64, bool) {
	i, ok := t.(*erlterm.Integer)
	if !ok {
		return 0, false
	}
	n, ok := i.Int64()
	return n, ok && n >= 0 && n <= max
}

// sampleRetention: [{global, [{60, 5}, {3600, 60}]}] →
// management.sample_retention_policies.global.minute = 5, ....hour = 60.
func sampleRetention(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
	ms := r.idx.Mappings(p)
	if len(ms) == 0 {
		return nil, noForm("the schema has no sample_retention_policies keys")
	}
	prefix := trimVar(trimVar(ms[0].Conf)) // drop .$section.$interval
	sections, err := proplist(v)
	if err != nil {
		return nil, err
	}
	names := map[string]string{"60": "minute", "3600": "hour", "86400": "day"}
	var lines []line
	for _, s := range sections {
		pairs, err := keyValuePairs(s[1])
		if err != nil {
			return nil, err
		}
		// last first, as listShape: the translation keeps Cuttlefish's reversed order
		for i := len(pairs) - 1; i >= 0; i-- {
			kv := pairs[i]
			age, err := intValue(kv[0])
			if err != nil {
				return nil, err
			}
			every, err := intValue(kv[1])
			if err != nil {
				return nil, err
			}
			lines = append(lines, line{Key: prefix + "." + atomName(s[0]) + "." + cmp.Or(names[age], age), Value: every})
		}
	}
	return lines, nil
}

// syslogProtocol: udp | tcp, or {tls, Opts} which has no conf form here.
func syslogProtocol(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
	if _, ok := v.(*erlterm.Atom); ok {
		key, err := confNamed(r.idx.Mappings(p), "protocol")
		if err != nil {
			return nil, err
		}
		s, err := atomValue(v)
		return []line{{Key: key, Value: s}}, err
	}
	return nil, noForm("a syslog protocol with TLS options has no rabbitmq.conf form warren writes")
}

// termText: the LDAP queries' keys (4.3+) take the Erlang term as text,
// which the plugin parses back (rabbit_auth_backend_ldap_util:parse_query).
// The term is written on one line: Format breaks lines only between
// elements, never inside a string.
func termText(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
	var parts []string
	for _, l := range strings.Split(erlterm.Format(v), "\n") {
		parts = append(parts, strings.TrimSpace(l))
	}
	s, err := safeText(strings.Join(parts, " "))
	if err != nil {
		return nil, err
	}
	key, err := firstPlain(r.idx.Mappings(p))
	return []line{{Key: key, Value: s}}, err
}
