package confmig

import (
	"strconv"

	"github.com/warren-sre/warren/erlterm"
)

// rabbitRules maps rabbit application env keys to rabbitmq.conf, following
// rabbit.schema (reference facts §7.3).
func rabbitRules() map[string]rule {
	r := map[string]rule{
		"tcp_listeners":                         listeners("listeners.tcp"),
		"ssl_listeners":                         listeners("listeners.ssl"),
		"ssl_options":                           nested("ssl_options", tlsRules()),
		"tcp_listen_options":                    nested("tcp_listen_options", tcpListenRules()),
		"vm_memory_high_watermark":              memoryWatermark,
		"disk_free_limit":                       diskFreeLimit,
		"default_pass":                          secret("default_pass"),
		"default_user_tags":                     nameFlags("default_user_tags", false),
		"default_permissions":                   defaultPermissions,
		"loopback_users":                        nameFlags("loopback_users", true),
		"connection_max":                        scalar("connection_max", intOrAtomValue),
		"cluster_nodes":                         clusterNodes,
		"cluster_formation":                     nested("cluster_formation", clusterFormationRules()),
		"cluster_partition_handling":            partitionHandling,
		"auth_backends":                         authBackends,
		"auth_mechanisms":                       indexed("auth_mechanisms", atomValue),
		"log":                                   nested("log", logRules()),
		"permit_deprecated_features":            permitDeprecated,
		"total_memory_available_override_value": scalar("total_memory_available_override_value", textOrIntValue),
	}
	renamed := map[string][2]string{ // env key → conf key, value kind
		"num_tcp_acceptors":             {"num_acceptors.tcp", "int"},
		"num_ssl_acceptors":             {"num_acceptors.ssl", "int"},
		"writer_gc_threshold":           {"socket_writer.gc_threshold", "int"},
		"log_root":                      {"log.dir", "text"},
		"classic_queue_default_version": {"classic_queue.default_version", "int"},
		"quorum_cluster_size":           {"quorum_queue.initial_cluster_size", "int"},
		"quorum_commands_soft_limit":    {"quorum_queue.commands_soft_limit", "int"},
	}
	same := map[string]string{ // env key = conf key
		"handshake_timeout": "int", "ssl_handshake_timeout": "int", "reverse_dns_lookups": "bool",
		"default_user": "text", "default_vhost": "text", "heartbeat": "int", "frame_max": "int",
		"initial_frame_max": "int", "channel_max": "int", "max_message_size": "int",
		"consumer_timeout": "int", "collect_statistics": "atom", "collect_statistics_interval": "int",
		"cluster_name": "text", "cluster_keepalive_interval": "int", "delegate_count": "int",
		"mirroring_sync_batch_size": "int", "hipe_compile": "bool", "memory_monitor_interval": "int",
		"vm_memory_calculation_strategy": "atom", "vm_memory_high_watermark_paging_ratio": "number",
		"queue_master_locator": "text", "queue_leader_locator": "text",
		"password_hashing_module": "atom", "proxy_protocol": "bool", "load_definitions": "text",
		"default_worker_pool_size": "int", "ssl_cert_login_from": "atom",
		"ssl_allow_poodle_attack": "bool", "mnesia_table_loading_retry_timeout": "int",
		"mnesia_table_loading_retry_limit": "int", "background_gc_enabled": "bool",
		"background_gc_target_interval": "int", "queue_index_embed_msgs_below": "int",
		"msg_store_file_size_limit": "int",
	}
	for env, conf := range renamed {
		r[env] = scalar(conf[0], encoders[conf[1]])
	}
	for key, kind := range same {
		if enc, ok := encoders[kind]; ok {
			r[key] = scalar(key, enc)
		}
	}
	return r
}

var encoders = map[string]encoder{
	"int": intValue, "number": numberValue, "bool": boolValue, "atom": atomValue, "text": textValue,
}

// memoryWatermark: 0.4 → .relative; {absolute, "3GiB"} → .absolute.
func memoryWatermark(v erlterm.Term) ([]line, error) {
	switch x := v.(type) {
	case *erlterm.Float, *erlterm.Integer:
		s, err := numberValue(x)
		return []line{{Key: "vm_memory_high_watermark.relative", Value: s}}, err
	case *erlterm.Tuple:
		if len(x.Elems) == 2 && atomName(x.Elems[0]) == "absolute" {
			s, err := textOrIntValue(x.Elems[1])
			return []line{{Key: "vm_memory_high_watermark.absolute", Value: s}}, err
		}
	}
	return nil, noForm("vm_memory_high_watermark %s is neither a fraction nor {absolute, Size}", erlterm.Format(v))
}

// diskFreeLimit: 50000000 or "2GB" → .absolute; {mem_relative, 1.0} → .relative.
func diskFreeLimit(v erlterm.Term) ([]line, error) {
	if tup, ok := v.(*erlterm.Tuple); ok {
		if len(tup.Elems) == 2 && atomName(tup.Elems[0]) == "mem_relative" {
			s, err := numberValue(tup.Elems[1])
			return []line{{Key: "disk_free_limit.relative", Value: s}}, err
		}
		return nil, noForm("disk_free_limit %s is neither a size nor {mem_relative, Ratio}", erlterm.Format(v))
	}
	s, err := textOrIntValue(v)
	return []line{{Key: "disk_free_limit.absolute", Value: s}}, err
}

// defaultPermissions: [Configure, Write, Read] in the order rabbit.schema builds it.
func defaultPermissions(v erlterm.Term) ([]line, error) {
	elems, err := properList(v)
	if err != nil {
		return nil, err
	}
	if len(elems) != 3 {
		return nil, noForm("default_permissions must list exactly three patterns")
	}
	var lines []line
	for i, name := range []string{"configure", "write", "read"} {
		s, err := textValue(elems[i])
		if err != nil {
			return nil, err
		}
		lines = append(lines, line{Key: "default_permissions." + name, Value: s})
	}
	return lines, nil
}

// clusterNodes: {[rabbit@a, rabbit@b], disc} → classic-config peer discovery.
func clusterNodes(v erlterm.Term) ([]line, error) {
	tup, ok := v.(*erlterm.Tuple)
	if !ok || len(tup.Elems) != 2 {
		return nil, noForm("cluster_nodes %s is not a {Nodes, NodeType} pair", erlterm.Format(v))
	}
	nodes, err := indexed("cluster_formation.classic_config.nodes", atomValue)(tup.Elems[0])
	if err != nil {
		return nil, err
	}
	nodeType, err := atomValue(tup.Elems[1])
	if err != nil {
		return nil, err
	}
	lines := []line{{Key: "cluster_formation.peer_discovery_backend", Value: "classic_config"}}
	lines = append(lines, nodes...)
	return append(lines, line{Key: "cluster_formation.node_type", Value: nodeType}), nil
}

// discoveryBackends are the short names the schema accepts for backend modules.
var discoveryBackends = map[string]string{
	"rabbit_peer_discovery_classic_config": "classic_config",
	"rabbit_peer_discovery_dns":            "dns",
	"rabbit_peer_discovery_aws":            "aws",
	"rabbit_peer_discovery_k8s":            "k8s",
	"rabbit_peer_discovery_consul":         "consul",
	"rabbit_peer_discovery_etcd":           "etcd",
}

func clusterFormationRules() map[string]rule {
	r := map[string]rule{
		"peer_discovery_backend": scalar("peer_discovery_backend", func(t erlterm.Term) (string, error) {
			if short, ok := discoveryBackends[atomName(t)]; ok {
				return short, nil
			}
			return atomValue(t)
		}),
		"node_type":                      scalar("node_type", atomValue),
		"peer_discovery_dns":             nested("dns", map[string]rule{"hostname": scalar("hostname", textValue)}),
		"randomized_startup_delay_range": startupDelayRange,
	}
	for _, k := range []string{"internal_lock_retries", "lock_retry_limit", "lock_retry_timeout",
		"discovery_retry_limit", "discovery_retry_interval", "target_cluster_size_hint"} {
		r[k] = scalar(k, intValue)
	}
	return r
}

func startupDelayRange(v erlterm.Term) ([]line, error) {
	tup, ok := v.(*erlterm.Tuple)
	if !ok || len(tup.Elems) != 2 {
		return nil, noForm("randomized_startup_delay_range %s is not {Min, Max}", erlterm.Format(v))
	}
	lo, err := intValue(tup.Elems[0])
	if err != nil {
		return nil, err
	}
	hi, err := intValue(tup.Elems[1])
	return []line{{Key: "randomized_startup_delay_range.min", Value: lo},
		{Key: "randomized_startup_delay_range.max", Value: hi}}, err
}

// partitionHandling: autoheal | pause_minority | ignore, or
// {pause_if_all_down, [Nodes], ignore | autoheal}.
func partitionHandling(v erlterm.Term) ([]line, error) {
	if _, ok := v.(*erlterm.Atom); ok {
		return scalar("cluster_partition_handling", atomValue)(v)
	}
	tup, ok := v.(*erlterm.Tuple)
	if !ok || len(tup.Elems) != 3 || atomName(tup.Elems[0]) != "pause_if_all_down" {
		return nil, noForm("cluster_partition_handling %s is not a known form", erlterm.Format(v))
	}
	nodes, err := properList(tup.Elems[1])
	if err != nil {
		return nil, err
	}
	lines := []line{{Key: "cluster_partition_handling", Value: "pause_if_all_down"}}
	for i, n := range nodes {
		s, err := atomValue(n)
		if err != nil {
			return nil, err
		}
		lines = append(lines, line{Key: "cluster_partition_handling.pause_if_all_down.nodes." + strconv.Itoa(i+1), Value: s})
	}
	recover, err := atomValue(tup.Elems[2])
	if err != nil {
		return nil, err
	}
	return append(lines, line{Key: "cluster_partition_handling.pause_if_all_down.recover", Value: recover}), nil
}

// authBackendNames are the short names rabbit.schema turns back into modules.
var authBackendNames = map[string]string{
	"rabbit_auth_backend_internal": "internal", "rabbit_auth_backend_ldap": "ldap",
	"rabbit_auth_backend_http": "http", "rabbit_auth_backend_cache": "cache",
	"rabbit_auth_backend_amqp": "amqp", "rabbit_auth_backend_dummy": "dummy",
}

func authBackendName(t erlterm.Term) (string, error) {
	if short, ok := authBackendNames[atomName(t)]; ok {
		return short, nil
	}
	return atomValue(t)
}

// authBackends: [internal] or [{AuthN, AuthZ}] entries, in order.
func authBackends(v erlterm.Term) ([]line, error) {
	elems, err := properList(v)
	if err != nil {
		return nil, err
	}
	if len(elems) == 0 {
		return nil, noForm("an empty auth_backends list has no rabbitmq.conf form")
	}
	var lines []line
	for i, e := range elems {
		key := "auth_backends." + strconv.Itoa(i+1)
		if tup, ok := e.(*erlterm.Tuple); ok && len(tup.Elems) == 2 {
			authn, err := authBackendName(tup.Elems[0])
			if err != nil {
				return nil, err
			}
			authz, err := authBackendName(tup.Elems[1])
			if err != nil {
				return nil, err
			}
			lines = append(lines, line{Key: key + ".authn", Value: authn}, line{Key: key + ".authz", Value: authz})
			continue
		}
		name, err := authBackendName(e)
		if err != nil {
			return nil, err
		}
		lines = append(lines, line{Key: key, Value: name})
	}
	return lines, nil
}

// logRules cover the Logger-era (3.9+) rabbit.log keys.
func logRules() map[string]rule {
	output := map[string]rule{
		"enabled": scalar("", boolValue),
		"level":   scalar("level", atomValue),
	}
	file := map[string]rule{
		"file":  scalar("", fileOrFalse),
		"level": scalar("level", atomValue),
		"date":  scalar("rotation.date", textValue),
		"size":  scalar("rotation.size", intValue),
		"count": scalar("rotation.count", intValue),
	}
	category := map[string]rule{
		"level": scalar("level", atomValue),
		"file":  scalar("file", fileOrFalse),
	}
	return map[string]rule{
		"file":       nested("file", file),
		"console":    nested("console", output),
		"exchange":   nested("exchange", output),
		"syslog":     nested("syslog", output),
		"journald":   nested("journald", output),
		"categories": logCategories(category),
	}
}

func fileOrFalse(t erlterm.Term) (string, error) {
	if atomName(t) == "false" {
		return "false", nil
	}
	return textValue(t)
}

// logCategories: [{connection, [{level, debug}]}] → log.connection.level = debug.
func logCategories(sub map[string]rule) rule {
	return func(v erlterm.Term) ([]line, error) {
		pairs, err := proplist(v)
		if err != nil {
			return nil, err
		}
		var lines []line
		for _, p := range pairs {
			got, err := nested(atomName(p[0]), sub)(p[1])
			if err != nil {
				return nil, err
			}
			lines = append(lines, got...)
		}
		return lines, nil // categories sit directly under log. in rabbitmq.conf
	}
}

// permitDeprecated: #{classic_queue_mirroring => false} → deprecated_features.permit.X.
func permitDeprecated(v erlterm.Term) ([]line, error) {
	m, ok := v.(*erlterm.Map)
	if !ok {
		return nil, noForm("permit_deprecated_features %s is not a map", erlterm.Format(v))
	}
	var lines []line
	for _, e := range m.Entries {
		name, err := keySegment(atomName(e.Key))
		if err != nil {
			return nil, err
		}
		b, err := boolValue(e.Value)
		if err != nil {
			return nil, err
		}
		lines = append(lines, line{Key: "deprecated_features.permit." + name, Value: b})
	}
	return lines, nil
}
