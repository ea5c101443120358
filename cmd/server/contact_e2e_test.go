package main

import (
	"context"
	"encoding/xml"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

// An admin edits the address book in WeCom; its change_contact callbacks
// change the org in the server at once, without a sync-org. The emulator's
// address book is the edited one: sales1 added, agent2 renamed to
// agent2_new, eng_east2's name changed. WeCom sends the events of one
// edit in the same second, so they must not be mistaken for one another's
// retries.
func TestContactChangesReachTheOrg(t *testing.T) {
	for _, st := range stacks(t) {
		t.Run(st.name, func(t *testing.T) {
			snap, err := configs.ParseOrg(configs.DemoOrg)
			if err != nil {
				t.Fatal(err)
			}
			for i, u := range snap.Users {
				switch u.UserID {
				case "agent2":
					snap.Users[i].UserID, snap.Users[i].Name = "agent2_new", "周客服（新）"
				case "eng_east2":
					snap.Users[i].Name = "褚工程师"
				}
			}
			e := newE2EWithOrg(t, st, snap)
			e.seedWithout("sales1")
			e.start()
			db := e.openDB()
			before := orgUsers(t, db)

			o := e.sim.Options()
			at := time.Now().Unix()
			for _, ch := range []struct{ change, userid, newUserID string }{
				{wecom.ChangeCreateUser, "sales1", ""},
				{wecom.ChangeUpdateUser, "eng_east2", ""},
				{wecom.ChangeUpdateUser, "agent2", "agent2_new"},
				{wecom.ChangeDeleteUser, "agent1", ""},
			} {
				raw, err := xml.Marshal(wecom.Message{ToUserName: o.CorpID, FromUserName: "sys", CreateTime: at, MsgType: wecom.MsgEvent,
					Event: wecom.EventChangeContact, ChangeType: ch.change, UserID: ch.userid, NewUserID: ch.newUserID})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := e.sim.Deliver(context.Background(), raw); err != nil {
					t.Fatalf("%s %s: %v", ch.change, ch.userid, err)
				}
			}

			type want struct {
				name    string
				enabled bool
				sameID  string // the row it must still be, "" for a new member
			}
			wants := map[string]*want{
				"sales1":     {"尤销售", true, ""},
				"eng_east2":  {"褚工程师", true, "eng_east2"},
				"agent2_new": {"周客服（新）", true, "agent2"},
				"agent1":     {"李客服", false, "agent1"},
				"agent2":     nil, // renamed away
			}
			var users map[string]service.User
			matches := func() bool {
				users = orgUsers(t, db)
				for id, w := range wants {
					u, ok := users[id]
					if w == nil {
						if ok {
							return false
						}
						continue
					}
					if !ok || u.Name != w.name || u.Enabled != w.enabled || (w.sameID != "" && u.ID != before[w.sameID].ID) {
						return false
					}
				}
				return true
			}
			deadline := time.Now().Add(15 * time.Second)
			for !matches() {
				if time.Now().After(deadline) {
					for id, w := range wants {
						t.Logf("%s: have %+v, want %+v", id, users[id], w)
					}
					t.Fatal("the org did not follow the change_contact callbacks")
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}

// orgUsers reads the server's members by userid.
func orgUsers(t *testing.T, db *repo.DB) map[string]service.User {
	t.Helper()
	org, err := repo.NewOrgs(db).LoadOrg(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]service.User{}
	for _, u := range org.Users {
		out[u.UserID] = u
	}
	return out
}
