package sim

import (
	"net/http"
	"strconv"

	"github.com/wecom-ticket/ticket/wecom"
)

const codeDeptNotFound = 60003

// userGet is /cgi-bin/user/get?userid=.
func (s *Server) userGet(w http.ResponseWriter, _ *http.Request, req *Request) {
	u, found := s.org.user(req.Query.Get("userid"))
	if !found {
		apiError(w, wecom.CodeUserNotFound, "userid not found")
		return
	}
	writeJSON(w, http.StatusOK, ok(s.org.wireUser(u)))
}

// userList is /cgi-bin/user/list?department_id=&fetch_child=: member
// details of one department, or of its whole subtree.
func (s *Server) userList(w http.ResponseWriter, _ *http.Request, req *Request) {
	id, err := strconv.ParseInt(req.Query.Get("department_id"), 10, 64)
	if _, found := s.org.dept(id); err != nil || !found {
		apiError(w, codeDeptNotFound, "department not found")
		return
	}
	deps := []int64{id}
	if req.Query.Get("fetch_child") == "1" {
		deps = s.org.subtree(id)
	}
	list := []map[string]any{}
	for _, u := range s.org.members(deps) {
		list = append(list, s.org.wireUser(u))
	}
	writeJSON(w, http.StatusOK, ok(map[string]any{"userlist": list}))
}

// departmentList is /cgi-bin/department/list?id=: all departments, or id
// and everything below it.
func (s *Server) departmentList(w http.ResponseWriter, _ *http.Request, req *Request) {
	list := []map[string]any{}
	if raw := req.Query.Get("id"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if _, found := s.org.dept(id); err != nil || !found {
			apiError(w, codeDeptNotFound, "department not found")
			return
		}
		for _, d := range s.org.subtree(id) {
			dep, _ := s.org.dept(d)
			list = append(list, wireDept(dep))
		}
	} else {
		for _, d := range s.org.depts {
			list = append(list, wireDept(d))
		}
	}
	writeJSON(w, http.StatusOK, ok(map[string]any{"department": list}))
}
