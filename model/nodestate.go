package model

import "time"

// NodeStatus is what warren believes about one node right now: the API's
// word corrected by our AMQP link to it.
type NodeStatus struct {
	Node  string    `json:"node"`
	State NodeState `json:"state"`
	Why   string    `json:"why,omitempty"`
}

// NodeWatch folds the nodes poller's answers and the link changes into each
// node's effective state. The links are faster than the management API: a
// closed link shows a node going down in about half a second, the API needs
// several. This is the one place that decides it; checks, triggers, status
// and the panes read its answer.
type NodeWatch struct {
	links   map[string]NodeLink
	apiDown map[string]time.Time // when the API last said the node was down
}

// Link applies a change of the link to one node.
func (w *NodeWatch) Link(l NodeLink) {
	if w.links == nil {
		w.links = map[string]NodeLink{}
	}
	w.links[l.Node] = l
}

// API notes a successful nodes poll: when the API last saw each node down.
func (w *NodeWatch) API(s NodesSample) {
	if s.Err != "" {
		return
	}
	if w.apiDown == nil {
		w.apiDown = map[string]time.Time{}
	}
	for _, n := range s.Value {
		if n.State == NodeDown || !n.Running && n.State == NodeUnknown {
			w.apiDown[n.Name] = s.At
		}
	}
}

// State merges the API's word with the link's. A dropped link turns a node
// the API still calls running into "going down" at once (or "frozen" when
// the link stayed open and only its probe went unanswered); once the API
// has seen the node down after the drop, the API is the newer truth again
// (the node may be back up before the link reconnects).
func (w *NodeWatch) State(n Node) (NodeState, string) {
	st := n.State
	if st == NodeUnknown && n.Running {
		st = NodeRunning
	}
	link, ok := w.links[n.Name]
	if !ok || link.Up || st != NodeRunning {
		return st, n.Reason
	}
	if downAt, seen := w.apiDown[n.Name]; seen && downAt.After(link.Since) {
		return st, n.Reason
	}
	if link.Silent {
		return NodeFrozen, link.Reason
	}
	return NodeGoingDown, link.Reason
}

// APIState is the node's state in the API's word alone, where no link
// watch has a say (green's nodes, a snapshot without states).
func APIState(n Node) (NodeState, string) {
	var w NodeWatch
	return w.State(n)
}

// States is every node's effective state, in the API's order.
func (w *NodeWatch) States(nodes []Node) []NodeStatus {
	out := make([]NodeStatus, len(nodes))
	for i, n := range nodes {
		st, why := w.State(n)
		out[i] = NodeStatus{Node: n.Name, State: st, Why: why}
	}
	return out
}

// Effective is node's effective state in the snapshot: from States when
// the snapshot has them, else the API's word alone.
func (s Snapshot) Effective(node string) NodeState {
	for _, st := range s.States {
		if st.Node == node {
			return st.State
		}
	}
	for _, n := range s.Nodes.Value {
		if n.Name == node {
			st, _ := APIState(n)
			return st
		}
	}
	return NodeUnknown
}

// EffectiveNodes are the API's nodes with the links' correction applied: a
// node warren's link saw go down (or freeze) is not running, whatever the
// API still says. What the triggers judge.
func (s Snapshot) EffectiveNodes() []Node {
	out := make([]Node, len(s.Nodes.Value))
	copy(out, s.Nodes.Value)
	for i, n := range out {
		for _, st := range s.States {
			if st.Node == n.Name && (st.State == NodeGoingDown || st.State == NodeFrozen) {
				out[i].State, out[i].Running, out[i].Reason = st.State, false, st.Why
			}
		}
	}
	return out
}
