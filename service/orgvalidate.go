package service

import (
	"fmt"
	"net/mail"
	"regexp"
	"unicode/utf8"
)

// WeCom userids are 1-64 characters of letters, digits and _-@.
var userIDPattern = regexp.MustCompile(`^[A-Za-z0-9_@.\-]{1,64}$`)

var knownSettings = map[string]func(string) bool{
	SettingSubordinatesIncludeSubdepts: func(v string) bool { return v == "true" || v == "false" },
	SettingCRMLookupMode:               func(v string) bool { return v == string(LookupFuzzy) || v == string(LookupExact) },
}

// validate returns every problem of the snapshot, keyed by where it is
// (e.g. "users[3].main_department"), checked against the snapshot merged
// with what is already stored.
func (a *applier) validate() map[string]string {
	bad := map[string]string{}
	depts := map[int64]int64{} // id -> parent, current overlaid by snapshot
	for _, d := range a.cur.Departments {
		depts[d.ID] = d.ParentID
	}
	seenDept := map[int64]bool{}
	for i, d := range a.snap.Departments {
		at := fmt.Sprintf("departments[%d]", i)
		switch {
		case d.ID <= 0:
			bad[at+".id"] = "must be a positive WeCom department id"
		case seenDept[d.ID]:
			bad[at+".id"] = fmt.Sprintf("department %d is listed twice", d.ID)
		}
		seenDept[d.ID] = true
		depts[d.ID] = d.Parent
	}
	users := map[string]bool{}
	for _, u := range a.cur.Users {
		users[u.UserID] = true
	}
	seenUser := map[string]bool{}
	for i, u := range a.snap.Users {
		if seenUser[u.UserID] {
			bad[fmt.Sprintf("users[%d].userid", i)] = fmt.Sprintf("user %q is listed twice", u.UserID)
		}
		seenUser[u.UserID] = true
		users[u.UserID] = true
	}
	knownUsers := func(at string, ids []string) {
		for _, id := range ids {
			if !users[id] {
				bad[at] = fmt.Sprintf("unknown user %q", id)
			}
		}
	}
	for i, d := range a.snap.Departments {
		at := fmt.Sprintf("departments[%d]", i)
		if d.Name == "" || utf8.RuneCountInString(d.Name) > 128 {
			bad[at+".name"] = "must be 1 to 128 characters"
		}
		if _, ok := depts[d.Parent]; d.Parent != 0 && !ok {
			bad[at+".parent"] = fmt.Sprintf("unknown department %d", d.Parent)
		} else if cyclic(depts, d.ID) {
			bad[at+".parent"] = "makes the department tree a cycle"
		}
		if d.Kind != nil && !d.Kind.Valid() {
			bad[at+".kind"] = fmt.Sprintf("unknown kind %q (use region, branch or outsourced)", *d.Kind)
		}
		knownUsers(at+".leaders", d.Leaders)
	}
	for i, u := range a.snap.Users {
		at := fmt.Sprintf("users[%d]", i)
		if !userIDPattern.MatchString(u.UserID) {
			bad[at+".userid"] = "must be 1 to 64 letters, digits or _-@."
		}
		if u.Name == "" || utf8.RuneCountInString(u.Name) > 64 {
			bad[at+".name"] = "must be 1 to 64 characters"
		}
		if u.Email != "" {
			if _, err := mail.ParseAddress(u.Email); err != nil {
				bad[at+".email"] = "is not an email address"
			}
		}
		if _, ok := depts[u.MainDepartment]; u.MainDepartment != 0 && !ok {
			bad[at+".main_department"] = fmt.Sprintf("unknown department %d", u.MainDepartment)
		}
		for _, d := range u.Departments {
			if _, ok := depts[d]; !ok {
				bad[at+".departments"] = fmt.Sprintf("unknown department %d", d)
			}
		}
		knownUsers(at+".leaders", u.Leaders)
		for _, l := range u.Leaders {
			if l == u.UserID {
				bad[at+".leaders"] = "a user cannot lead themselves"
			}
		}
		for _, r := range u.Roles {
			if !r.Valid() {
				bad[at+".roles"] = fmt.Sprintf("unknown role %q", r)
			}
		}
		if u.Lang != "" && u.Lang != "zh" && u.Lang != "en" {
			bad[at+".lang"] = "must be zh or en"
		}
	}
	seenGroup := map[string]bool{}
	for i, g := range a.snap.Groups {
		at := fmt.Sprintf("groups[%d]", i)
		if g.Name == "" || utf8.RuneCountInString(g.Name) > 64 {
			bad[at+".name"] = "must be 1 to 64 characters"
		} else if seenGroup[g.Name] {
			bad[at+".name"] = fmt.Sprintf("group %q is listed twice", g.Name)
		}
		seenGroup[g.Name] = true
		knownUsers(at+".members", g.Members)
	}
	for name, val := range a.snap.Settings {
		check, ok := knownSettings[name]
		switch {
		case !ok:
			bad["settings."+name] = "unknown setting"
		case !check(val):
			bad["settings."+name] = fmt.Sprintf("invalid value %q", val)
		}
	}
	return bad
}

// cyclic reports whether walking up from id comes back to it.
func cyclic(parents map[int64]int64, id int64) bool {
	cur := parents[id]
	for steps := 0; cur != 0; steps++ {
		if cur == id || steps > len(parents) {
			return true
		}
		cur = parents[cur]
	}
	return false
}
