package broker

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/warren-sre/warren/model"
)

// The blue-green migration's reads and writes: plugin state, runtime
// parameters (federation upstreams, dynamic shovels), policies, shovel
// status, queue load and consumers.

// MigrationPlugins lists, per node, which of the federation and shovel
// plugins (with their management extensions) are missing. The extensions
// answer /api/federation-links and /api/shovels only where they run (and
// they need the plugin itself), on 3.8.9 to 4.3.6 alike, so each node is
// asked on its own listener.
func (c *Cluster) MigrationPlugins(ctx context.Context) (missing map[string][]string, err error) {
	missing = map[string][]string{}
	probes := []struct{ plugin, path string }{{"rabbitmq_federation_management", "federation-links"}, {"rabbitmq_shovel_management", "shovels"}}
	for i, nc := range c.clients {
		node := c.nodeName(i)
		for _, p := range probes {
			var list []json.RawMessage
			switch err := nc.get(ctx, p.path, &list); {
			case err == nil:
			case IsNotFound(err):
				missing[node] = append(missing[node], p.plugin)
			default:
				return nil, fmt.Errorf("%s: %w", node, err)
			}
		}
	}
	return missing, nil
}

func paramPath(component, vhost, name string) string {
	return "parameters/" + url.PathEscape(component) + "/" + url.PathEscape(vhost) + "/" + url.PathEscape(name)
}

// PutParameter declares a runtime parameter (a federation upstream, a
// dynamic shovel) in one vhost.
func (c *Cluster) PutParameter(ctx context.Context, component, vhost, name string, value any) error {
	body, err := json.Marshal(map[string]any{"component": component, "vhost": vhost, "name": name, "value": value})
	if err != nil {
		return err
	}
	return c.firstAnswering(ctx, http.MethodPut, paramPath(component, vhost, name), body)
}

// DeleteParameter removes a runtime parameter; one already gone is fine.
func (c *Cluster) DeleteParameter(ctx context.Context, component, vhost, name string) error {
	return ignoreNotFound(c.firstAnswering(ctx, http.MethodDelete, paramPath(component, vhost, name), nil))
}

// Parameters lists the runtime parameters of one component.
func (c *Cluster) Parameters(ctx context.Context, component string) ([]model.Parameter, error) {
	var list []model.Parameter
	err := c.anyNode(ctx, func(nc *nodeClient) error { return nc.get(ctx, "parameters/"+url.PathEscape(component), &list) })
	if IsNotFound(err) {
		return nil, nil // the plugin is not enabled: nothing declared
	}
	return list, err
}

func policyPath(vhost, name string) string {
	return "policies/" + url.PathEscape(vhost) + "/" + url.PathEscape(name)
}

// PutPolicy declares a policy.
func (c *Cluster) PutPolicy(ctx context.Context, p model.Policy) error {
	body, err := json.Marshal(map[string]any{"pattern": p.Pattern, "apply-to": p.ApplyTo, "priority": p.Priority, "definition": p.Definition})
	if err != nil {
		return err
	}
	return c.firstAnswering(ctx, http.MethodPut, policyPath(p.VHost, p.Name), body)
}

// DeletePolicy removes a policy; one already gone is fine.
func (c *Cluster) DeletePolicy(ctx context.Context, vhost, name string) error {
	return ignoreNotFound(c.firstAnswering(ctx, http.MethodDelete, policyPath(vhost, name), nil))
}

// Shovels lists the dynamic and static shovels and their states.
func (c *Cluster) Shovels(ctx context.Context) ([]model.ShovelStatus, error) {
	var list []model.ShovelStatus
	err := c.anyNode(ctx, func(nc *nodeClient) error { return nc.get(ctx, "shovels", &list) })
	return list, err
}

// QueueLoad lists every queue with its message and consumer counts: what
// the migration's drain and move gates judge. Run once per check.
func (c *Cluster) QueueLoad(ctx context.Context) ([]model.Queue, error) {
	var list []apiQueue
	if err := c.slowGet(ctx, "queues?columns=name,vhost,type,durable,messages,messages_ready,consumers,policy&disable_stats=false", &list); err != nil {
		return nil, err
	}
	out := make([]model.Queue, 0, len(list))
	for _, a := range list {
		out = append(out, a.toModel())
	}
	return out, nil
}

type apiConsumer struct {
	Queue struct {
		Name  string `json:"name"`
		VHost string `json:"vhost"`
	} `json:"queue"`
	Channel channelDetails `json:"channel_details"`
}

// channelDetails is the consumer's channel as the management API reports
// it: an object, or an empty list when the channel is not known to the node
// answering (seen on 4.0.5 for a federation link's consumer right after the
// rollback's shovels went). A consumer with no channel has no connection.
type channelDetails struct {
	ConnectionName string `json:"connection_name"`
}

func (d *channelDetails) UnmarshalJSON(raw []byte) error {
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(t, &list); err != nil {
			return err
		}
		*d = channelDetails{}
		return nil
	}
	type plain channelDetails
	return json.Unmarshal(raw, (*plain)(d))
}

// Consumers lists every consumer with the client-provided name of its
// connection, so the move gates can tell warren's own links from clients.
func (c *Cluster) Consumers(ctx context.Context) ([]model.Consumer, error) {
	var list []apiConsumer
	if err := c.slowGet(ctx, "consumers", &list); err != nil {
		return nil, err
	}
	conns := c.Connections(ctx)
	if conns.Err != "" {
		return nil, fmt.Errorf("connections: %s", conns.Err)
	}
	provided := map[string]string{}
	for _, cn := range conns.Value {
		provided[cn.Name] = cn.ProvidedName
	}
	out := make([]model.Consumer, 0, len(list))
	for _, a := range list {
		out = append(out, model.Consumer{VHost: a.Queue.VHost, Queue: a.Queue.Name,
			Connection: a.Channel.ConnectionName, ConnectionName: provided[a.Channel.ConnectionName]})
	}
	return out, nil
}

func ignoreNotFound(err error) error {
	if IsNotFound(err) {
		return nil
	}
	return err
}
