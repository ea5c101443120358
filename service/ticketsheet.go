package service

import "context"

// TicketSheet is everything the detail page and the printout show of one
// ticket: the ticket as its reader sees it, its timeline, service records
// and costs (each with those of the duplicates merged into it).
type TicketSheet struct {
	*TicketDetail
	Timeline []TimelineEvent
	Records  []ServiceRecord
	Costs    []CostItem
	Template *Template        // the version the ticket was made with; nil without one
	People   map[int64]string // names of the people the sheet mentions
	Depts    map[int64]string // names of the departments it mentions
}

// SheetService reads ticket sheets through the services that own each
// part, so each part's permission rule holds.
type SheetService struct {
	tickets *TicketService
	records *RecordService
	costs   *CostService
}

// NewSheetService wires ticket sheets.
func NewSheetService(tickets *TicketService, records *RecordService, costs *CostService) *SheetService {
	return &SheetService{tickets: tickets, records: records, costs: costs}
}

// Sheet returns the ticket's sheet; a ticket the actor may not read is
// not found.
func (s *SheetService) Sheet(ctx context.Context, actor Actor, id int64) (*TicketSheet, error) {
	d, err := s.tickets.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	sh := &TicketSheet{TicketDetail: d}
	if sh.Timeline, err = s.tickets.Timeline(ctx, actor, id); err != nil {
		return nil, err
	}
	if sh.Records, err = s.records.List(ctx, actor, id); err != nil {
		return nil, err
	}
	if sh.Costs, err = s.costs.List(ctx, actor, id); err != nil {
		return nil, err
	}
	if sh.Template, err = s.tickets.templateOf(ctx, d.Ticket); err != nil {
		return nil, err
	}
	x, err := s.tickets.d.Org.Index(ctx)
	if err != nil {
		return nil, err
	}
	sh.names(x)
	return sh, nil
}

// names looks up everyone and every department the sheet refers to.
func (sh *TicketSheet) names(x *OrgIndex) {
	sh.People, sh.Depts = map[int64]string{}, map[int64]string{}
	people := []int64{sh.OwnerID, sh.CreatorID, sh.ReceiverID, sh.ResolvedBy, sh.ClosedBy}
	for _, m := range sh.Members {
		people = append(people, m.UserID)
	}
	for _, e := range sh.Timeline {
		people = append(people, e.ActorID)
	}
	for _, r := range sh.Records {
		people = append(people, r.AuthorID)
	}
	for _, c := range sh.Costs {
		people = append(people, c.UserID)
	}
	for _, id := range people {
		if u, ok := x.User(id); ok {
			sh.People[id] = u.Name
		}
	}
	for _, id := range []int64{sh.ReceivingDeptID} {
		if d, ok := x.Dept(id); ok {
			sh.Depts[id] = d.Name
		}
	}
	for _, c := range sh.Costs {
		if d, ok := x.Dept(c.DeptID); ok {
			sh.Depts[c.DeptID] = d.Name
		}
	}
}

// PriorityLabel names a priority for people in lang ("en", else Chinese).
func PriorityLabel(p Priority, lang string) string { return priorityLabel(p, lang) }
