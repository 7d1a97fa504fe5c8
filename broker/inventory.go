package broker

import (
	"context"
	"fmt"

	"github.com/warren-sre/warren/model"
)

const connectionColumns = "name,node,user,vhost,peer_host,protocol,client_properties,frame_max"

type apiConnection struct {
	Name     string         `json:"name"`
	Node     string         `json:"node"`
	User     string         `json:"user"`
	VHost    string         `json:"vhost"`
	PeerHost string         `json:"peer_host"`
	Protocol string         `json:"protocol"`
	Props    map[string]any `json:"client_properties"`
	FrameMax any            `json:"frame_max"` // a number on AMQP; tolerate anything else
}

// Connections lists client connections with what each client says it is.
// Polled on a slow interval: it grows with the number of clients.
func (c *Cluster) Connections(ctx context.Context) model.ConnectionsSample {
	start := c.now()
	var list []apiConnection
	err := c.anyNode(ctx, func(nc *nodeClient) error {
		return nc.get(ctx, "connections?columns="+connectionColumns, &list)
	})
	s := model.ConnectionsSample{At: c.now(), Took: c.now().Sub(start)}
	if err != nil {
		s.Err = err.Error()
		return s
	}
	for _, a := range list {
		s.Value = append(s.Value, a.toModel())
	}
	return s
}

// toModel reads what the client says it is: client_properties has the same
// shape on 3.8.9, 3.10.8, 4.0.5 and 4.3.6 (AMQP 0-9-1 clients send it).
func (a apiConnection) toModel() model.Connection {
	return model.Connection{
		Name: a.Name, Node: a.Node, User: a.User, VHost: a.VHost, PeerHost: a.PeerHost,
		Protocol: a.Protocol, Product: propString(a.Props, "product"),
		Version: propString(a.Props, "version"), Platform: propString(a.Props, "platform"),
		ProvidedName: propString(a.Props, "connection_name"), FrameMax: intOrZero(a.FrameMax),
	}
}

func propString(props map[string]any, key string) string {
	v, ok := props[key]
	if !ok || v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// FeatureFlags lists the cluster's feature flags and their states.
func (c *Cluster) FeatureFlags(ctx context.Context) model.FlagsSample {
	start := c.now()
	var list []model.FeatureFlag
	err := c.anyNode(ctx, func(nc *nodeClient) error { return nc.get(ctx, "feature-flags", &list) })
	s := model.FlagsSample{At: c.now(), Took: c.now().Sub(start), Value: list}
	if err != nil {
		s.Err = err.Error()
	}
	return s
}

// Policies lists every policy (classic mirroring shows up as ha-* keys).
func (c *Cluster) Policies(ctx context.Context) ([]model.Policy, error) {
	var list []model.Policy
	err := c.anyNode(ctx, func(nc *nodeClient) error { return nc.get(ctx, "policies", &list) })
	return list, err
}

// DeprecatedFeaturesUsed asks /api/deprecated-features/used (3.13+). On older
// versions it returns supported=false and no error: callers fall back to
// warren's own detection.
func (c *Cluster) DeprecatedFeaturesUsed(ctx context.Context) (names []string, supported bool, err error) {
	var list []struct {
		Name string `json:"name"`
	}
	err = c.anyNode(ctx, func(nc *nodeClient) error { return nc.get(ctx, "deprecated-features/used", &list) })
	if err != nil {
		if IsNotFound(err) {
			return nil, false, nil
		}
		return nil, false, err
	}
	for _, f := range list {
		names = append(names, f.Name)
	}
	return names, true, nil
}

// intOrZero reads a JSON number; anything else (absent, a string on some
// protocol's connection) is 0, "not reported".
func intOrZero(v any) int {
	if f, ok := v.(float64); ok {
		return int(f)
	}
	return 0
}
