package confmig

import "github.com/warren-sre/warren/erlterm"

// kernelRules: the Erlang distribution settings rabbit.schema maps.
func kernelRules() map[string]rule {
	return map[string]rule{
		"net_ticktime":         scalar("net_ticktime", intValue),
		"inet_dist_listen_min": scalar("distribution.listener.port_range.min", intValue),
		"inet_dist_listen_max": scalar("distribution.listener.port_range.max", intValue),
	}
}

// managementRules follow rabbitmq_management.schema.
func managementRules() map[string]rule {
	cowboy := map[string]rule{}
	for _, k := range []string{"idle_timeout", "inactivity_timeout", "request_timeout", "shutdown_timeout", "max_keepalive"} {
		cowboy[k] = scalar(k, intValue)
	}
	cowboy["compress"] = scalar("compress", boolValue)
	tcp := map[string]rule{
		"port": scalar("port", intValue), "ip": scalar("ip", textValue),
		"cowboy_opts": nested("", cowboy),
	}
	ssl := merge(tlsRules(), map[string]rule{
		"port": scalar("port", intValue), "ip": scalar("ip", textValue),
		"backlog": scalar("backlog", intValue), "cowboy_opts": nested("", cowboy),
	})
	listener := map[string]rule{
		"port": scalar("port", intValue), "ip": scalar("ip", textValue),
		"ssl": scalar("ssl", boolValue), "ssl_opts": nested("ssl_opts", tlsRules()),
		"cowboy_opts": nested("server", cowboy),
	}
	return map[string]rule{
		"listener":                       nested("management.listener", listener),
		"tcp_config":                     nested("management.tcp", tcp),
		"ssl_config":                     nested("management.ssl", ssl),
		"rates_mode":                     scalar("management.rates_mode", atomValue),
		"path_prefix":                    scalar("management.path_prefix", textValue),
		"load_definitions":               scalar("management.load_definitions", textValue),
		"http_log_dir":                   scalar("management.http_log_dir", textValue),
		"disable_management_stats":       scalar("management.disable_stats", boolValue),
		"enable_queue_totals":            scalar("management.enable_queue_totals", boolValue),
		"login_session_timeout":          scalar("management.login_session_timeout", intValue),
		"max_http_body_size":             scalar("management.http.max_body_size", intValue),
		"cors_allow_origins":             indexed("management.cors.allow_origins", textValue),
		"cors_max_age":                   scalar("management.cors.max_age", intValue),
		"disable_basic_auth":             scalar("management.disable_basic_auth", boolValue),
		"management_db_cache_multiplier": scalar("management.db_cache_multiplier", intValue),
	}
}

func managementAgentRules() map[string]rule {
	return map[string]rule{
		"disable_metrics_collector": scalar("management_agent.disable_metrics_collector", boolValue),
	}
}

// protocolListenerRules are shared by the MQTT and STOMP plugins.
func protocolListenerRules(prefix string) map[string]rule {
	return map[string]rule{
		"tcp_listeners":      listeners(prefix + ".listeners.tcp"),
		"ssl_listeners":      listeners(prefix + ".listeners.ssl"),
		"num_tcp_acceptors":  scalar(prefix+".num_acceptors.tcp", intValue),
		"num_ssl_acceptors":  scalar(prefix+".num_acceptors.ssl", intValue),
		"tcp_listen_options": nested(prefix+".tcp_listen_options", tcpListenRules()),
		"ssl_cert_login":     scalar(prefix+".ssl_cert_login", boolValue),
		"proxy_protocol":     scalar(prefix+".proxy_protocol", boolValue),
		"login_timeout":      scalar(prefix+".login_timeout", intValue),
	}
}

func mqttRules() map[string]rule {
	return merge(protocolListenerRules("mqtt"), map[string]rule{
		"default_user":           scalar("mqtt.default_user", textValue),
		"default_pass":           secret("mqtt.default_pass"),
		"allow_anonymous":        scalar("mqtt.allow_anonymous", boolValue),
		"vhost":                  scalar("mqtt.vhost", textValue),
		"exchange":               scalar("mqtt.exchange", textValue),
		"subscription_ttl":       scalar("mqtt.subscription_ttl", intOrAtomValue),
		"prefetch":               scalar("mqtt.prefetch", intValue),
		"retained_message_store": scalar("mqtt.retained_message_store", atomValue),
		"durable_queue_type":     scalar("mqtt.durable_queue_type", atomValue),
		"sparkplug":              scalar("mqtt.sparkplug", boolValue),
	})
}

func stompRules() map[string]rule {
	return merge(protocolListenerRules("stomp"), map[string]rule{
		"default_user": nested("stomp", map[string]rule{
			"login": scalar("default_user", textValue), "passcode": secret("default_pass"),
		}),
		"default_vhost":          scalar("stomp.default_vhost", textValue),
		"default_topic_exchange": scalar("stomp.default_topic_exchange", textValue),
		"implicit_connect":       scalar("stomp.implicit_connect", boolValue),
		"hide_server_info":       scalar("stomp.hide_server_info", boolValue),
		"default_nack_requeue":   scalar("stomp.default_nack_requeue", boolValue),
	})
}

// ldapRules follow rabbitmq_auth_backend_ldap.schema. The *_query keys have
// no rabbitmq.conf form at all (configure.md: they belong in advanced.config).
func ldapRules() map[string]rule {
	return map[string]rule{
		"servers":             indexedLastFirst("auth_ldap.servers", textValue),
		"port":                scalar("auth_ldap.port", intValue),
		"timeout":             scalar("auth_ldap.timeout", intOrAtomValue),
		"idle_timeout":        scalar("auth_ldap.idle_timeout", intOrAtomValue),
		"pool_size":           scalar("auth_ldap.connection_pool_size", intValue),
		"log":                 scalar("auth_ldap.log", atomValue),
		"user_dn_pattern":     scalar("auth_ldap.user_dn_pattern", textValue),
		"user_bind_pattern":   scalar("auth_ldap.user_bind_pattern", textValue),
		"dn_lookup_attribute": scalar("auth_ldap.dn_lookup_attribute", textOrNone),
		"dn_lookup_base":      scalar("auth_ldap.dn_lookup_base", textOrNone),
		"group_lookup_base":   scalar("auth_ldap.group_lookup_base", textOrNone),
		"other_bind":          ldapBind("auth_ldap.other_bind"),
		"dn_lookup_bind":      ldapBind("auth_ldap.dn_lookup_bind"),
		"use_ssl":             scalar("auth_ldap.use_ssl", boolValue),
		"use_starttls":        scalar("auth_ldap.use_starttls", boolValue),
		"ssl_options":         nested("auth_ldap.ssl_options", tlsRules()),
	}
}

func textOrNone(t erlterm.Term) (string, error) {
	if atomName(t) == "none" {
		return "none", nil
	}
	return textValue(t)
}

// ldapBind: as_user | anon | {UserDN, Password}.
func ldapBind(prefix string) rule {
	return func(v erlterm.Term) ([]line, error) {
		tup, ok := v.(*erlterm.Tuple)
		if !ok {
			return scalar(prefix, atomValue)(v)
		}
		if len(tup.Elems) != 2 {
			return nil, noForm("%s %s is not {UserDN, Password}", prefix, erlterm.Format(v))
		}
		dn, err := textValue(tup.Elems[0])
		if err != nil {
			return nil, err
		}
		pass, err := textValue(tup.Elems[1])
		if err != nil {
			return nil, err
		}
		return []line{{Key: prefix + ".user_dn", Value: dn}, {Key: prefix + ".password", Value: pass, Secret: true}}, nil
	}
}

// appRules lists, per application, the env keys warren translates.
func appRules() map[string]map[string]rule {
	return map[string]map[string]rule{
		"rabbit":                     rabbitRules(),
		"kernel":                     kernelRules(),
		"rabbitmq_management":        managementRules(),
		"rabbitmq_management_agent":  managementAgentRules(),
		"rabbitmq_mqtt":              mqttRules(),
		"rabbitmq_stomp":             stompRules(),
		"rabbitmq_auth_backend_ldap": ldapRules(),
	}
}

// knownReasons explain well-known entries that stay in advanced.config.
var knownReasons = map[string]string{
	"rabbit.log_levels":                                "lager-era log levels (before 3.9); 3.9+ reads log.<category>.level instead — review by hand",
	"rabbit.credit_flow_default_credit":                "a {Initial, MoreCreditAfter} tuple has no rabbitmq.conf form",
	"rabbitmq_auth_backend_ldap.vhost_access_query":    "LDAP queries have no rabbitmq.conf form (configure.md: use advanced.config)",
	"rabbitmq_auth_backend_ldap.resource_access_query": "LDAP queries have no rabbitmq.conf form (configure.md: use advanced.config)",
	"rabbitmq_auth_backend_ldap.topic_access_query":    "LDAP queries have no rabbitmq.conf form (configure.md: use advanced.config)",
	"rabbitmq_auth_backend_ldap.tag_queries":           "LDAP queries have no rabbitmq.conf form (configure.md: use advanced.config)",
}

// knownAppReasons explain whole applications that stay in advanced.config.
var knownAppReasons = map[string]string{
	"lager":               "lager was replaced by Erlang Logger in 3.9 (facts §4.3); these settings are ignored from 3.9 on",
	"rabbitmq_shovel":     "shovel plugin settings have no rabbitmq.conf schema",
	"rabbitmq_federation": "federation plugin settings have no rabbitmq.conf schema",
}
