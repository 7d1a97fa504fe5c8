package model

import (
	"fmt"
	"slices"
	"strings"
)

// OrderedNode is one node in the rolling order, with why it is there.
type OrderedNode struct {
	Node   string `json:"node"`
	Reason string `json:"reason"`
}

// nodeLoad is what the proposal weighs: stopping a node moves its quorum
// leaders (a Raft election each) and drops its client connections.
type nodeLoad struct {
	node        string
	leaders     int
	connections int
}

// ProposeOrder orders the nodes for the rolling upgrade: fewest quorum
// queue leaders first, then fewest client connections, then by name so the
// proposal is stable. Early nodes disturb the least while the procedure is
// still being proven on this cluster.
func ProposeOrder(nodes []string, queues []Queue, conns []Connection) []OrderedNode {
	loads := make([]nodeLoad, 0, len(nodes))
	for _, n := range nodes {
		loads = append(loads, nodeLoad{node: n})
	}
	index := map[string]int{}
	for i, l := range loads {
		index[l.node] = i
	}
	for _, q := range queues {
		if i, ok := index[q.Leader]; ok && q.IsQuorum() {
			loads[i].leaders++
		}
	}
	for _, c := range conns {
		if i, ok := index[c.Node]; ok {
			loads[i].connections++
		}
	}
	slices.SortStableFunc(loads, func(a, b nodeLoad) int {
		if a.leaders != b.leaders {
			return a.leaders - b.leaders
		}
		if a.connections != b.connections {
			return a.connections - b.connections
		}
		return strings.Compare(a.node, b.node)
	})
	out := make([]OrderedNode, len(loads))
	for i, l := range loads {
		out[i] = OrderedNode{Node: l.node, Reason: fmt.Sprintf(
			"%d of %d: leads %d quorum queue(s), holds %d client connection(s); fewest leaders, then connections, go first",
			i+1, len(loads), l.leaders, l.connections)}
	}
	return out
}

// OverrideOrder checks an operator-given order: every cluster node exactly
// once, nothing else.
func OverrideOrder(nodes, given []string) ([]OrderedNode, error) {
	known := map[string]bool{}
	for _, n := range nodes {
		known[n] = true
	}
	seen := map[string]bool{}
	out := make([]OrderedNode, 0, len(given))
	for i, n := range given {
		switch {
		case !known[n]:
			return nil, fmt.Errorf("--order names %q, which is not a node of this cluster (%s)", n, strings.Join(nodes, ", "))
		case seen[n]:
			return nil, fmt.Errorf("--order names %q twice", n)
		}
		seen[n] = true
		out = append(out, OrderedNode{Node: n, Reason: fmt.Sprintf("%d of %d: order given by the operator", i+1, len(given))})
	}
	if len(out) != len(nodes) {
		var missing []string
		for _, n := range nodes {
			if !seen[n] {
				missing = append(missing, n)
			}
		}
		return nil, fmt.Errorf("--order leaves out %s: every node must be upgraded", strings.Join(missing, ", "))
	}
	return out, nil
}
