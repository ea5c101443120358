package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/repo/store"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

// ticketFor creates a ticket in the server's database the way the web
// form would (no listeners: the test wants only what the server does
// after), owned by owner and recorded by creator.
func (e *e2e) ticketFor(db *repo.DB, creator, owner string, contactID int64) *service.Ticket {
	e.t.Helper()
	ctx := context.Background()
	kv := store.NewMemory()
	e.t.Cleanup(func() { _ = kv.Close() })
	org := service.NewOrgService(db, repo.NewOrgs(db), kv, nil)
	share := repo.NewSharing(db)
	tickets := service.NewTicketService(service.TicketDeps{Tx: db, Tickets: repo.NewTickets(db), Templates: repo.NewTemplates(db),
		Rules: repo.NewDispatchRules(db), Sharing: share, Org: org,
		Calendar: service.NewCalendarService(org, share, service.DefaultBusinessHours())})
	x, err := org.Index(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	by, _ := x.UserByUserID(creator)
	to, _ := x.UserByUserID(owner)
	c, err := tickets.Create(ctx, service.Actor{UserID: by.ID, Origin: service.OriginWebForm},
		service.NewTicket{Subject: "打印机卡纸", OwnerID: to.ID, ContactID: contactID})
	if err != nil {
		e.t.Fatal(err)
	}
	return c.Ticket
}

// startSettled starts the server and waits until it has sent what it
// sends on its own at start (the managers' daily summary, once it is past
// its time) and its outbox is idle, so an injected fault meets only the
// test's own notice. It returns the server's database.
func (e *e2e) startSettled() *repo.DB {
	e.t.Helper()
	e.start()
	db := e.openDB()
	cst := service.DefaultBusinessHours().Location
	if now := time.Now().In(cst); now.Hour() >= 9 {
		waitUntil(e.t, "the daily summaries", func() bool {
			return slices.ContainsFunc(e.sim.Sent("svc_mgr"), func(m sim.SentMessage) bool { return m.MsgType == "template_card" })
		})
	}
	idle(e.t, db)
	return db
}

// idle waits until the server's outbox has nothing left to send.
func idle(t *testing.T, db *repo.DB) {
	t.Helper()
	waitUntil(t, "the outbox to be idle", func() bool {
		c, err := repo.NewOutbox(db).CountByStatus(context.Background())
		return err == nil && c[service.NoticePending] == 0 && c[service.NoticeSending] == 0
	})
}

// sendsOf are the message/send requests whose body mentions marker.
func sendsOf(s *sim.Server, marker string) []sim.Request {
	var out []sim.Request
	for _, r := range s.Requests("message/send") {
		if strings.Contains(string(r.Raw), marker) {
			out = append(out, r)
		}
	}
	return out
}

// Acceptance: killed (SIGKILL) after a status change committed and while
// its notice is on its way to WeCom, the server sends the notice after a
// restart, and exactly once.
func TestNoticeSurvivesAKillBetweenCommitAndSend(t *testing.T) {
	for _, st := range stacks(t) {
		t.Run(st.name, func(t *testing.T) {
			e := newE2E(t, st)
			db := e.startSettled()
			tk := e.ticketFor(db, "agent1", "eng_east1", 0)
			c := newChat(e)

			// Hold every send at the emulator: the change commits, then the
			// kill lands while its notice to the creator is in flight.
			e.sim.SetLatency("message/send", time.Minute)
			if _, err := e.sim.SendText(context.Background(), "eng_east1", "解决 "+tk.Number+" 更换了搓纸轮"); err != nil {
				t.Fatal(err)
			}
			waitUntil(t, "the notice to reach the emulator", func() bool { return len(sendsOf(e.sim, `"touser":"agent1"`)) > 0 })
			e.kill()
			e.sim.SetLatency("message/send", 0)
			if n := len(e.sim.Sent("agent1")); n != 0 {
				t.Fatalf("agent1 got %d messages before the kill; the test missed the window", n)
			}
			got, err := repo.NewTickets(db).GetTicket(context.Background(), tk.ID)
			if err != nil || got.Status != service.StatusResolved {
				t.Fatalf("the change did not commit before the kill: %v, %v", got.Status, err)
			}

			e.start()
			// The dead instance's claim must lapse first (OutboxConfig.Lease).
			first := e.waitSentWithin("agent1", 1, 3*time.Minute)
			if !strings.Contains(first[0].Content, tk.Number) || !strings.Contains(first[0].Content, "已解决") {
				t.Fatalf("after the restart agent1 got %q", first[0].Content)
			}
			// A later notice to agent1 is the barrier: once it is there, a
			// duplicate of the first would be too.
			c.say("eng_east1", "关闭 "+tk.Number, tk.Number)
			e.waitSent("agent1", 2)
			var about []string
			for _, m := range e.sim.Sent("agent1") {
				if strings.Contains(m.Content, tk.Number) {
					about = append(about, m.Content)
				}
			}
			if len(about) != 2 || !strings.Contains(about[0], "已解决") || !strings.Contains(about[1], "已关闭") {
				t.Fatalf("agent1 got %d notices about the ticket, want the resolution once then the closing:\n%s",
					len(about), strings.Join(about, "\n---\n"))
			}
		})
	}
}

// Acceptance: WeCom answering 45009 three times costs retries, not the
// notice (it arrives on the fourth attempt); 81013 (no valid recipient)
// dead-letters it after one try, with no retry storm.
func TestWeComRefusalsAtTheOutbox(t *testing.T) {
	for _, st := range stacks(t) {
		t.Run(st.name, func(t *testing.T) {
			e := newE2E(t, st)
			db := e.startSettled()
			ob := repo.NewOutbox(db)
			ctx := context.Background()
			notice := func(key, to string) []*service.Notice {
				return []*service.Notice{{DedupeKey: key, Channel: service.ChannelWeComMarkdown, Recipient: to, Kind: "test",
					Payload: wecom.EncodeNotice(wecom.NoticePayload{Text: key})}}
			}

			e.sim.FailNext("message/send", wecom.CodeFreqLimit, 3)
			if err := ob.Enqueue(ctx, notice("busy-probe", "agent1")); err != nil {
				t.Fatal(err)
			}
			got := e.waitSent("agent1", 1)
			if got[0].Content != "busy-probe" || len(sendsOf(e.sim, "busy-probe")) != 4 {
				t.Fatalf("delivered %q after %d attempts, want busy-probe on the 4th", got[0].Content, len(sendsOf(e.sim, "busy-probe")))
			}

			e.sim.FailNext("message/send", wecom.CodeNoValidRecipients, 1)
			if err := ob.Enqueue(ctx, notice("dead-probe", "agent2")); err != nil {
				t.Fatal(err)
			}
			var dead []service.Notice
			waitUntil(t, "the notice to be dead-lettered", func() bool {
				var err error
				dead, err = ob.ListDead(ctx, 10)
				return err == nil && len(dead) == 1
			})
			time.Sleep(2 * time.Second) // room for a retry storm, were there one
			if n := len(sendsOf(e.sim, "dead-probe")); n != 1 || dead[0].Attempts != 1 || !strings.Contains(dead[0].LastError, "81013") {
				t.Fatalf("%d attempts at WeCom, dead letter %+v; want one try", n, dead[0])
			}
			if len(e.sim.Sent("agent2")) != 0 {
				t.Fatal("the dead notice was delivered")
			}
		})
	}
}

// Acceptance: two server instances on one database deliver 1,000 notices
// through WeCom's API, none twice, none lost. Each notice goes to its own
// member, so neither digests nor the per-member limit hide a duplicate.
func TestTwoInstancesDeliverAThousandNotices(t *testing.T) {
	const total = 1000
	for _, st := range stacks(t) {
		t.Run(st.name, func(t *testing.T) {
			snap, err := configs.ParseOrg(configs.DemoOrg)
			if err != nil {
				t.Fatal(err)
			}
			for i := range total {
				snap.Users = append(snap.Users, service.UserSpec{UserID: fmt.Sprintf("u%04d", i), Name: fmt.Sprintf("成员%d", i),
					MainDepartment: 2, Departments: []int64{2}})
			}
			a := newE2EWithOrg(t, st, snap)
			a.start()
			b := *a // the same database and emulator, its own port and keys
			b.env = map[string]string{}
			for k, v := range a.env {
				b.env[k] = v
			}
			b.port = freePort(t)
			b.env["TICKET_HTTP_ADDR"] = "127.0.0.1:" + strconv.Itoa(b.port)
			if p, ok := a.env["TICKET_REDIS_PREFIX"]; ok {
				b.env["TICKET_REDIS_PREFIX"] = p + "b:"
			}
			b.start()
			db := a.openDB()
			idle(t, db)
			var batch []*service.Notice
			for i := range total {
				batch = append(batch, &service.Notice{DedupeKey: fmt.Sprintf("bulk-%04d", i), Channel: service.ChannelWeComMarkdown,
					Recipient: fmt.Sprintf("u%04d", i), Kind: "test", Payload: wecom.EncodeNotice(wecom.NoticePayload{Text: fmt.Sprintf("bulk-%04d", i)})})
			}
			start := time.Now()
			for i := 0; i < total; i += 100 {
				if err := repo.NewOutbox(db).Enqueue(context.Background(), batch[i:i+100]); err != nil {
					t.Fatal(err)
				}
			}
			bulk := func() []sim.SentMessage {
				return slices.DeleteFunc(a.sim.SentSince("", 0), func(m sim.SentMessage) bool { return !strings.HasPrefix(m.UserID, "u") })
			}
			deadline := time.Now().Add(3 * time.Minute)
			for len(bulk()) < total && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			took := time.Since(start)
			idle(t, db)
			got := bulk()
			seen := map[string]int{}
			for _, m := range got {
				if want := "bulk-" + strings.TrimPrefix(m.UserID, "u"); m.Content != want {
					t.Fatalf("%s got %q, want %q", m.UserID, m.Content, want)
				}
				seen[m.UserID]++
			}
			if len(got) != total || len(seen) != total {
				t.Fatalf("%d messages to %d members, want %d each: duplicates or losses", len(got), len(seen), total)
			}
			// Each instance has its own access token: count who sent what.
			by := map[string]int{}
			for _, r := range a.sim.Requests("message/send") {
				if strings.Contains(string(r.Raw), "bulk-") {
					by[r.Query.Get("access_token")]++
				}
			}
			shares := slices.Collect(mapValues(by))
			if len(shares) != 2 {
				t.Fatalf("deliveries by instance %v: want both instances to have worked", shares)
			}
			t.Logf("%d notices through two instances in %v (%.0f/s); per instance %v", total, took.Round(time.Millisecond),
				float64(total)/took.Seconds(), shares)
		})
	}
}

func mapValues(m map[string]int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

// A customer writing to 微信客服 reaches the server as a kf_msg_or_event
// callback, which opens their window; the ticket's resolution then goes
// to them through 微信客服 with a working link to the status page.
func TestCustomerHearsThroughKFWithAStatusLink(t *testing.T) {
	e := newE2E(t, stackEnv{name: "embedded", env: map[string]string{}})
	e.start()
	db := e.openDB()
	ctx := context.Background()
	crm := repo.NewCRM(db)
	cust := &service.Customer{Name: "张三家", CreatedBy: 1, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := crm.InsertCustomer(ctx, cust); err != nil {
		t.Fatal(err)
	}
	contact := &service.Contact{CustomerID: cust.ID, Name: "张三", ExternalUserID: "wmE2E", CreatedBy: 1,
		CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := crm.SaveContact(ctx, contact); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.CustomerWritesKF(ctx, "wkE2E", "wmE2E", "打印机又卡纸了"); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the 微信客服 window to open", func() bool {
		w, err := repo.NewNotices(db).KFWindow(ctx, "wmE2E")
		return err == nil && w != nil
	})
	tk := e.ticketFor(db, "agent1", "eng_east1", contact.ID)
	if _, err := e.sim.SendText(ctx, "eng_east1", "解决 "+tk.Number+" 已清理搓纸轮"); err != nil {
		t.Fatal(err)
	}
	var text string
	waitUntil(t, "the customer notice through 微信客服", func() bool {
		got := e.sim.KFSent("wmE2E")
		if len(got) > 0 {
			text = got[0].Content
		}
		return len(got) > 0
	})
	i := strings.Index(text, "http://")
	if !strings.Contains(text, tk.Number) || i < 0 {
		t.Fatalf("customer got %q", text)
	}
	link := strings.Fields(text[i:])[0]
	status, body := fetch(t, link) // the link the server just sent, to itself
	if status != http.StatusOK || !strings.Contains(body, tk.Number) || !strings.Contains(body, "已解决") {
		t.Fatalf("status page %d:\n%s", status, body)
	}
	ds, err := repo.NewNotices(db).CustomerDeliveries(ctx, tk.ID)
	if err != nil || len(ds) != 1 || ds[0].Channel != service.ChannelKF || ds[0].Status != service.DeliverySent {
		raw, _ := json.Marshal(ds)
		t.Fatalf("deliveries %s, %v", raw, err)
	}
}
