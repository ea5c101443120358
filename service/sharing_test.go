package service_test

import (
	"context"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// TestSharingRulesGrantAndWithdraw shares sales1's tickets with a
// department (reaching the departments below it), shares a department's
// tickets with a person read-write, withdraws a rule, and refuses bad
// rules whole.
func TestSharingRulesGrantAndWithdraw(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			as := func(u string) service.Actor { return k.As(t, u) }
			admin := as("admin")
			sales := k.Create(t, "sales1", service.NewTicket{Subject: "客户要报价", OwnerID: k.ID(t, "sales1")})
			access := func(user string) service.Access {
				d, err := k.Tickets.Get(ctx, as(user), sales.ID)
				if service.IsKind(err, service.KindNotFound) {
					return service.AccessNone
				}
				return servicetest.Must(d, err)(t).Access
			}
			want := func(when string, users map[string]service.Access) {
				t.Helper()
				for u, a := range users {
					if got := access(u); got != a {
						t.Errorf("%s: %s has %q access, want %q", when, u, got, a)
					}
				}
			}
			want("before any rule", map[string]service.Access{"eng_sh1": service.AccessNone, "east_mgr": service.AccessNone,
				"eng_west1": service.AccessNone})

			// To a department: its members and those of the departments
			// below it (上海网点 is under 华东区) read; others do not.
			east := servicetest.Must(k.Sharing.Share(ctx, admin, service.SharingRule{SourceKind: service.PartyUser,
				SourceID: k.ID(t, "sales1"), TargetKind: service.PartyDept, TargetID: 4, Access: service.AccessRead}))(t)
			want("shared to 华东区", map[string]service.Access{"eng_sh1": service.AccessRead,
				"east_mgr": service.AccessRead, "eng_west1": service.AccessNone})
			_, err := k.Tickets.WaitForCustomer(ctx, as("eng_sh1"), sales.ID, "")
			expectKind(t, err, service.KindForbidden)

			// From a department: everyone whose main department is 销售部,
			// to one person, read-write.
			servicetest.Must(k.Sharing.Share(ctx, admin, service.SharingRule{SourceKind: service.PartyDept,
				SourceID: 9, TargetKind: service.PartyUser, TargetID: k.ID(t, "eng_west1"), Access: service.AccessWrite}))(t)
			servicetest.Must(k.Tickets.WaitForCustomer(ctx, as("eng_west1"), sales.ID, "等报价确认"))(t)

			// Unshare withdraws what the rule gave, and only that.
			if err := k.Sharing.Unshare(ctx, admin, east.ID); err != nil {
				t.Fatal(err)
			}
			want("after unshare", map[string]service.Access{"eng_sh1": service.AccessNone,
				"east_mgr": service.AccessNone, "eng_west1": service.AccessWrite})
			if rules := servicetest.Must(k.Sharing.Rules(ctx, admin))(t); len(rules) != 1 || rules[0].TargetKind != service.PartyUser {
				t.Fatalf("rules after unshare = %+v, want only the department's", rules)
			}

			// A bad rule is refused whole, every problem named, nothing stored.
			bad := []struct {
				rule   service.SharingRule
				fields []string
			}{
				{service.SharingRule{SourceKind: service.PartyGroup, SourceID: 1, TargetKind: service.PartyDept, TargetID: 999,
					Access: "admin"}, []string{"source_kind", "target_id", "access"}},
				{service.SharingRule{SourceKind: service.PartyUser, SourceID: 999999, TargetKind: "everyone",
					Access: service.AccessRead}, []string{"source_id", "target_kind"}},
				{service.SharingRule{SourceKind: service.PartyDept, SourceID: 999, TargetKind: service.PartyGroup,
					TargetID: 999999}, []string{"source_id", "target_id", "access"}},
			}
			for _, b := range bad {
				_, err := k.Sharing.Share(ctx, admin, b.rule)
				expectFields(t, err, b.fields...)
			}
			if rules := servicetest.Must(k.Sharing.Rules(ctx, admin))(t); len(rules) != 1 {
				t.Fatalf("%d rules stored, want the one good rule left", len(rules))
			}
		})
	}
}
