package wecom_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// A team's first day: many members nobody knew yet write at once, and
// each is fetched from WeCom and saved. On MySQL those saves deadlock on
// gap locks; every member must still be known afterwards (a failed save
// would leave their message unanswered).
func TestManyNewMembersAtOnceAreAllSaved(t *testing.T) {
	const n = 40
	snap, err := configs.ParseOrg(configs.DemoOrg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		snap.Users = append(snap.Users, service.UserSpec{UserID: fmt.Sprintf("new_%02d", i), Name: fmt.Sprintf("新同事%02d", i),
			MainDepartment: 2, Departments: []int64{2}, Leaders: []string{"cs_lead"}})
	}
	s := newSim(t, snap)
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			st.SeedDemo(t)
			org := service.NewOrgService(st.DB, repo.NewOrgs(st.DB), st.KV, newClient(t, s, newStore(t)))
			var wg sync.WaitGroup
			errs := make(chan error, n)
			for i := range n {
				wg.Go(func() {
					if _, err := org.EnsureUser(context.Background(), fmt.Sprintf("new_%02d", i)); err != nil {
						errs <- err
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Errorf("a new member was not saved: %v", err)
			}
			idx, err := org.Index(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for i := range n {
				if _, ok := idx.UserByUserID(fmt.Sprintf("new_%02d", i)); !ok {
					t.Errorf("new_%02d is unknown after their first message", i)
				}
			}
		})
	}
}
