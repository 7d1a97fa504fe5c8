package cli

import "github.com/warren-sre/warren/model"

// samplePlans is every plan between the first and latest patch of each
// known series and the latest patch of each series after it, with and
// without Khepri: the texts warren's plans can contain.
func samplePlans() []model.UpgradePlan {
	var out []model.UpgradePlan
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
