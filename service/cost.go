package service

import (
	"context"
	"slices"
	"time"
)

// CostKind is what a cost item paid for.
type CostKind string

// The cost kinds.
const (
	CostParts      CostKind = "parts"      // 配件
	CostLabour     CostKind = "labour"     // 人工
	CostTravel     CostKind = "travel"     // 差旅
	CostCommission CostKind = "commission" // 提成
	CostOther      CostKind = "other"      // 其他
)

// CostKinds lists every kind.
var CostKinds = []CostKind{CostParts, CostLabour, CostTravel, CostCommission, CostOther}

// Valid reports whether k is a known kind.
func (k CostKind) Valid() bool { return slices.Contains(CostKinds, k) }

// CostSource says how an item got its attribution.
type CostSource string

// The sources: given by hand, by a template rule, or by the fallback (the
// ticket's owner, else its receiving department).
const (
	CostManual   CostSource = "manual"
	CostByRule   CostSource = "rule"
	CostFallback CostSource = "default"
)

// CostItem is one cost of a ticket for internal settlement, attributed to
// a department, a project and/or a person. Amounts are integer cents
// (fen); a negative amount corrects an earlier item.
type CostItem struct {
	ID           int64
	TicketID     int64
	Kind         CostKind
	AmountCents  int64
	Note         string
	DeptID       int64
	Project      string
	UserID       int64
	AttributedBy CostSource
	IncurredOn   string // yyyy-mm-dd, China time
	CreatedBy    int64
	CreatedAt    time.Time
}

// CostTarget is whom a template rule attributes a cost to.
type CostTarget string

// The targets. A person brings their main department along, so totals per
// department include what its people spent.
const (
	CostToOwner         CostTarget = "owner"          // the ticket's owner
	CostToCreator       CostTarget = "creator"        // who raised the ticket
	CostToOwnerDept     CostTarget = "owner_dept"     // the owner's main department
	CostToReceivingDept CostTarget = "receiving_dept" // the department that got the ticket
	CostToDept          CostTarget = "dept"           // TargetID
	CostToUser          CostTarget = "user"           // TargetID
	CostToProject       CostTarget = "project"        // Project
)

// CostRule attributes a template's costs of one kind (any kind when Kind is
// empty); a template's rules are tried in order and the first that
// matches and names somebody wins.
type CostRule struct {
	Kind     CostKind
	Target   CostTarget
	TargetID int64
	Project  string
}

// CostGroup is what totals are summed by.
type CostGroup string

// The groupings.
const (
	CostByDept    CostGroup = "dept"
	CostByPerson  CostGroup = "person"
	CostByProject CostGroup = "project"
	CostByKind    CostGroup = "kind"
	CostByDay     CostGroup = "day"
	CostByMonth   CostGroup = "month"
)

// CostTotal is one line of totals. Key is the department or user id in
// decimal ("0": unattributed), the project, kind, day or month (yyyy-mm).
type CostTotal struct {
	Key         string
	AmountCents int64
	Items       int
}

// CostScope limits totals to items attributed to these people or
// departments, or lets all through.
type CostScope struct {
	All     bool
	UserIDs []int64
	DeptIDs []int64
}

// CostStore persists cost items and template cost rules.
type CostStore interface {
	InsertCost(ctx context.Context, c *CostItem) error
	// Costs returns the items of the tickets, oldest first.
	Costs(ctx context.Context, ticketIDs []int64) ([]CostItem, error)
	CostRules(ctx context.Context, templateID int64) ([]CostRule, error)
	ReplaceCostRules(ctx context.Context, templateID int64, rules []CostRule) error
	// CostTotals sums the items incurred in [from, to] (yyyy-mm-dd) within
	// the scope, per group: periods in time order, the rest by amount,
	// largest first.
	CostTotals(ctx context.Context, from, to string, by CostGroup, scope CostScope) ([]CostTotal, error)
}
