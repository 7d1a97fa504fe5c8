package broker

import (
	"context"

	"github.com/warren-sre/warren/model"
)

// Links reads what the Erlang 26 TLS check judges: the URIs of every
// dynamic shovel and federation upstream (their runtime parameters; an
// empty list where the plugin is off), and the static shovels that
// /api/shovels lists — their URIs live in the nodes' config files. Without
// the shovel management plugin there is no /api/shovels, and a static
// shovel cannot be seen at all; that is the 404 let through.
func (c *Cluster) Links(ctx context.Context) ([]model.LinkURI, error) {
	var params []model.Parameter
	for _, component := range []string{"shovel", "federation-upstream"} {
		p, err := c.Parameters(ctx, component)
		if err != nil {
			return nil, err
		}
		params = append(params, p...)
	}
	links := model.LinkURIs(params)
	shovels, err := c.Shovels(ctx)
	if err != nil && !IsNotFound(err) {
		return nil, err
	}
	for _, s := range shovels {
		if s.Type == "static" {
			links = append(links, model.LinkURI{Kind: "static shovel", VHost: s.VHost, Name: s.Name})
		}
	}
	return links, nil
}
