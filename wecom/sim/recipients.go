package sim

import (
	"slices"
	"strconv"
	"strings"

	"github.com/wecom-ticket/ticket/wecom"
)

// recipients is a touser/toparty/totag triple resolved against the org.
type recipients struct {
	users                                     []string // who gets it, each once
	invalidUsers, invalidParties, invalidTags []string
}

// resolve applies WeCom's rules: lists over the maxima are errors; unknown
// or disabled members, unknown departments and (the emulator has none)
// all tags are reported as invalid; departments reach their whole subtree.
func (s *Server) resolve(touser, toparty, totag string) (recipients, *wireErr) {
	var r recipients
	users, parties, tags := splitBar(touser), splitBar(toparty), splitBar(totag)
	switch {
	case len(users) > wecom.MaxUsersPerSend:
		return r, &wireErr{codeBadUserListLen, "invalid userid list size"}
	case len(parties) > wecom.MaxPartiesPerSend:
		return r, &wireErr{codeTooManyParties, "invalid partyid list size"}
	case len(tags) > wecom.MaxTagsPerSend:
		return r, &wireErr{codeTooManyTags, "invalid tagid list size"}
	}
	add := func(u string) {
		if !slices.Contains(r.users, u) {
			r.users = append(r.users, u)
		}
	}
	if len(users) == 1 && users[0] == "@all" {
		for _, u := range s.org.users {
			if s.org.active(u.UserID) {
				add(u.UserID)
			}
		}
		return r, nil
	}
	for _, u := range users {
		if s.org.active(u) {
			add(u)
		} else {
			r.invalidUsers = append(r.invalidUsers, strings.ToLower(u)) // WeCom lower-cases them
		}
	}
	for _, p := range parties {
		id, err := strconv.ParseInt(p, 10, 64)
		if _, found := s.org.dept(id); err != nil || !found {
			r.invalidParties = append(r.invalidParties, p)
			continue
		}
		for _, u := range s.org.members(s.org.subtree(id)) {
			if s.org.active(u.UserID) {
				add(u.UserID)
			}
		}
	}
	r.invalidTags = tags
	return r, nil
}

func splitBar(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
