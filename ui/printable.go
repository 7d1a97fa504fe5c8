package ui

import "github.com/warren-sre/warren/model"

// The panes show names and text the broker supplies (node, queue, vhost and
// cluster names, reasons, errors). The screen gets copies made Printable;
// the samples themselves stay untouched, since the store and the pollers
// address queues and nodes by their real names.

func printableNodes(s model.NodesSample) model.NodesSample {
	if s.Value == nil {
		s.Err = model.Printable(s.Err)
		return s
	}
	nodes := make([]model.Node, len(s.Value))
	for i, n := range s.Value {
		n.Name, n.Reason = model.Printable(n.Name), model.Printable(n.Reason)
		n.RabbitVersion, n.ErlangVersion = model.Printable(n.RabbitVersion), model.Printable(n.ErlangVersion)
		n.Partitions = printableAll(n.Partitions)
		nodes[i] = n
	}
	s.Value, s.Err = nodes, model.Printable(s.Err)
	return s
}

func printableStates(states []model.NodeStatus) []model.NodeStatus {
	out := make([]model.NodeStatus, len(states))
	for i, s := range states {
		s.Node, s.Why = model.Printable(s.Node), model.Printable(s.Why)
		out[i] = s
	}
	return out
}

func printableQueues(s model.QueuesSample) model.QueuesSample {
	if s.Value == nil {
		s.Err = model.Printable(s.Err)
		return s
	}
	queues := make([]model.Queue, len(s.Value))
	for i, q := range s.Value {
		q.Name, q.VHost, q.Type, q.State = model.Printable(q.Name), model.Printable(q.VHost), model.Printable(q.Type), model.Printable(q.State)
		q.Node, q.Leader, q.Policy = model.Printable(q.Node), model.Printable(q.Leader), model.Printable(q.Policy)
		q.Members, q.Online = printableAll(q.Members), printableAll(q.Online)
		queues[i] = q
	}
	s.Value, s.Err = queues, model.Printable(s.Err)
	return s
}

func printableOverview(s model.OverviewSample) model.OverviewSample {
	o := &s.Value
	o.ClusterName, o.ServedBy = model.Printable(o.ClusterName), model.Printable(o.ServedBy)
	o.RabbitVersion, o.ErlangVersion = model.Printable(o.RabbitVersion), model.Printable(o.ErlangVersion)
	o.ManagementVersion = model.Printable(o.ManagementVersion)
	s.Err = model.Printable(s.Err)
	return s
}

func printableCanary(s model.CanarySample) model.CanarySample {
	c := &s.Value
	c.Node, c.Queue, c.LastError = model.Printable(c.Node), model.Printable(c.Queue), model.Printable(c.LastError)
	gaps := make([]model.Gap, len(c.Gaps))
	for i, g := range c.Gaps {
		g.From, g.To, g.Reason = model.Printable(g.From), model.Printable(g.To), model.Printable(g.Reason)
		gaps[i] = g
	}
	c.Gaps = gaps
	s.Err = model.Printable(s.Err)
	return s
}

func printableAll(in []string) []string {
	if in == nil {
		return nil
	}
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = model.Printable(v)
	}
	return out
}
