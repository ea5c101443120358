package service

import (
	"context"
	"slices"
	"time"
)

// Customer is an account (客户) tickets are raised for.
type Customer struct {
	ID           int64
	Number       string // 客户编号; derived from the id (KH000001) when none is given
	Name         string
	Phone        string // digits, with a leading + kept
	RegionDeptID int64  // the region department that serves it
	Tags         []string
	OwnerID      int64
	CreatedBy    int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Contact is a person at a customer.
type Contact struct {
	ID             int64
	CustomerID     int64
	Name           string
	Phone          string
	Email          string
	ExternalUserID string // WeCom external_userid; empty when not on WeCom
	CreatedBy      int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// OpportunityStage is where a deal (商机) stands.
type OpportunityStage string

// The stages, in the order a deal moves through them.
const (
	StageProspecting   OpportunityStage = "prospecting"   // 初步接洽
	StageQualification OpportunityStage = "qualification" // 需求确认
	StageProposal      OpportunityStage = "proposal"      // 方案报价
	StageNegotiation   OpportunityStage = "negotiation"   // 谈判
	StageWon           OpportunityStage = "won"           // 赢单
	StageLost          OpportunityStage = "lost"          // 输单
)

// OpportunityStages lists every stage.
var OpportunityStages = []OpportunityStage{StageProspecting, StageQualification, StageProposal,
	StageNegotiation, StageWon, StageLost}

// Valid reports whether s is a known stage.
func (s OpportunityStage) Valid() bool { return slices.Contains(OpportunityStages, s) }

// Opportunity is a deal (商机) with a customer.
type Opportunity struct {
	ID          int64
	CustomerID  int64
	Name        string
	Stage       OpportunityStage
	AmountCents int64
	OwnerID     int64
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// ActivityKind is what kind of follow-up an activity is.
type ActivityKind string

// The activity kinds.
const (
	ActivityCall    ActivityKind = "call"    // 电话
	ActivityVisit   ActivityKind = "visit"   // 拜访
	ActivityEmail   ActivityKind = "email"   // 邮件
	ActivityMeeting ActivityKind = "meeting" // 会议
	ActivityTask    ActivityKind = "task"    // 任务
)

// ActivityKinds lists every kind.
var ActivityKinds = []ActivityKind{ActivityCall, ActivityVisit, ActivityEmail, ActivityMeeting, ActivityTask}

// Valid reports whether k is a known kind.
func (k ActivityKind) Valid() bool { return slices.Contains(ActivityKinds, k) }

// Activity is a follow-up with a customer; it is open until DoneAt is set.
type Activity struct {
	ID         int64
	CustomerID int64
	Kind       ActivityKind
	Subject    string
	OwnerID    int64
	DueAt      *time.Time
	DoneAt     *time.Time
	CreatedBy  int64
	CreatedAt  time.Time
}

// Open reports whether the activity is still to do.
func (a *Activity) Open() bool { return a.DoneAt == nil }

// LookupMode is how customer lookups match (an admin setting).
type LookupMode string

// The lookup modes. Exact keeps anyone from fishing through other teams'
// customers by typing a fragment: outside their own and their
// subordinates' customers, a user must know the whole name, phone or
// number.
const (
	LookupFuzzy LookupMode = "fuzzy"
	LookupExact LookupMode = "exact"
)

// SettingCRMLookupMode holds the LookupMode; fuzzy when unset.
const SettingCRMLookupMode = "crm.lookup_mode"

// CRMMatch is one lookup of customers, contacts or deals as the store
// answers it.
type CRMMatch struct {
	// Term is matched equal to, or containing it when Fuzzy: a customer's
	// name, number and phone (its own or a contact's); a contact's name,
	// phone and email; a deal's name.
	Term  string
	Phone string // Term with phone punctuation removed; empty when it has no digits
	Fuzzy bool
	// FuzzyOwners, when Fuzzy is false, still match fuzzily what these
	// users own: their customers, those customers' contacts and deals, and
	// deals they own.
	FuzzyOwners []int64
	Limit       int
}

// CRMStore persists customers, contacts, opportunities and activities.
// repo implements it; every method joins the transaction in ctx.
type CRMStore interface {
	// InsertCustomer stores c, sets ID and, when empty, Number. A taken
	// number is a KindConflict.
	InsertCustomer(ctx context.Context, c *Customer) error
	UpdateCustomer(ctx context.Context, c *Customer) error
	// Customer returns one customer or KindNotFound.
	Customer(ctx context.Context, id int64) (*Customer, error)
	// FindCustomers answers a lookup, best match first (equal before
	// containing), at most m.Limit.
	FindCustomers(ctx context.Context, m CRMMatch) ([]Customer, error)

	// SaveContact inserts (ID 0) or updates a contact. A WeCom id already
	// on another contact is a KindConflict.
	SaveContact(ctx context.Context, c *Contact) error
	Contact(ctx context.Context, id int64) (*Contact, error)
	ContactByExternalUserID(ctx context.Context, externalUserID string) (*Contact, error)
	Contacts(ctx context.Context, customerID int64) ([]Contact, error)
	// FindContacts answers a lookup of contacts like FindCustomers.
	FindContacts(ctx context.Context, m CRMMatch) ([]Contact, error)

	SaveOpportunity(ctx context.Context, o *Opportunity) error
	Opportunity(ctx context.Context, id int64) (*Opportunity, error)
	Opportunities(ctx context.Context, customerID int64) ([]Opportunity, error)
	// FindOpportunities answers a lookup of deals like FindCustomers.
	FindOpportunities(ctx context.Context, m CRMMatch) ([]Opportunity, error)

	SaveActivity(ctx context.Context, a *Activity) error
	Activity(ctx context.Context, id int64) (*Activity, error)
	// Activities returns the customer's activities, newest first.
	Activities(ctx context.Context, customerID int64) ([]Activity, error)
	// CustomerTicketIDs returns ids of the customer's tickets below before
	// (0: from the newest), newest first, at most limit.
	CustomerTicketIDs(ctx context.Context, customerID, before int64, limit int) ([]int64, error)
}
