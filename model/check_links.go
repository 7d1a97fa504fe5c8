package model

import (
	"fmt"
	"sort"
	"strings"
)

// CodeLinkTLSVerify: a shovel or federation link dials over TLS with no
// peer-verification setting, and the upgrade moves it onto Erlang 26+.
const CodeLinkTLSVerify = "LINK_TLS_PEER_VERIFICATION"

// TLSPeerVerifyErlang is the first Erlang whose TLS clients verify the peer
// by default. Before it, RabbitMQ's Erlang client connected an amqps URI
// without a verify option unverified (with a warning: amqp_ssl.erl
// maybe_add_verify1, v4.0.5); from it, "client side TLS peer certificate
// chain verification settings are enabled by default ... from federation
// links to shovels" (release-notes/3.13.0.md and 4.0.1.md, "TLS Client
// (LDAP, Shovels, Federation) Defaults"). 3.13.0 is the first release that
// requires Erlang 26 (erlangMatrix); 3.12 runs on 25 or 26.
var TLSPeerVerifyErlang = E(26)

// LinkURI is one URI a shovel or federation upstream dials: what the
// check reads from the cluster's runtime parameters (or a static shovel
// /api/shovels lists, whose URI warren cannot see).
type LinkURI struct {
	Kind  string `json:"kind"` // "shovel", "federation upstream", "static shovel"
	VHost string `json:"vhost"`
	Name  string `json:"name"`
	// Side is "src-uri", "dest-uri" or "uri".
	Side string `json:"side,omitempty"`
	URI  string `json:"uri,omitempty"`
}

// LinkURIs lists every URI of dynamic shovels ("shovel" parameters, their
// src-uri and dest-uri) and federation upstreams ("federation-upstream",
// uri). Each may be one string or a list of them.
func LinkURIs(params []Parameter) []LinkURI {
	var out []LinkURI
	for _, p := range params {
		value, _ := p.Value.(map[string]any)
		kind, sides := "", []string(nil)
		switch p.Component {
		case "shovel":
			kind, sides = "shovel", []string{"src-uri", "dest-uri"}
		case "federation-upstream":
			kind, sides = "federation upstream", []string{"uri"}
		}
		for _, side := range sides {
			for _, uri := range stringOrList(value[side]) {
				out = append(out, LinkURI{Kind: kind, VHost: p.VHost, Name: p.Name, Side: side, URI: uri})
			}
		}
	}
	return out
}

func stringOrList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// LinkTLSRisk says what Erlang 26's default does to one URI: "" when
// nothing changes (not TLS, or verify set explicitly), "breaks" when it
// has neither verify nor cacertfile (verify_peer with no CA to verify
// against: the connection fails), "verifies" when it names a cacertfile
// but no verify (it will now be verified against that CA and the host
// name, which it never was).
func LinkTLSRisk(uri string) string {
	scheme, rest, ok := strings.Cut(uri, "://")
	if !ok || !strings.EqualFold(scheme, "amqps") {
		return ""
	}
	_, query, _ := strings.Cut(rest, "?")
	params := map[string]bool{}
	for _, kv := range strings.Split(query, "&") {
		key, _, _ := strings.Cut(kv, "=")
		params[key] = true
	}
	switch {
	case params["verify"]:
		return ""
	case params["cacertfile"]:
		return "verifies"
	}
	return "breaks"
}

// RedactURI hides the credentials of a URI for evidence.
func RedactURI(uri string) string {
	scheme, rest, ok := strings.Cut(uri, "://")
	if !ok {
		return uri
	}
	authority, path, _ := strings.Cut(rest, "/")
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		authority = "***@" + authority[at+1:]
	}
	if path != "" || strings.Contains(rest, "/") {
		return scheme + "://" + authority + "/" + path
	}
	return scheme + "://" + authority
}

// MovesOntoErlang26 says whether an upgrade from nodes running erlangs to
// target puts the cluster on Erlang 26+ for the first time: certain when
// the target needs 26 (3.13+), possible when it merely allows it (3.12).
// A node whose Erlang is unknown counts as older.
func MovesOntoErlang26(erlangs []string, target Version) (certain, possible bool) {
	min, max, ok := ErlangRange(target)
	if !ok {
		min, max = TLSPeerVerifyErlang, TLSPeerVerifyErlang // newer than the tables: newest rules
	}
	anyOlder := len(erlangs) == 0
	for _, raw := range erlangs {
		e, err := ParseErlangVersion(raw)
		if err != nil || e.Major() < TLSPeerVerifyErlang.Major() {
			anyOlder = true
		}
	}
	if !anyOlder {
		return false, false
	}
	return min.Major() >= TLSPeerVerifyErlang.Major(), max.Major() >= TLSPeerVerifyErlang.Major()
}

// LinkTLSFinding judges the cluster's shovels and federation links against
// the Erlang 26 TLS default: a blocker for each link that will fail to
// connect when the target certainly runs on 26+, a warning when it only may
// (3.12) or when a link will start verifying against its cacertfile.
func LinkTLSFinding(links []LinkURI, erlangs []string, target Version) *Finding {
	certain, possible := MovesOntoErlang26(erlangs, target)
	if !possible {
		return nil
	}
	var breaks, verifies, static []string
	for _, l := range links {
		where := fmt.Sprintf("%s %q in vhost %q", l.Kind, l.Name, l.VHost)
		if l.Kind == "static shovel" {
			static = append(static, where+": defined in the node's config file; its URIs are not visible through the API")
			continue
		}
		switch LinkTLSRisk(l.URI) {
		case "breaks":
			breaks = append(breaks, fmt.Sprintf("%s, %s %s: amqps with neither verify nor cacertfile", where, l.Side, RedactURI(l.URI)))
		case "verifies":
			verifies = append(verifies, fmt.Sprintf("%s, %s %s: amqps with a cacertfile and no verify: it will now verify the peer and its host name", where, l.Side, RedactURI(l.URI)))
		}
	}
	if len(breaks)+len(verifies)+len(static) == 0 {
		return nil
	}
	sort.Strings(breaks)
	sort.Strings(verifies)
	f := &Finding{Code: CodeLinkTLSVerify, Severity: Warning,
		Title: fmt.Sprintf("%d shovel/federation link(s) use TLS without a peer-verification setting; %s runs on Erlang 26+", len(breaks)+len(verifies)+len(static), target.Series()),
		Evidence: append([]string{"from Erlang 26, TLS clients verify the peer by default: shovels and federation links over amqps without verify/cacertfile fail to connect " +
			"(release-notes/3.13.0.md and 4.0.1.md, \"TLS Client (LDAP, Shovels, Federation) Defaults\")"}, capEvidence(append(append(breaks, verifies...), static...))...),
		Remedy: "before the upgrade, add cacertfile (and verify=verify_peer, server_name_indication) to each amqps URI, or verify=verify_none where verification is not practical; re-declare the shovel or upstream",
		Doc:    "https://www.rabbitmq.com/docs/uri-query-parameters"}
	if certain && len(breaks) > 0 {
		f.Severity = Blocker
	}
	if !certain {
		f.Title = fmt.Sprintf("%d shovel/federation link(s) use TLS without a peer-verification setting; they break if %s runs on Erlang 26", len(breaks)+len(verifies)+len(static), target.Series())
	}
	return f
}

// LinkFindings is the check group over the cluster's shovels and
// federation links. A cluster that stays below Erlang 26 needs nothing
// read; otherwise links that could not be read fail it closed.
func LinkFindings(f CheckFacts) []Finding {
	var erlangs []string
	for _, ne := range ErlangVersions(f.Snapshot) {
		erlangs = append(erlangs, ne.Version)
	}
	if _, possible := MovesOntoErlang26(erlangs, f.Target); !possible {
		return nil
	}
	if f.LinksErr != "" {
		return []Finding{notChecked("shovels and federation links (Erlang 26 TLS defaults)", f.LinksErr)}
	}
	if l := LinkTLSFinding(f.Links, erlangs, f.Target); l != nil {
		return []Finding{*l}
	}
	return nil
}
