package service_test

import (
	"context"
	"slices"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// onTicket is a ticketing stack with one ticket owned by eng_east1, on
// whose team eng_east2 may only read.
type onTicket struct {
	k      *servicetest.Ticketing
	ticket *service.Ticket
}

func newOnTicket(t *testing.T, st *servicetest.Stack) *onTicket {
	t.Helper()
	k := st.Ticketing(t)
	tk := k.Create(t, "eng_east1", service.NewTicket{Subject: "空调不制冷 ❄️", OwnerID: k.ID(t, "eng_east1"),
		Team: []service.Member{{UserID: k.ID(t, "eng_east2"), Role: service.MemberTeam, Access: service.AccessRead}}})
	return &onTicket{k: k, ticket: tk}
}

// access is who may do what with the fixture ticket's attached things:
// nil for allowed, else the kind of the refusal.
var ticketAccessCases = []struct {
	who         string
	read, write *service.Kind
}{
	{"eng_east1", nil, nil},                            // owner
	{"east_mgr", nil, nil},                             // owner's leader
	{"admin", nil, nil},                                // admin
	{"eng_east2", nil, refused(service.KindForbidden)}, // read-only team member
	{"eng_west1", refused(service.KindNotFound), refused(service.KindNotFound)}, // outside the scope
}

func TestServiceRecords(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			e := newOnTicket(t, st)
			k := e.k
			recs := service.NewRecordService(st.DB, repo.NewRecords(st.DB), k.Tickets)
			for _, tc := range ticketAccessCases {
				_, err := recs.Add(ctx, k.As(t, tc.who), service.NewRecord{TicketID: e.ticket.ID, Body: "到场检查 " + tc.who, Minutes: 30})
				wantRefusal(t, "add by "+tc.who, err, tc.write)
				_, err = recs.List(ctx, k.As(t, tc.who), e.ticket.ID)
				wantRefusal(t, "list by "+tc.who, err, tc.read)
			}
			_, err := recs.Add(ctx, k.As(t, "eng_west1"), service.NewRecord{TicketID: e.ticket.ID})
			wantRefusal(t, "outsider with bad input", err, refused(service.KindNotFound)) // no hint the id exists

			body := "更换压缩机电容 🔧，请 @east_mgr 和 @eng_sh1. 跟进；抄送 a@eng_west1.cn、@nobody、@admin"
			r, err := recs.Add(ctx, k.As(t, "eng_east1"), service.NewRecord{TicketID: e.ticket.ID, Body: body,
				Minutes: 45, Visibility: service.RecordCustomer})
			if err != nil {
				t.Fatalf("add: %v", err)
			}
			wantMentions := []int64{k.ID(t, "admin"), k.ID(t, "east_mgr"), k.ID(t, "eng_sh1")}
			slices.Sort(wantMentions)
			if !slices.Equal(r.Mentions, wantMentions) {
				t.Fatalf("mentions = %v, want %v", r.Mentions, wantMentions)
			}
			list, err := recs.List(ctx, k.As(t, "eng_east2"), e.ticket.ID)
			if err != nil {
				t.Fatal(err)
			}
			last := list[len(list)-1]
			if len(list) != 4 || last.Body != body || last.Minutes != 45 || last.Visibility != service.RecordCustomer ||
				!slices.Equal(last.Mentions, wantMentions) || list[0].Visibility != service.RecordInternal {
				t.Fatalf("records = %+v", list)
			}
			events, err := k.Tickets.Timeline(ctx, k.As(t, "eng_east1"), e.ticket.ID)
			if err != nil {
				t.Fatal(err)
			}
			if ev := events[len(events)-1]; ev.Action != service.ActionRecord || ev.ActorID != k.ID(t, "eng_east1") {
				t.Fatalf("last timeline event = %+v, want the record", ev)
			}

			_, err = recs.Add(ctx, k.As(t, "eng_east1"), service.NewRecord{TicketID: e.ticket.ID, Body: " ", Minutes: -1, Visibility: "public"})
			var de *service.Error
			if !asDomain(err, &de) || len(de.Fields) != 3 {
				t.Fatalf("bad record: %v", err)
			}
			if _, err := k.Tickets.Lock(ctx, k.As(t, "east_mgr"), e.ticket.ID, "审计"); err != nil {
				t.Fatal(err)
			}
			_, err = recs.Add(ctx, k.As(t, "eng_east1"), service.NewRecord{TicketID: e.ticket.ID, Body: "锁定后"})
			if !asDomain(err, &de) || de.Code != service.CodeIllegalTransition {
				t.Fatalf("record on a locked ticket: %v", err)
			}
		})
	}
}

func TestRecordsFollowAMerge(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			e := newOnTicket(t, st)
			k := e.k
			recs := service.NewRecordService(st.DB, repo.NewRecords(st.DB), k.Tickets)
			dup := k.Create(t, "eng_east1", service.NewTicket{Subject: "空调不制冷（重复）", OwnerID: k.ID(t, "eng_east1")})
			if _, err := recs.Add(ctx, k.As(t, "eng_east1"), service.NewRecord{TicketID: dup.ID, Body: "重复单上的记录"}); err != nil {
				t.Fatal(err)
			}
			if _, err := k.Tickets.Merge(ctx, k.As(t, "eng_east1"), dup.ID, e.ticket.ID); err != nil {
				t.Fatalf("merge: %v", err)
			}
			list, err := recs.List(ctx, k.As(t, "eng_east1"), e.ticket.ID)
			if err != nil || len(list) != 1 || list[0].TicketID != dup.ID {
				t.Fatalf("records after merge = %+v, %v", list, err)
			}
			if _, err := k.Tickets.Unmerge(ctx, k.As(t, "eng_east1"), dup.ID); err != nil {
				t.Fatalf("unmerge: %v", err)
			}
			if list, err = recs.List(ctx, k.As(t, "eng_east1"), e.ticket.ID); err != nil || len(list) != 0 {
				t.Fatalf("records after unmerge = %+v, %v", list, err)
			}
		})
	}
}

func TestParseMentions(t *testing.T) {
	x := service.NewOrgIndex(&service.OrgData{Users: []service.User{
		{ID: 1, UserID: "li.si", Enabled: true}, {ID: 2, UserID: "wang", Enabled: true},
		{ID: 3, UserID: "gone", Enabled: false}, {ID: 4, UserID: "a-b", Enabled: true},
	}})
	cases := []struct {
		text string
		want []int64
	}{
		{"@li.si 你好", []int64{1}},
		{"请@wang处理", []int64{2}},   // Chinese right after the id ends it
		{"结束于 @wang.", []int64{2}}, // trailing full stop dropped
		{"@li.si. @wang- @a-b", []int64{1, 2, 4}},
		{"@wang @wang @WANG", []int64{2}}, // once; userids are case-sensitive
		{"mail li@wang.cn", []int64{}},    // an email address mentions nobody
		{"@gone @nobody @", []int64{}},    // disabled, unknown, bare
		{"（@li.si）和@a-b。", []int64{1, 4}},
	}
	for _, c := range cases {
		if got := service.ParseMentions(x, c.text); !slices.Equal(got, c.want) {
			t.Errorf("ParseMentions(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
