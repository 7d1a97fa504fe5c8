package panes

import (
	"time"

	"github.com/warren-sre/warren/model"
)

// linkView feeds the domain's node watch (model.NodeWatch), which decides
// each node's effective state from the API and our AMQP links: the pane
// shows what the checks and triggers judge, never a second opinion.
type linkView struct {
	watch model.NodeWatch
}

func (l *linkView) apply(link model.NodeLink) { l.watch.Link(link) }

// noteAPI is a successful nodes poll (the pane calls it for those only).
func (l *linkView) noteAPI(nodes []model.Node, at time.Time) {
	l.watch.API(model.NodesSample{At: at, Value: nodes})
}

func (l *linkView) state(n model.Node) (model.NodeState, string) { return l.watch.State(n) }
