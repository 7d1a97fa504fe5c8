package cli

import "github.com/warren-sre/warren/model"

// samplePlans is every plan between the first and latest patch of each
// known series and the latest patch of each series after it, with and
// without Khepri: the texts warren's plans can contain.
func samplePlans() []model.UpgradePlan {
	out := beyondTablePlans()
	series := model.KnownSeries()
	for i, s := range series {
		first, _ := model.FirstPatch(s)
		last, _ := model.LatestPatch(s)
		for _, from := range []model.Version{first, last} {
			for _, t := range series[i:] {
				to, _ := model.LatestPatch(t)
				for _, khepri := range []bool{false, true} {
					p, err := model.Plan(from, to, nil, model.PlanOptions{KhepriEnabled: khepri})
					if err == nil {
						out = append(out, p)
					}
				}
			}
		}
	}
	return out
}

// beyondTablePlans reach past the tables (a newer patch, a commercial-only
// patch, an Erlang newer than the tables): the plans that carry warnings.
func beyondTablePlans() []model.UpgradePlan {
	var out []model.UpgradePlan
	for _, c := range []struct{ from, to, erlang string }{
		{"4.2.10", "4.3.6", "27.2"}, {"4.3.5", "4.3.6", "29.0"}, {"4.1.3", "4.1.9", "27.1"}, {"3.13.8", "4.0.9", "26.2.5"},
	} {
		from, _ := model.ParseVersion(c.from)
		to, _ := model.ParseVersion(c.to)
		e, _ := model.ParseErlangVersion(c.erlang)
		if p, err := model.Plan(from, to, &e, model.PlanOptions{}); err == nil {
			out = append(out, p)
		}
	}
	return out
}
