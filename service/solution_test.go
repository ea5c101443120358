package service_test

import (
	"context"
	"slices"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

func TestSearchTerms(t *testing.T) {
	cases := []struct {
		q    string
		want []string
	}{
		{"打印机卡纸", []string{"打印", "印机", "机卡", "卡纸"}},
		{"VPN 无法连接!", []string{"vpn", "无法", "法连", "连接"}},
		{"HP打印机", []string{"hp", "打印", "印机"}},
		{"a 纸 100%_", []string{"纸", "100"}}, // one letter is too little; one Chinese character is a word
		{"%_!", []string{}},
		{"一二三四五六七八九十百千", []string{"一二", "二三", "三四", "四五", "五六", "六七", "七八", "八九", "九十", "十百"}},
	}
	for _, c := range cases {
		if got := service.SearchTerms(c.q); !slices.Equal(got, c.want) {
			t.Errorf("SearchTerms(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

func TestSolutionSearchRanking(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			kb := service.NewSolutionService(st.DB, repo.NewSolutions(st.DB), k.Tickets)
			write := func(who string, a service.Article) *service.Article {
				t.Helper()
				out, err := kb.Write(ctx, k.As(t, who), a)
				if err != nil {
					t.Fatalf("write %q: %v", a.Title, err)
				}
				return out
			}
			jam := write("eng_east1", service.Article{Title: "打印机卡纸处理方法 🖨️", Body: "打开后盖，取出卡住的纸张。", Published: true})
			copier := write("eng_east2", service.Article{Title: "复印机维护", Body: "定期清洁；打印机卡纸时请联系工程师。", Published: true})
			tagged := write("agent1", service.Article{Title: "网络故障", Body: "重启路由器。", Tags: []string{"打印机"}, Published: true})
			vpn := write("it_lead", service.Article{Title: "VPN 无法连接", Body: "检查客户端版本 100%_完成", Published: true})
			write("eng_east1", service.Article{Title: "打印机卡纸（草稿）", Body: "未完成", Published: false})
			cases := []struct {
				q    string
				want []int64
			}{
				// Title 3 points a term, tags 2, body 1; terms are 打印 印机 机卡 卡纸.
				{"打印机卡纸", []int64{jam.ID, copier.ID, tagged.ID}}, // 12; 3 (印机) + 4; 2 + 2
				{"打印机", []int64{jam.ID, copier.ID, tagged.ID}},   // 6; 3 + 2; 2 + 2
				{"vpn", []int64{vpn.ID}},
				{"Vpn 连接", []int64{vpn.ID}},
				{"100%_", []int64{vpn.ID}},
				{"路由器", []int64{tagged.ID}},
				{"冰箱", []int64{}},
			}
			for _, c := range cases {
				hits, err := kb.Search(ctx, k.As(t, "eng_west1"), c.q, 0)
				if err != nil {
					t.Fatalf("search %q: %v", c.q, err)
				}
				ids := []int64{}
				for _, h := range hits {
					ids = append(ids, h.ID)
				}
				if !slices.Equal(ids, c.want) {
					t.Errorf("search %q = %v, want %v (hits %+v)", c.q, ids, c.want, hits)
				}
			}
			_, err := kb.Search(ctx, k.As(t, "eng_west1"), "%", 0)
			wantRefusal(t, "search with no words", err, refused(service.KindInvalid))
		})
	}
}

func TestPublishSolutionFromTicket(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			e := newOnTicket(t, st)
			k := e.k
			kb := service.NewSolutionService(st.DB, repo.NewSolutions(st.DB), k.Tickets)
			_, err := kb.PublishFromTicket(ctx, k.As(t, "eng_east1"), e.ticket.ID, service.Article{})
			wantRefusal(t, "publish an open ticket", err, refused(service.KindConflict))
			if _, err := k.Tickets.Resolve(ctx, k.As(t, "eng_east1"), e.ticket.ID, "清洗冷凝器并补充冷媒 ✅"); err != nil {
				t.Fatalf("resolve: %v", err)
			}
			_, err = kb.PublishFromTicket(ctx, k.As(t, "eng_west1"), e.ticket.ID, service.Article{})
			wantRefusal(t, "publish a ticket out of scope", err, refused(service.KindNotFound))

			a, err := kb.PublishFromTicket(ctx, k.As(t, "eng_east2"), e.ticket.ID, service.Article{Tags: []string{"空调"}})
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			if a.Title != "空调不制冷 ❄️" || a.Body != "清洗冷凝器并补充冷媒 ✅" || !a.Published ||
				!slices.Equal(a.TicketIDs, []int64{e.ticket.ID}) || !slices.Equal(a.Tags, []string{"空调"}) {
				t.Fatalf("published = %+v", a)
			}
			_, err = kb.PublishFromTicket(ctx, k.As(t, "eng_east1"), e.ticket.ID, service.Article{})
			wantRefusal(t, "publish twice", err, refused(service.KindConflict))

			hits, err := kb.Search(ctx, k.As(t, "eng_west1"), "冷媒", 0)
			if err != nil || len(hits) != 1 || hits[0].ID != a.ID {
				t.Fatalf("search = %+v, %v", hits, err)
			}
			// The article is for everyone; its source ticket only for who may open it.
			for who, want := range map[string][]int64{"eng_west1": {}, "east_mgr": {e.ticket.ID}, "admin": {e.ticket.ID}} {
				got, err := kb.Get(ctx, k.As(t, who), a.ID)
				if err != nil || !slices.Equal(got.TicketIDs, want) {
					t.Errorf("%s reads article tickets %v (%v), want %v", who, got, err, want)
				}
			}

			other := k.Create(t, "eng_west1", service.NewTicket{Subject: "西区工单", OwnerID: k.ID(t, "eng_west1")})
			_, err = kb.LinkTicket(ctx, k.As(t, "eng_east2"), a.ID, other.ID)
			wantRefusal(t, "link a ticket out of scope", err, refused(service.KindNotFound))
			_, err = kb.LinkTicket(ctx, k.As(t, "eng_west1"), a.ID, other.ID)
			wantRefusal(t, "link by a non-author", err, refused(service.KindForbidden))
			linked, err := kb.LinkTicket(ctx, k.As(t, "admin"), a.ID, other.ID)
			if err != nil || len(linked.TicketIDs) != 2 {
				t.Fatalf("admin links = %+v, %v", linked, err)
			}
		})
	}
}

func TestArticleDraftsAndEditing(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			kb := service.NewSolutionService(st.DB, repo.NewSolutions(st.DB), k.Tickets)
			draft, err := kb.Write(ctx, k.As(t, "eng_east1"), service.Article{Title: "草稿", Body: "未完待续"})
			if err != nil {
				t.Fatal(err)
			}
			pub, err := kb.Write(ctx, k.As(t, "eng_east1"), service.Article{Title: "已发布", Body: "正文", Published: true})
			if err != nil {
				t.Fatal(err)
			}
			cases := []struct {
				who        string
				article    *service.Article
				read, edit *service.Kind
			}{
				{"eng_east1", draft, nil, nil},
				{"admin", draft, nil, nil},
				{"east_mgr", draft, refused(service.KindNotFound), refused(service.KindNotFound)},
				{"eng_east1", pub, nil, nil},
				{"eng_west1", pub, nil, refused(service.KindForbidden)},
			}
			for _, c := range cases {
				_, err := kb.Get(ctx, k.As(t, c.who), c.article.ID)
				wantRefusal(t, c.who+" reads "+c.article.Title, err, c.read)
				upd := *c.article
				upd.Body = "改写 by " + c.who
				_, err = kb.Write(ctx, k.As(t, c.who), upd)
				wantRefusal(t, c.who+" edits "+c.article.Title, err, c.edit)
			}
			_, err = kb.Write(ctx, k.As(t, "eng_east1"), service.Article{Title: " ", Body: ""})
			var de *service.Error
			if !asDomain(err, &de) || len(de.Fields) != 2 {
				t.Fatalf("empty article: %v", err)
			}
		})
	}
}
