package handler_test

import (
	"fmt"
	"net/url"
	"slices"
	"testing"
)

// TestContactAndDealSearchFollowTheLookupMode: contact and deal searches
// match fuzzily in fuzzy mode; in exact mode only whole values match,
// except within the caller's (and their subordinates') own customers and
// deals, and admins still match fuzzily.
func TestContactAndDealSearchFollowTheLookupMode(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		seed := func(owner, customer, contact, phone, email, deal string) {
			cu := e.do("POST", "/api/v1/customers", owner, map[string]any{"name": customer}).want(t, 201, "customer").JSON(t)
			id := int64(cu["id"].(float64))
			e.do("POST", fmt.Sprintf("/api/v1/customers/%d/contacts", id), "agent1",
				map[string]any{"name": contact, "phone": phone, "email": email}).want(t, 201, "contact")
			e.do("POST", fmt.Sprintf("/api/v1/customers/%d/opportunities", id), owner,
				map[string]any{"name": deal, "stage": "proposal"}).want(t, 201, "deal")
		}
		seed("eng_east1", "东方电子", "刘工", "13800001111", "liu@dongfang.example", "年度维保合同")
		seed("eng_west1", "西部物流", "刘经理", "13900002222", "liu@xibu.example", "年度维保续约")
		names := func(kind, as, term string) []string {
			t.Helper()
			var out struct{ Items []struct{ Name string } }
			e.do("GET", "/api/v1/"+kind+"?q="+url.QueryEscape(term), as, nil).want(t, 200, kind+" "+term).Into(t, &out)
			got := []string{}
			for _, it := range out.Items {
				got = append(got, it.Name)
			}
			slices.Sort(got)
			return got
		}
		type search struct{ kind, as, term string }
		check := func(mode string, cases map[search][]string) {
			t.Helper()
			for s, want := range cases {
				if got := names(s.kind, s.as, s.term); !slices.Equal(got, want) {
					t.Errorf("%s mode, %s searching %s for %q: %v, want %v", mode, s.as, s.kind, s.term, got, want)
				}
			}
		}
		both := []string{"刘工", "刘经理"}
		deals := []string{"年度维保合同", "年度维保续约"}
		check("fuzzy", map[search][]string{
			{"contacts", "agent1", "刘"}:                both,
			{"contacts", "agent1", "1380000"}:          {"刘工"},
			{"contacts", "agent1", "xibu"}:             {"刘经理"},
			{"contacts", "agent1", "王"}:                {},
			{"opportunities", "agent1", "维保"}:          deals,
			{"opportunities", "eng_west1", "合同"}:       {"年度维保合同"},
			{"opportunities", "agent1", "年度维保续约"}:      {"年度维保续约"},
			{"contacts", "eng_east1", "liu@xibu.exam"}: {"刘经理"},
		})
		e.do("PUT", "/api/v1/admin/settings", "admin", map[string]any{"settings": map[string]string{"crm.lookup_mode": "exact"}}).
			want(t, 200, "exact mode")
		check("exact", map[search][]string{
			{"contacts", "agent1", "刘"}:                {},
			{"contacts", "agent1", "刘工"}:               {"刘工"},
			{"contacts", "agent1", "1380000"}:          {},
			{"contacts", "agent1", "138-0000-1111"}:    {"刘工"},
			{"contacts", "agent1", "liu@xibu.example"}: {"刘经理"},
			{"contacts", "eng_east1", "刘"}:             {"刘工"}, // their own customer's
			{"contacts", "east_mgr", "刘"}:              {"刘工"}, // a subordinate's customer's
			{"contacts", "admin", "刘"}:                 both,
			{"opportunities", "agent1", "维保"}:          {},
			{"opportunities", "agent1", "年度维保续约"}:      {"年度维保续约"},
			{"opportunities", "eng_west1", "维保"}:       {"年度维保续约"},
			{"opportunities", "admin", "维保"}:           deals,
		})
		for _, kind := range []string{"contacts", "opportunities"} {
			e.do("GET", "/api/v1/"+kind, "agent1", nil).want(t, 400, kind+" without a term")
			e.do("GET", "/api/v1/"+kind+"?q=刘&limit=51", "agent1", nil).want(t, 400, kind+" over the limit")
			e.do("GET", "/api/v1/"+kind+"?q=刘", "", nil).want(t, 401, kind+" signed out")
		}
	})
}
