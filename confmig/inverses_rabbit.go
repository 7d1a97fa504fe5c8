package confmig

import (
	"strconv"
	"strings"

	"github.com/warren-sre/warren/confmig/schema"
	"github.com/warren-sre/warren/erlterm"
)

// Inverses of rabbit.schema's translation funs that build one value from
// several keys. Each reads its conf keys from the schema where the schema
// names them.

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

// trimVar drops the last segment of a conf key (its .$name).
func trimVar(conf string) string {
	return conf[:max(strings.LastIndexByte(conf, '.'), 0)]
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
