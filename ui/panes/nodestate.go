package panes

import (
	"time"

	"github.com/warren-sre/warren/model"
)

// linkView remembers what the canary's AMQP links say, which is faster than
// the management API: a closed link shows a node going down in about half a
// second, the API needs several.
type linkView struct {
	links   map[string]model.NodeLink
	apiDown map[string]time.Time // when the API last said the node was down
}

func (l *linkView) apply(link model.NodeLink) {
	if l.links == nil {
		l.links = map[string]model.NodeLink{}
	}
	l.links[link.Node] = link
}

func (l *linkView) noteAPI(nodes []model.Node, at time.Time) {
	if l.apiDown == nil {
		l.apiDown = map[string]time.Time{}
	}
	for _, n := range nodes {
		if n.State == model.NodeDown || !n.Running && n.State == model.NodeUnknown {
			l.apiDown[n.Name] = at
		}
	}
}

// state merges the API's word with the link's. A dropped link turns a node
// the API still calls running into "going down" at once; once the API has
// seen the node down after the drop, the API is the newer truth again (the
// node may be back up before the canary reconnects).
func (l *linkView) state(n model.Node) (model.NodeState, string) {
	st := n.State
	if st == model.NodeUnknown && n.Running {
		st = model.NodeRunning
	}
	link, ok := l.links[n.Name]
	if !ok || link.Up || st != model.NodeRunning {
		return st, n.Reason
	}
	if downAt, seen := l.apiDown[n.Name]; seen && downAt.After(link.Since) {
		return st, n.Reason
	}
	return model.NodeGoingDown, link.Reason
}
