package sim_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/wecom/sim"
)

func TestAddressBook(t *testing.T) {
	off := false
	org := demoOrg(t)
	org.Users[1].Enabled = &off // admin
	e := start(t, sim.Options{Org: org})
	tok := e.token()
	get := func(path string, q url.Values) map[string]any {
		q.Set("access_token", tok)
		return e.call("GET", path, q, nil)
	}
	userids := func(m map[string]any) string {
		var ids []string
		list, _ := m["userlist"].([]any)
		for _, u := range list {
			ids = append(ids, u.(map[string]any)["userid"].(string))
		}
		return fmt.Sprint(ids)
	}
	deptIDs := func(m map[string]any) string {
		var ids []string
		list, _ := m["department"].([]any)
		for _, d := range list {
			ids = append(ids, fmt.Sprint(d.(map[string]any)["id"]))
		}
		return fmt.Sprint(ids)
	}

	cases := []struct {
		name  string
		path  string
		q     url.Values
		code  int64
		check func(map[string]any) string // "" when fine
	}{
		{"user/get", "/cgi-bin/user/get", url.Values{"userid": {"eng_east3"}}, 0, func(m map[string]any) string {
			if fields(m, "department", "is_leader_in_dept", "direct_leader", "main_department", "status", "position") != "[7] [1] [east_mgr] 7 1 网点负责人" {
				return fmt.Sprint(m)
			}
			return ""
		}},
		{"disabled member has status 2", "/cgi-bin/user/get", url.Values{"userid": {"admin"}}, 0, func(m map[string]any) string {
			if fmt.Sprint(m["status"]) != "2" {
				return fmt.Sprint(m["status"])
			}
			return ""
		}},
		{"two departments, leader flags aligned", "/cgi-bin/user/get", url.Values{"userid": {"sales1"}}, 0, func(m map[string]any) string {
			if fields(m, "department", "is_leader_in_dept") != "[9 2] [0 0]" {
				return fmt.Sprint(m)
			}
			return ""
		}},
		{"unknown user", "/cgi-bin/user/get", url.Values{"userid": {"ghost"}}, 60111, nil},
		{"user/list one department", "/cgi-bin/user/list", url.Values{"department_id": {"4"}}, 0, func(m map[string]any) string {
			if got := userids(m); got != "[east_mgr eng_east1 eng_east2]" {
				return got
			}
			return ""
		}},
		{"user/list with children", "/cgi-bin/user/list", url.Values{"department_id": {"4"}, "fetch_child": {"1"}}, 0, func(m map[string]any) string {
			if got := userids(m); got != "[east_mgr eng_east1 eng_east2 eng_east3 eng_sh1]" {
				return got
			}
			return ""
		}},
		{"user/list unknown department", "/cgi-bin/user/list", url.Values{"department_id": {"99"}}, 60003, nil},
		{"department/list all", "/cgi-bin/department/list", url.Values{}, 0, func(m map[string]any) string {
			if got := deptIDs(m); got != "[1 2 3 4 5 6 7 8 9 10]" {
				return got
			}
			d := m["department"].([]any)[1].(map[string]any)
			if fields(d, "name", "name_en", "department_leader", "parentid", "order") != "客户服务中心 Customer Service Center [cs_lead] 1 1" {
				return fmt.Sprint(d)
			}
			return ""
		}},
		{"department/list subtree", "/cgi-bin/department/list", url.Values{"id": {"3"}}, 0, func(m map[string]any) string {
			if got := deptIDs(m); got != "[3 4 7 5 6 10]" {
				return got
			}
			return ""
		}},
		{"department/list unknown", "/cgi-bin/department/list", url.Values{"id": {"99"}}, 60003, nil},
	}
	for _, tc := range cases {
		got := get(tc.path, tc.q)
		if errcode(got) != tc.code {
			t.Errorf("%s: %v, want errcode %d", tc.name, got, tc.code)
			continue
		}
		if tc.check != nil {
			if msg := tc.check(got); msg != "" {
				t.Errorf("%s: %s", tc.name, msg)
			}
		}
	}
}

// fields renders m's values at keys, space-separated.
func fields(m map[string]any, keys ...string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprint(m[k])
	}
	return strings.Join(parts, " ")
}
