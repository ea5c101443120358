package service_test

import (
	"context"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// crmTickets seeds the demo org and returns the CRM and a ticket service
// that checks and completes tickets' CRM references against it.
func crmTickets(t *testing.T, st *servicetest.Stack) (*service.CRMService, *service.TicketService) {
	t.Helper()
	st.SeedDemo(t)
	crmStore := repo.NewCRM(st.DB)
	k := st.Ticketing(t)
	return service.NewCRMService(st.DB, crmStore, st.Org, nil), service.NewTicketService(service.TicketDeps{
		Tx: st.DB, Tickets: repo.NewTickets(st.DB), Templates: repo.NewTemplates(st.DB),
		Rules: repo.NewDispatchRules(st.DB), Sharing: repo.NewSharing(st.DB), Calendar: k.Calendar,
		Org: st.Org, Customers: service.NewCustomerFacts(crmStore),
	})
}

// A ticket may only point at customers, contacts and opportunities that
// exist and belong together; every bad reference is reported at once and
// nothing is stored.
func TestTicketCRMReferencesAreChecked(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			crm, tickets := crmTickets(t, st)
			sales := service.Actor{UserID: st.UserID(t, "sales1"), Origin: service.OriginAPI}
			acme := servicetest.Must(crm.CreateCustomer(ctx, sales, service.Customer{Name: "艾可美 Acme"}))(t)
			other := servicetest.Must(crm.CreateCustomer(ctx, sales, service.Customer{Name: "别家 Other"}))(t)
			theirs := servicetest.Must(crm.SaveContact(ctx, sales, service.Contact{CustomerID: other.ID, Name: "王五"}))(t)
			ours := servicetest.Must(crm.SaveContact(ctx, sales, service.Contact{CustomerID: acme.ID, Name: "张三"}))(t)

			agent := service.Actor{UserID: st.UserID(t, "agent1"), Origin: service.OriginAPI}
			cases := []struct {
				name      string
				in        service.NewTicket
				wantBad   []string
				wantValid bool
			}{
				{"unknown customer", service.NewTicket{Subject: "打印机卡纸", CustomerID: 987654}, []string{"customer_id"}, false},
				{"contact of another customer", service.NewTicket{Subject: "打印机卡纸", CustomerID: acme.ID, ContactID: theirs.ID}, []string{"contact_id"}, false},
				{"unknown contact and opportunity", service.NewTicket{Subject: "打印机卡纸", ContactID: 987654, OpportunityID: 987654}, []string{"contact_id", "opportunity_id"}, false},
				{"matching references", service.NewTicket{Subject: "打印机卡纸", CustomerID: acme.ID, ContactID: ours.ID}, nil, true},
			}
			for _, c := range cases {
				created, err := tickets.Create(ctx, agent, c.in)
				if c.wantValid {
					if err != nil {
						t.Fatalf("%s: %v", c.name, err)
					}
					// Moving the ticket to a contact of another customer is refused too.
					other := theirs.ID
					if _, err := tickets.Update(ctx, agent, created.Ticket.ID, created.Ticket.Version, service.TicketPatch{ContactID: &other}); !service.IsKind(err, service.KindInvalid) {
						t.Fatalf("update to another customer's contact: %v, want invalid", err)
					}
					continue
				}
				var de *service.Error
				if !asDomain(err, &de) || de.Kind != service.KindInvalid {
					t.Fatalf("%s: err = %v, want invalid", c.name, err)
				}
				for _, f := range c.wantBad {
					if de.Fields[f] == "" {
						t.Errorf("%s: no problem reported for %s: %v", c.name, f, de.Fields)
					}
				}
			}
			page := servicetest.Must(tickets.List(ctx, agent, service.ListQuery{View: service.ViewMine}))(t)
			if len(page.Tickets) != 1 {
				t.Fatalf("agent1 has %d tickets, want only the valid one", len(page.Tickets))
			}
		})
	}
}

// In exact lookup mode customers cannot be fished out by guessing ids: a
// stranger gets not-found, while the owner's chain, service managers and
// anyone who can read one of the customer's tickets still open it.
func TestExactModeStopsCustomerFishingByID(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			crmStore := repo.NewCRM(st.DB)
			crm := service.NewCRMService(st.DB, crmStore, st.Org, k.Tickets)
			as := func(u string) service.Actor { return service.Actor{UserID: st.UserID(t, u), Origin: service.OriginAPI} }
			c := servicetest.Must(crm.CreateCustomer(ctx, as("sales1"), service.Customer{Name: "秘密客户"}))(t)
			if err := crm.SetLookupMode(ctx, as("admin"), service.LookupExact); err != nil {
				t.Fatal(err)
			}
			// agent1 files a ticket for the customer, so agent1 may open it.
			servicetest.Must(k.Tickets.Create(ctx, as("agent1"), service.NewTicket{Subject: "咨询", CustomerID: c.ID}))(t)
			cases := []struct {
				who  string
				want bool
			}{
				{"sales1", true}, {"sales_lead", true}, {"svc_mgr", true}, {"admin", true}, {"agent1", true},
				{"agent2", false}, {"eng_west1", false},
			}
			for _, tc := range cases {
				_, err := crm.Customer(ctx, as(tc.who), c.ID)
				_, err360 := crm.Customer360(ctx, as(tc.who), c.ID)
				if tc.want && (err != nil || err360 != nil) {
					t.Errorf("%s: %v / %v, want the customer", tc.who, err, err360)
				}
				if !tc.want && (!service.IsKind(err, service.KindNotFound) || !service.IsKind(err360, service.KindNotFound)) {
					t.Errorf("%s: %v / %v, want not found", tc.who, err, err360)
				}
			}
			if err := crm.SetLookupMode(ctx, as("admin"), service.LookupFuzzy); err != nil {
				t.Fatal(err)
			}
			if _, err := crm.Customer(ctx, as("agent2"), c.ID); err != nil {
				t.Fatalf("fuzzy mode: %v, want the customer", err)
			}
		})
	}
}

// A ticket filed in chat with a customer but no contact gets the
// customer's only contact, so the customer hears of it; with several
// contacts, a contact chosen, or a form that offers contacts, nothing is
// guessed.
func TestChatTicketTakesTheCustomersOnlyContact(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			crm, tickets := crmTickets(t, st)
			sales := service.Actor{UserID: st.UserID(t, "sales1"), Origin: service.OriginAPI}
			single := servicetest.Must(crm.CreateCustomer(ctx, sales, service.Customer{Name: "独联 Single"}))(t)
			only := servicetest.Must(crm.SaveContact(ctx, sales, service.Contact{CustomerID: single.ID, Name: "张三", Email: "zhang@example.com"}))(t)
			pair := servicetest.Must(crm.CreateCustomer(ctx, sales, service.Customer{Name: "双联 Pair"}))(t)
			first := servicetest.Must(crm.SaveContact(ctx, sales, service.Contact{CustomerID: pair.ID, Name: "李四"}))(t)
			servicetest.Must(crm.SaveContact(ctx, sales, service.Contact{CustomerID: pair.ID, Name: "王五"}))(t)
			bare := servicetest.Must(crm.CreateCustomer(ctx, sales, service.Customer{Name: "无联 Bare"}))(t)

			chat := service.Actor{UserID: st.UserID(t, "agent1"), Origin: service.OriginWeComChat}
			api := service.Actor{UserID: st.UserID(t, "agent1"), Origin: service.OriginAPI}
			for _, c := range []struct {
				name    string
				as      service.Actor
				in      service.NewTicket
				contact int64
			}{
				{"chat, one contact", chat, service.NewTicket{Subject: "卡纸", CustomerID: single.ID}, only.ID},
				{"chat, two contacts", chat, service.NewTicket{Subject: "卡纸", CustomerID: pair.ID}, 0},
				{"chat, contact chosen", chat, service.NewTicket{Subject: "卡纸", CustomerID: pair.ID, ContactID: first.ID}, first.ID},
				{"chat, no contacts", chat, service.NewTicket{Subject: "卡纸", CustomerID: bare.ID}, 0},
				{"chat, no customer", chat, service.NewTicket{Subject: "卡纸"}, 0},
				{"API, one contact", api, service.NewTicket{Subject: "卡纸", CustomerID: single.ID}, 0},
			} {
				created, err := tickets.Create(ctx, c.as, c.in)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				stored := servicetest.Must(repo.NewTickets(st.DB).GetTicket(ctx, created.Ticket.ID))(t)
				if stored.ContactID != c.contact {
					t.Errorf("%s: contact %d, want %d", c.name, stored.ContactID, c.contact)
				}
			}
		})
	}
}
