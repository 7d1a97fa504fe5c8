package confmig

import (
	"github.com/warren-sre/warren/confmig/schema"
)

// SchemaFor picks the schema to convert for a target version. With live,
// a RabbitMQ of the target's series found here or in a lab release root
// is read (its own files are the truth); otherwise, or when none is
// found, the shipped table of that series, or the nearest older one.
// Without a target, live takes the RabbitMQ installed here, else the
// newest shipped table is used. The text says which.
func SchemaFor(target string, live bool) (*schema.Schema, string, error) {
	if target == "" && live {
		for _, srv := range schema.Servers() {
			if srv.Root == "" {
				target = srv.Version
				break
			}
		}
	}
	if target == "" {
		vs := schema.Shipped()
		target = vs[len(vs)-1]
	}
	if live {
		if srv, ok := schema.FindSeries(target); ok {
			if s, err := schema.Load(srv.HostDir()); err == nil {
				return s, "the schema files of " + srv.HostDir(), nil
			}
		}
	}
	s, exact, err := schema.NearestShipped(target)
	if err != nil {
		return nil, "", err
	}
	if exact {
		return s, "warren's table of RabbitMQ " + s.Version + "'s schema", nil
	}
	return s, "warren's table of RabbitMQ " + s.Version + "'s schema (the nearest shipped to " + target + ")", nil
}
