package wecom

import (
	"reflect"
	"testing"

	"github.com/wecom-ticket/ticket/service"
)

// TestAddLeaderships covers apps that see is_leader_in_dept but get an
// empty department_leader.
func TestAddLeaderships(t *testing.T) {
	deps := []service.DeptSpec{{ID: 1, Leaders: []string{"boss"}}, {ID: 2, Leaders: []string{}}}
	known := map[int64]int{1: 0, 2: 1}
	addLeaderships(deps, known, wireUser{UserID: "lead", Department: []int64{1, 2, 99}, IsLeaderInDept: []int{0, 1, 1}})
	addLeaderships(deps, known, wireUser{UserID: "boss", Department: []int64{1}, IsLeaderInDept: []int{1}})
	addLeaderships(deps, known, wireUser{UserID: "short", Department: []int64{1, 2}, IsLeaderInDept: []int{0}})
	if !reflect.DeepEqual(deps[0].Leaders, []string{"boss"}) || !reflect.DeepEqual(deps[1].Leaders, []string{"lead"}) {
		t.Errorf("leaders %v %v", deps[0].Leaders, deps[1].Leaders)
	}
}
