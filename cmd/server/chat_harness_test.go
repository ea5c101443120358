package main

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

// seedWithout seeds the demo org minus one member, who stays in the
// emulator's address book: the server meets them as a stranger and
// fetches them from WeCom (user/get).
func (e *e2e) seedWithout(userid string) {
	e.t.Helper()
	e.env["TICKET_DEMO"] = "false"
	var kept []string
	for _, l := range strings.Split(string(mustRead(e.t, "../../configs/demo-org.yaml")), "\n") {
		if !strings.Contains(l, "userid: "+userid+",") {
			kept = append(kept, l)
		}
	}
	partial := filepath.Join(e.dir, "partial-org.yaml")
	if err := os.WriteFile(partial, []byte(strings.Join(kept, "\n")), 0o600); err != nil {
		e.t.Fatal(err)
	}
	e.run("seed", partial)
}

// openDB connects to the server's database, for what a test sets up
// beside the chat (customers, articles) and checks behind it.
func (e *e2e) openDB() *repo.DB {
	e.t.Helper()
	driver, dsn := repo.SQLite, "file:"+filepath.Join(e.dir, "data", "ticket.db")+"?_pragma=busy_timeout(10000)"
	if e.env["TICKET_DB_DRIVER"] == "mysql" {
		driver, dsn = repo.MySQL, e.env["TICKET_DB_DSN"]
	}
	db, err := repo.Open(context.Background(), driver, dsn, 2, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { _ = db.Close() })
	return db
}

// settle waits until the outbox has nothing in flight or due, so a kill
// lands between messages rather than inside a delivery (whose recovery,
// a lease running out, is the outbox's own test).
func settle(t *testing.T, db *repo.DB) {
	t.Helper()
	waitUntil(t, "the outbox to settle", func() bool {
		counts, err := repo.NewOutbox(db).CountByStatus(context.Background())
		return err == nil && counts[service.NoticeSending] == 0 && counts[service.NoticePending] == 0
	})
}

// chatOnEachStack runs fn on every stack the harness offers: a started
// server with the chat fixtures, its database and a chat to drive it.
func chatOnEachStack(t *testing.T, fn func(t *testing.T, e *e2e, db *repo.DB, c *chat)) {
	for _, st := range stacks(t) {
		t.Run(st.name, func(t *testing.T) {
			e := newE2E(t, st)
			e.start()
			db := e.openDB()
			fixtures(t, db)
			fn(t, e, db, newChat(e))
		})
	}
}

// chat drives conversations with the bot through the emulator and keeps
// the round-trip times it saw.
type chat struct {
	e  *e2e
	mu sync.Mutex
	rt []time.Duration
}

func newChat(e *e2e) *chat {
	c := &chat{e: e}
	e.t.Cleanup(func() { c.report() })
	return c
}

// mark is the newest message userid has received so far.
func (c *chat) mark(userid string) int64 {
	got := c.e.sim.Sent(userid)
	if len(got) == 0 {
		return 0
	}
	return got[len(got)-1].Seq
}

// say sends text as userid and returns the first message to userid after
// it that contains want.
func (c *chat) say(userid, text, want string) sim.SentMessage {
	c.e.t.Helper()
	after := c.mark(userid)
	start := time.Now()
	if _, err := c.e.sim.SendText(context.Background(), userid, text); err != nil {
		c.e.t.Fatalf("%s says %q: %v", userid, text, err)
	}
	m := c.await(userid, after, want)
	if rt := m.At.Sub(start); rt > 100*time.Millisecond {
		c.e.t.Logf("slow reply: %s %q took %v", userid, text, rt)
	}
	c.mu.Lock()
	c.rt = append(c.rt, m.At.Sub(start))
	c.mu.Unlock()
	return m
}

// await waits for a message to userid after seq that contains want (in
// its text or its card).
func (c *chat) await(userid string, after int64, want string) sim.SentMessage {
	c.e.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		for _, m := range c.e.sim.SentSince(userid, after) {
			if strings.Contains(textOf(m), want) {
				return m
			}
		}
		if time.Now().After(deadline) {
			var seen []string
			for _, m := range c.e.sim.SentSince(userid, after) {
				seen = append(seen, textOf(m))
			}
			c.e.t.Fatalf("%s never received %q; got:\n%s", userid, want, strings.Join(seen, "\n---\n"))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// textOf is what a member reads in a message, cards included.
func textOf(m sim.SentMessage) string {
	parts := []string{m.Content, m.ReplaceName}
	if c := m.Card; c != nil {
		if c.MainTitle != nil {
			parts = append(parts, c.MainTitle.Title, c.MainTitle.Desc)
		}
		parts = append(parts, c.SubTitleText)
		for _, b := range c.ButtonList {
			parts = append(parts, b.Text, b.Key)
		}
	}
	return strings.Join(parts, "\n")
}

// button finds, in messages to userid after seq, the card with a button
// whose key starts with prefix.
func (c *chat) button(userid string, after int64, prefix string) (task, key string) {
	c.e.t.Helper()
	m := c.await(userid, after, prefix)
	for _, b := range m.Card.ButtonList {
		if strings.HasPrefix(b.Key, prefix) {
			return m.TaskID, b.Key
		}
	}
	c.e.t.Fatalf("no %s button on %+v", prefix, m.Card)
	return "", ""
}

// choice finds, in messages to userid after seq, the choice card's
// button whose text contains label.
func (c *chat) choice(userid string, after int64, label string) (task, key string) {
	c.e.t.Helper()
	m := c.await(userid, after, "pick:")
	for _, b := range m.Card.ButtonList {
		if strings.Contains(b.Text, label) {
			return m.TaskID, b.Key
		}
	}
	c.e.t.Fatalf("no %s button on %+v", label, m.Card)
	return "", ""
}

func (c *chat) click(userid, task, key string) {
	c.e.t.Helper()
	if err := c.e.sim.ClickCard(context.Background(), userid, task, key, ""); err != nil {
		c.e.t.Fatalf("%s clicks %s on %s: %v", userid, key, task, err)
	}
}

// forgeClick delivers a click from someone the card was never sent to.
func (c *chat) forgeClick(userid, task, key string) {
	c.e.t.Helper()
	o := c.e.sim.Options()
	m := wecom.Message{ToUserName: o.CorpID, FromUserName: userid, CreateTime: time.Now().Unix(), MsgType: wecom.MsgEvent,
		AgentID: o.AgentID, Event: wecom.EventTemplateCard, EventKey: key, TaskID: task,
		CardType: wecom.CardButtonInteraction, ResponseCode: "forged"}
	c.deliver(m)
}

// sendImage delivers a picture from userid, served by the emulator's
// media/get.
func (c *chat) sendImage(userid, mediaID string, data []byte) {
	c.e.t.Helper()
	c.e.sim.AddMedia(mediaID, sim.Media{ContentType: "image/png", Data: data})
	o := c.e.sim.Options()
	c.deliver(wecom.Message{ToUserName: o.CorpID, FromUserName: userid, CreateTime: time.Now().Unix(),
		MsgType: wecom.MsgImage, AgentID: o.AgentID, MediaID: mediaID, MsgID: time.Now().UnixNano()})
}

func (c *chat) deliver(m wecom.Message) {
	c.e.t.Helper()
	raw, err := xml.Marshal(m)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if _, err := c.e.sim.Deliver(context.Background(), raw); err != nil {
		c.e.t.Fatal(err)
	}
}

// report logs the round trips: message in at the emulator to the reply
// out at it, through the real server.
func (c *chat) report() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.rt) == 0 {
		return
	}
	s := slices.Clone(c.rt)
	slices.Sort(s)
	c.e.t.Logf("chat round trips: %d, p50 %v, p90 %v, max %v", len(s), s[len(s)/2], s[len(s)*9/10], s[len(s)-1])
}

var numberPattern = regexp.MustCompile(`GD\d{8}-\d{4,6}`)

// number is the first ticket number in a message.
func number(t *testing.T, m sim.SentMessage) string {
	t.Helper()
	n := numberPattern.FindString(textOf(m))
	if n == "" {
		t.Fatalf("no ticket number in %q", textOf(m))
	}
	return n
}

// choiceFor is the number of the listed line that contains what, in a
// text or on a choice card.
func choiceFor(t *testing.T, m sim.SentMessage, what string) string {
	t.Helper()
	list := m.Content
	if m.Card != nil {
		list = m.Card.SubTitleText
	}
	for _, l := range strings.Split(list, "\n") {
		if n, rest, ok := strings.Cut(l, ". "); ok && strings.Contains(rest, what) {
			return strings.TrimSpace(n)
		}
	}
	t.Fatalf("%q is not among the choices:\n%s", what, list)
	return ""
}

// fixtures writes what chat cannot create: customers and an article.
func fixtures(t *testing.T, db *repo.DB) {
	t.Helper()
	ctx := context.Background()
	org, err := repo.NewOrgs(db).LoadOrg(ctx)
	if err != nil {
		t.Fatal(err)
	}
	admin := int64(0)
	for _, u := range org.Users {
		if u.UserID == "admin" {
			admin = u.ID
		}
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	crm := repo.NewCRM(db)
	for _, name := range []string{"华东机械有限公司", "华西电子", "华西电气"} {
		c := &service.Customer{Name: name, OwnerID: admin, CreatedBy: admin, CreatedAt: now, UpdatedAt: now, Tags: []string{}}
		if err := crm.InsertCustomer(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	a := &service.Article{Title: "打印机卡纸的处理方法", Body: "打开后盖取出卡住的纸，检查并清洁搓纸轮。", AuthorID: admin,
		Published: true, Tags: []string{"打印机"}, CreatedAt: now, UpdatedAt: now}
	if err := repo.NewSolutions(db).SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
}

// ticketByNumber reads a ticket behind the chat.
func ticketByNumber(t *testing.T, db *repo.DB, num string) *service.Ticket {
	t.Helper()
	ctx := context.Background()
	id, err := repo.NewChat(db).TicketIDByNumber(ctx, num)
	if err != nil {
		t.Fatal(err)
	}
	tk, err := repo.NewTickets(db).GetTicket(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// timeline reads a ticket's history behind the chat.
func timeline(t *testing.T, db *repo.DB, id int64) []service.TimelineEvent {
	t.Helper()
	evs, err := repo.NewTickets(db).Events(context.Background(), []int64{id})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// inHalfAnHour is how a reply writes the time 30 minutes after t, in China.
func inHalfAnHour(t time.Time) string {
	return t.Add(30 * time.Minute).In(time.FixedZone("CST", 8*3600)).Format("01月02日 15:04")
}
