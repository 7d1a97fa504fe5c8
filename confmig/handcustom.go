package confmig

import (
	"cmp"
	"net/netip"
	"strconv"
	"strings"

	"github.com/warren-sre/warren/confmig/schema"
	"github.com/warren-sre/warren/erlterm"
)

// Inverses of translation funs that build one value from several keys.
// Each reads its conf keys from the schema where the schema names them.

// memoryWatermark: 0.4 → .relative; {absolute, "3GiB"} → .absolute.
func memoryWatermark(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
	ms := r.idx.Mappings(p)
	switch x := v.(type) {
	case *erlterm.Float, *erlterm.Integer:
		return keyed(ms, "relative", numberValue, x)
	case *erlterm.Tuple:
		if len(x.Elems) == 2 && atomName(x.Elems[0]) == "absolute" {
			return keyed(ms, "absolute", textOrIntValue, x.Elems[1])
		}
	}
	return nil, noForm("vm_memory_high_watermark %s is neither a fraction nor {absolute, Size}", erlterm.Format(v))
}

// diskFreeLimit: 50000000 or "2GB" → .absolute; {mem_relative, 1.0} → .relative.
func diskFreeLimit(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
	ms := r.idx.Mappings(p)
	if tup, ok := v.(*erlterm.Tuple); ok {
		if len(tup.Elems) == 2 && atomName(tup.Elems[0]) == "mem_relative" {
			return keyed(ms, "relative", numberValue, tup.Elems[1])
		}
		return nil, noForm("disk_free_limit %s is neither a size nor {mem_relative, Ratio}", erlterm.Format(v))
	}
	return keyed(ms, "absolute", textOrIntValue, v)
}

// keyed writes one value under the schema's key ending in suffix.
func keyed(ms []schema.Mapping, suffix string, enc encoder, v erlterm.Term) ([]line, error) {
	key, err := confNamed(ms, suffix)
	if err != nil {
		return nil, err
	}
	s, err := enc(v)
	return []line{{Key: key, Value: s}}, err
}

// defaultPermissions: [Configure, Write, Read], the order rabbit.schema builds.
func defaultPermissions(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
	elems, err := properList(v)
	if err != nil {
		return nil, err
	}
	if len(elems) != 3 {
		return nil, noForm("default_permissions must list exactly three patterns")
	}
	var lines []line
	for i, name := range []string{"configure", "write", "read"} {
		got, err := keyed(r.idx.Mappings(p), name, textValue, elems[i])
		if err != nil {
			return nil, err
		}
		lines = append(lines, got...)
	}
	return lines, nil
}

// clusterNodes: {[rabbit@a, rabbit@b], disc} → classic-config peer discovery.
func clusterNodes(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
	tup, ok := v.(*erlterm.Tuple)
	if !ok || len(tup.Elems) != 2 {
		return nil, noForm("cluster_nodes %s is not a {Nodes, NodeType} pair", erlterm.Format(v))
	}
	nodes, err := listShape(r.idx.Mappings(p), tup.Elems[0])
	if err != nil {
		return nil, err
	}
	backend, err := r.convert("rabbit.cluster_formation.peer_discovery_backend", erlterm.NewAtom("rabbit_peer_discovery_classic_config"))
	if err != nil {
		return nil, err
	}
	nodeType, err := r.convert("rabbit.cluster_formation.node_type", tup.Elems[1])
	if err != nil {
		return nil, err
	}
	return append(append(backend, nodes...), nodeType...), nil
}

// partitionHandling: an atom, or {pause_if_all_down, [Nodes], ignore | autoheal}.
func partitionHandling(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
	ms := r.idx.Mappings(p)
	if _, ok := v.(*erlterm.Atom); ok {
		return valueShape(p, ms, v)
	}
	tup, ok := v.(*erlterm.Tuple)
	if !ok || len(tup.Elems) != 3 || atomName(tup.Elems[0]) != "pause_if_all_down" {
		return nil, noForm("cluster_partition_handling %s is not a known form", erlterm.Format(v))
	}
	mode, err := valueShape(p, ms, tup.Elems[0])
	if err != nil {
		return nil, err
	}
	nodesKey, err := confNamed(ms, "pause_if_all_down.nodes.$name")
	if err != nil {
		return nil, err
	}
	nodes, err := properList(tup.Elems[1])
	if err != nil {
		return nil, err
	}
	lines := mode
	for i, n := range nodes {
		s, err := atomValue(n)
		if err != nil {
			return nil, err
		}
		lines = append(lines, line{Key: trimVar(nodesKey) + "." + strconv.Itoa(i+1), Value: s})
	}
	recover, err := keyed(ms, "pause_if_all_down.recover", atomValue, tup.Elems[2])
	return append(lines, recover...), err
}

// trimVar drops the trailing .$name of a conf key.
func trimVar(conf string) string {
	for i := len(conf) - 1; i >= 0; i-- {
		if conf[i] == '.' {
			return conf[:i]
		}
	}
	return conf
}

// authBackendNames are the short names rabbit.schema turns back into modules.
var authBackendNames = map[string]string{
	"rabbit_auth_backend_internal": "internal", "rabbit_auth_backend_ldap": "ldap",
	"rabbit_auth_backend_http": "http", "rabbit_auth_backend_cache": "cache",
	"rabbit_auth_backend_amqp": "amqp", "rabbit_auth_backend_dummy": "dummy",
	"rabbit_auth_backend_oauth2": "oauth2",
}

func shortName(names map[string]string, t erlterm.Term) (string, error) {
	if short, ok := names[atomName(t)]; ok {
		return short, nil
	}
	return atomValue(t)
}

// authBackends: [internal] or [{AuthN, AuthZ}] entries, in order, under
// the schema's auth_backends.$num.
func authBackends(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
	_, prefix, _, err := namedMapping(r.idx.Mappings(p))
	if err != nil {
		return nil, err
	}
	elems, err := properList(v)
	if err != nil {
		return nil, err
	}
	if len(elems) == 0 {
		return nil, noForm("an empty auth_backends list has no rabbitmq.conf form")
	}
	var lines []line
	for i, e := range elems {
		key := prefix + "." + strconv.Itoa(i+1)
		got, err := authPair(key, e)
		if err != nil {
			return nil, err
		}
		lines = append(lines, got...)
	}
	return lines, nil
}

// authPair writes key = name, or key.authn/key.authz for {AuthN, AuthZ}.
func authPair(key string, e erlterm.Term) ([]line, error) {
	if tup, ok := e.(*erlterm.Tuple); ok && len(tup.Elems) == 2 {
		authn, err := shortName(authBackendNames, tup.Elems[0])
		if err != nil {
			return nil, err
		}
		authz, err := shortName(authBackendNames, tup.Elems[1])
		return []line{{Key: key + ".authn", Value: authn}, {Key: key + ".authz", Value: authz}}, err
	}
	name, err := shortName(authBackendNames, e)
	return []line{{Key: key, Value: name}}, err
}

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
		key, err := confNamed(r.idx.Mappings(p), lastSegment(p))
		if err != nil {
			key = plainMappings(r.idx.Mappings(p))[0].Conf
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

func lastSegment(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '.' {
			return p[i+1:]
		}
	}
	return p
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
	return []line{{Key: plainMappings(r.idx.Mappings(p))[0].Conf, Value: addr.String()}}, nil
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
	ms := plainMappings(r.idx.Mappings(p))
	if len(ms) == 0 {
		return nil, noForm("the schema has no key for %s", p)
	}
	return []line{{Key: ms[0].Conf, Value: s}}, nil
}
