package confmig

import (
	"strings"

	"github.com/warren-sre/warren/erlterm"
)

// inverse turns the value of a path into conf lines; it reads the conf
// keys from the schema (r) wherever the schema names them.
type inverse func(r *schemaRules, path string, v erlterm.Term) ([]line, error)

// handRule assigns an inverse to the paths a schema computes with a
// translation fun (and to the few shapes a plain mapping cannot say).
// Patterns are dot-separated; * is one segment, ** any number. The first
// match wins. TestEveryTranslationHasAnInverseOrAReason keeps this list
// complete for every shipped schema, and the --verify tests check the
// inverses against the real schemas.
type handRule struct {
	pattern string
	inv     inverse
}

// Shapes of translations that keep the value: written like a plain mapping.
var (
	asValue inverse = func(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
		return valueShape(p, r.idx.Mappings(p), v)
	}
	asList inverse = func(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
		return listShape(r.idx.Mappings(p), v)
	}
	asFlags inverse = func(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
		return flagsShape(r.idx.Mappings(p), v)
	}
	asKeyed inverse = func(r *schemaRules, p string, v erlterm.Term) ([]line, error) {
		return keyedShape(r.idx.Mappings(p), v)
	}
)

// noInverse keeps the entry in advanced.config with a reason.
func noInverse(reason string) inverse {
	return func(*schemaRules, string, erlterm.Term) ([]line, error) { return nil, noForm("%s", reason) }
}

const (
	derData    = "inline DER certificate or key data: rabbitmq.conf takes file paths (cacertfile, certfile, keyfile) instead"
	structured = "a nested structure the schema builds from several keyed entries; warren writes no rabbitmq.conf form for it"
	logFormat  = "log formatter settings are built by a translation fun from several keys; warren writes no rabbitmq.conf form for them"
)

var handRules []handRule

// The table is filled in init because some inverses convert sub-values
// through the rules that look the table up.
func init() {
	handRules = []handRule{
		// lists: prefix.1, prefix.2, ... or prefix = none
		{"*.tcp_listeners", asList}, {"*.ssl_listeners", asList},
		{"rabbit.auth_mechanisms", asList},
		{"**.ssl_options.versions", asList}, {"**.ssl_options.ciphers", asList},
		{"**.ssl_opts.versions", asList}, {"**.ssl_opts.ciphers", asList},
		{"**.ssl_config.versions", asList}, {"**.ssl_config.ciphers", asList},
		{"rabbitmq_auth_backend_ldap.servers", asList},
		{"rabbitmq_management.cors_allow_origins", asList}, {"*.allow_origins", asList},
		{"rabbit.cluster_formation.peer_discovery_consul.consul_svc_tags", asList},
		{"rabbit.cluster_formation.peer_discovery_etcd.endpoints", asList},
		{"rabbit.cluster_formation.peer_discovery_aws.aws_hostname_paths", asList},
		{"rabbit.cluster_formation.peer_discovery_aws.aws_ec2_instance_states", asList},
		{"rabbit.cluster_formation.proxy.proxy_exclusions", asList},
		{"rabbitmq_auth_backend_oauth2.preferred_username_claims", asList},
		{"rabbitmq_auth_backend_oauth2.key_config.algorithms", asList},
		{"rabbitmq_trust_store.providers", moduleList(map[string]string{
			"rabbit_trust_store_file_provider": "file", "rabbit_trust_store_http_provider": "http"})},
		// names set to true
		{"rabbit.loopback_users", asFlags}, {"rabbit.default_user_tags", asFlags},
		// prefix.NAME = value
		{"rabbit.cluster_formation.peer_discovery_consul.consul_svc_meta", asKeyed},
		{"rabbit.cluster_formation.peer_discovery_aws.aws_ec2_tags", asKeyed},
		{"rabbit.cluster_tags", asKeyed}, {"rabbit.node_tags", asKeyed},
		{"rabbit.runtime_parameters.limits", asKeyed},
		{"rabbit.channel_interceptor_priorities", asKeyed},
		{"rabbitmq_management.oauth_authorization_endpoint_params", asKeyed},
		{"rabbitmq_management.oauth_token_endpoint_params", asKeyed},
		{"rabbitmq_auth_backend_oauth2.discovery_endpoint_params", asKeyed},
		{"rabbitmq_auth_backend_oauth2.key_config.signing_keys", asKeyed},
		{"rabbit.permit_deprecated_features", asKeyed},
		// forms the schema builds from several keys
		{"rabbit.vm_memory_high_watermark", memoryWatermark},
		{"rabbit.disk_free_limit", diskFreeLimit},
		{"rabbit.default_permissions", defaultPermissions},
		{"rabbit.cluster_nodes", clusterNodes},
		{"rabbit.cluster_partition_handling", partitionHandling},
		{"rabbit.auth_backends", authBackends}, {"rabbitmq_web_dispatch.auth_backends", authBackends},
		{"rabbitmq_auth_backend_cache.cached_backend", cachedBackend},
		{"**.tcp_listen_options.linger", linger},
		{"rabbit.cluster_formation.randomized_startup_delay_range", minMax},
		{"osiris.port_range", minMax},
		{"rabbit.cluster_formation.peer_discovery_backend", shortModule(discoveryBackends)},
		{"rabbit.definitions.import_backend", shortModule(importBackends)},
		{"rabbitmq_auth_backend_ldap.other_bind", ldapBind}, {"rabbitmq_auth_backend_ldap.dn_lookup_bind", ldapBind},
		{"kernel.inet_dist_use_interface", ipAddress},
		{"rabbitmq_management.sample_retention_policies", sampleRetention},
		// no rabbitmq.conf form worth writing
		{"**.ssl_options.cacerts", noInverse(derData)}, {"**.ssl_options.cert", noInverse(derData)},
		{"**.ssl_options.key", noInverse(derData)}, {"**.ssl_options.dh", noInverse(derData)},
		{"**.ssl_opts.cacerts", noInverse(derData)}, {"**.ssl_opts.cert", noInverse(derData)},
		{"**.ssl_opts.key", noInverse(derData)}, {"**.ssl_opts.dh", noInverse(derData)},
		{"**.ssl_config.cacerts", noInverse(derData)}, {"**.ssl_config.cert", noInverse(derData)},
		{"**.ssl_config.key", noInverse(derData)}, {"**.ssl_config.dh", noInverse(derData)},
		{"rabbit.ssl_options.crl_cache", noInverse("the CRL cache is a {Module, {Mod, Opts}} structure; warren writes no rabbitmq.conf form for it")},
		{"rabbit.log.*.formatter", noInverse(logFormat)}, {"rabbit.log.journald.fields", noInverse(logFormat)},
		{"rabbitmq_auth_backend_ldap.*_query", termText}, {"rabbitmq_auth_backend_ldap.tag_queries", termText},
		{"rabbit.default_limits.vhosts", noInverse(structured)}, {"rabbit.default_policies.operator", noInverse(structured)},
		{"rabbit.default_users", noInverse(structured)}, {"*.message_interceptors", noInverse(structured)},
		{"rabbit.incoming_message_interceptors", noInverse(structured)},
		{"rabbitmq_auth_backend_oauth2.oauth_providers", noInverse(structured)},
		{"rabbitmq_auth_backend_oauth2.resource_servers", noInverse(structured)},
		{"rabbitmq_auth_backend_oauth2.scope_aliases", noInverse(structured)},
		{"rabbitmq_management.oauth_resource_servers", noInverse(structured)},
		{"rabbitmq_mqtt.rabbit.tcp_listen_options", noInverse("a path no application reads (a quirk of the MQTT schema)")},
		{"syslog.protocol", syslogProtocol},
		// translations that keep the value (type conversions at most)
		{"rabbit.cluster_formation.peer_discovery_*.*", asValue},
		{"rabbit.cluster_formation.peer_discovery_k8s.ssl_options.*", asValue},
		{"rabbit.cluster_formation.*", asValue}, {"rabbit.cluster_formation.*.*", asValue},
		{"rabbit.definitions.url", asValue}, {"rabbit.*", asValue},
		{"**.ssl_options.password", asValue}, {"**.ssl_opts.password", asValue},
		{"**.ssl_options.server_name_indication", asValue},
		{"ra.*", asValue}, {"aten.*", asValue}, {"osiris.*", asValue}, {"sysmon_handler.*", asValue},
		{"credentials_obfuscation.*", asValue}, {"kernel.error_logger_format_depth", asValue},
		{"syslog.dest_host", asValue},
		{"rabbitmq_management.*", asValue}, {"rabbitmq_management.headers.*", asValue},
		{"*.ssl_config.max_connections", asValue}, {"*.tcp_config.max_connections", asValue},
		{"*.strict_transport_security", asValue}, {"*.cowboy_opts.idle_timeout", asValue},
		{"rabbitmq_mqtt.*", asValue}, {"rabbitmq_stomp.*", asValue}, {"rabbitmq_stream.*", asValue},
		{"rabbitmq_event_exchange.vhost", asValue}, {"rabbitmq_amqp1_0.default_vhost", asValue},
		{"rabbitmq_trust_store.https_request_timeout", asValue},
		{"*.shutdown_*", asValue},
		{"rabbitmq_auth_backend_oauth2.*", asValue}, {"rabbitmq_auth_backend_oauth2.key_config.default_key", asValue},
	}
}

// handRuleFor finds the hand-written inverse of a path.
func handRuleFor(path string) (inverse, bool) {
	segs := strings.Split(path, ".")
	for _, h := range handRules {
		if matchPath(strings.Split(h.pattern, "."), segs) {
			return h.inv, true
		}
	}
	return nil, false
}

func matchPath(pattern, segs []string) bool {
	if len(pattern) == 0 {
		return len(segs) == 0
	}
	if pattern[0] == "**" {
		for i := 0; i <= len(segs); i++ {
			if matchPath(pattern[1:], segs[i:]) {
				return true
			}
		}
		return false
	}
	if len(segs) == 0 {
		return false
	}
	if !globSegment(pattern[0], segs[0]) {
		return false
	}
	return matchPath(pattern[1:], segs[1:])
}

// globSegment: * alone, or at one end of a segment (*_query, shutdown_*).
func globSegment(pattern, seg string) bool {
	switch {
	case pattern == "*":
		return true
	case strings.HasPrefix(pattern, "*"):
		return strings.HasSuffix(seg, pattern[1:])
	case strings.HasSuffix(pattern, "*"):
		return strings.HasPrefix(seg, pattern[:len(pattern)-1])
	}
	return pattern == seg
}
