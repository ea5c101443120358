package service

import (
	"slices"
	"time"
)

// Scene is a template's business scene.
type Scene string

// The scenes.
const (
	ScenePreSale   Scene = "presale"   // 售前
	SceneInSale    Scene = "insale"    // 售中
	SceneAfterSale Scene = "aftersale" // 售后
	SceneCustom    Scene = "custom"
)

// DispatchMode is how a new ticket finds its handler (see dispatch.go).
type DispatchMode int

// The four dispatch modes. DispatchNone (no template) lets the creator pick
// a person, a department or nobody (then the creator owns it).
const (
	DispatchNone               DispatchMode = 0
	DispatchByCreator          DispatchMode = 1 // the creator picks the receiver: in progress at once
	DispatchByServiceManager   DispatchMode = 2 // pending dispatch in the service managers' queue
	DispatchToRegion           DispatchMode = 3 // the creator picks a department: its manager dispatches
	DispatchAllocateThenRegion DispatchMode = 4 // pending allocation; a service manager allocates, the region dispatches
)

// FieldKind is the type of a custom field.
type FieldKind string

// The custom field kinds.
const (
	FieldText         FieldKind = "text"
	FieldLongText     FieldKind = "long_text"
	FieldNumber       FieldKind = "number"
	FieldMoney        FieldKind = "money"
	FieldDate         FieldKind = "date"     // 2006-01-02
	FieldDateTime     FieldKind = "datetime" // RFC 3339
	FieldSingleSelect FieldKind = "single_select"
	FieldMultiSelect  FieldKind = "multi_select"
	FieldUser         FieldKind = "user"       // our user id
	FieldDepartment   FieldKind = "department" // department id
	FieldPhone        FieldKind = "phone"
	FieldEmail        FieldKind = "email"
)

// FieldKinds lists every kind.
var FieldKinds = []FieldKind{FieldText, FieldLongText, FieldNumber, FieldMoney, FieldDate, FieldDateTime,
	FieldSingleSelect, FieldMultiSelect, FieldUser, FieldDepartment, FieldPhone, FieldEmail}

// FieldOption is one choice of a select field.
type FieldOption struct {
	Value   string `yaml:"value" json:"value"`
	Label   string `yaml:"label" json:"label"`
	LabelEn string `yaml:"label_en,omitempty" json:"label_en,omitempty"`
}

// FieldDef is a custom field of a template.
type FieldDef struct {
	Key      string        `yaml:"key" json:"key"`
	Label    string        `yaml:"label" json:"label"`
	LabelEn  string        `yaml:"label_en,omitempty" json:"label_en,omitempty"`
	Kind     FieldKind     `yaml:"kind" json:"kind"`
	Required bool          `yaml:"required,omitempty" json:"required,omitempty"`
	Options  []FieldOption `yaml:"options,omitempty" json:"options,omitempty"`
	Default  any           `yaml:"default,omitempty" json:"default,omitempty"`
	MaxLen   int           `yaml:"max_len,omitempty" json:"max_len,omitempty"` // characters, for text kinds
	Min      *float64      `yaml:"min,omitempty" json:"min,omitempty"`         // for number and money
	Max      *float64      `yaml:"max,omitempty" json:"max,omitempty"`
	Pattern  string        `yaml:"pattern,omitempty" json:"pattern,omitempty"` // a Go regexp, for text kinds
}

// StdField names a standard ticket field a template can show, hide or
// require. Subject is always shown and required.
type StdField string

// The configurable standard fields.
const (
	StdDescription   StdField = "description"
	StdPriority      StdField = "priority"
	StdType          StdField = "type"
	StdReason        StdField = "reason"
	StdProduct       StdField = "product"
	StdCustomer      StdField = "customer_id"
	StdContact       StdField = "contact_id"
	StdOpportunity   StdField = "opportunity_id"
	StdOwner         StdField = "owner_id"          // the receiver; follows the dispatch mode
	StdReceivingDept StdField = "receiving_dept_id" // follows the dispatch mode
)

// StdFields lists the configurable standard fields.
var StdFields = []StdField{StdDescription, StdPriority, StdType, StdReason, StdProduct, StdCustomer, StdContact,
	StdOpportunity, StdOwner, StdReceivingDept}

// FieldRule is a standard field's visibility and requiredness.
type FieldRule struct {
	Hidden   bool `yaml:"hidden,omitempty" json:"hidden,omitempty"`
	Required bool `yaml:"required,omitempty" json:"required,omitempty"`
}

// SLATarget is the response and resolution time for one priority, in
// business hours.
type SLATarget struct {
	ResponseHours float64 `yaml:"response_hours" json:"response_hours"`
	ResolveHours  float64 `yaml:"resolve_hours" json:"resolve_hours"`
}

// ApproverRule picks who approves a transfer.
type ApproverRule string

// The approver rules.
const (
	ApproverOwnerLeader   ApproverRule = "owner_leader"   // the current owner's leader
	ApproverTargetManager ApproverRule = "target_manager" // the manager of the target department
)

// NoticeNode is a lifecycle point at which the customer is told.
type NoticeNode string

// The notice nodes.
const (
	NoticeCreated    NoticeNode = "created"
	NoticeDispatched NoticeNode = "dispatched"
	NoticeAccepted   NoticeNode = "accepted"
	NoticeWaiting    NoticeNode = "waiting_customer"
	NoticeResolved   NoticeNode = "resolved"
	NoticeClosed     NoticeNode = "closed"
	NoticeReopened   NoticeNode = "reopened"
)

// NoticeNodes lists every notice node.
var NoticeNodes = []NoticeNode{NoticeCreated, NoticeDispatched, NoticeAccepted, NoticeWaiting, NoticeResolved,
	NoticeClosed, NoticeReopened}

// TemplateDef is what an admin (or a library file) writes.
type TemplateDef struct {
	Code             string                 `yaml:"code" json:"code"`
	Name             string                 `yaml:"name" json:"name"`
	NameEn           string                 `yaml:"name_en,omitempty" json:"name_en,omitempty"`
	Scene            Scene                  `yaml:"scene" json:"scene"`
	SceneLabel       string                 `yaml:"scene_label,omitempty" json:"scene_label,omitempty"` // for custom scenes
	DispatchMode     DispatchMode           `yaml:"dispatch_mode" json:"dispatch_mode"`
	DefaultPriority  Priority               `yaml:"default_priority,omitempty" json:"default_priority,omitempty"`
	DefaultType      TicketType             `yaml:"default_type,omitempty" json:"default_type,omitempty"`
	Standard         map[StdField]FieldRule `yaml:"standard_fields,omitempty" json:"standard_fields,omitempty"`
	Fields           []FieldDef             `yaml:"fields,omitempty" json:"fields,omitempty"`
	SLA              map[Priority]SLATarget `yaml:"sla,omitempty" json:"sla,omitempty"`
	TransferApprover ApproverRule           `yaml:"transfer_approver" json:"transfer_approver"`
	Notices          []NoticeNode           `yaml:"customer_notices,omitempty" json:"customer_notices,omitempty"`
	Escalation       *SLAEscalation         `yaml:"escalation,omitempty" json:"escalation,omitempty"` // escalation.go
}

// Template is one stored version of a template.
type Template struct {
	TemplateDef
	ID        int64
	Version   int
	Enabled   bool
	Digest    string    // of the definition; see digest
	CreatedBy int64     // 0 for the shipped library
	CreatedAt time.Time // of this version
}

// Notifies reports whether the template tells the customer at node n.
func (t *Template) Notifies(n NoticeNode) bool { return slices.Contains(t.Notices, n) }

// rule returns the effective rule of a standard field: the dispatch mode
// decides the receiver and the receiving department, the template the rest.
func (d *TemplateDef) rule(f StdField) FieldRule {
	switch f {
	case StdOwner:
		switch d.DispatchMode {
		case DispatchByCreator:
			return FieldRule{Required: true}
		case DispatchNone:
			return FieldRule{}
		}
		return FieldRule{Hidden: true}
	case StdReceivingDept:
		switch d.DispatchMode {
		case DispatchToRegion:
			return FieldRule{Required: true}
		case DispatchNone:
			return FieldRule{}
		}
		return FieldRule{Hidden: true}
	}
	return d.Standard[f]
}
