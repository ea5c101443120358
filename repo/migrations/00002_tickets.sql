-- Tickets and what drives them: members, the immutable timeline, links,
-- transfers, templates with versions, automatic dispatch rules, sharing
-- rules, the business calendar and the per-day number counter.
--
-- Every list view pages by id descending (keyset, no OFFSET, no COUNT),
-- so each view has an index ending in id whose prefix is the view's
-- equality predicate. id is written out even where InnoDB and SQLite would
-- append the key anyway, so the intent survives a change of engine.
-- updated_at is in no index: it changes on every write and would make each
-- update touch every index.

-- +goose Up
CREATE TABLE tickets (
    id                   {{.ID}},
    number               VARCHAR(32)  NOT NULL,
    subject              VARCHAR(255) NOT NULL,
    description          {{.LongText}} NOT NULL,
    solution             {{.LongText}} NOT NULL,
    internal_comment     TEXT         NOT NULL,
    priority             VARCHAR(16)  NOT NULL,
    type                 VARCHAR(32)  NOT NULL,
    origin               VARCHAR(16)  NOT NULL,
    reason               VARCHAR(255) NOT NULL DEFAULT '',
    product              VARCHAR(128) NOT NULL DEFAULT '',
    customer_id          BIGINT       NOT NULL DEFAULT 0,
    contact_id           BIGINT       NOT NULL DEFAULT 0,
    opportunity_id       BIGINT       NOT NULL DEFAULT 0,
    owner_id             BIGINT       NOT NULL DEFAULT 0,
    receiving_dept_id    BIGINT       NOT NULL DEFAULT 0,
    receiver_id          BIGINT       NOT NULL DEFAULT 0,
    creator_id           BIGINT       NOT NULL,
    template_id          BIGINT       NOT NULL DEFAULT 0,
    template_version     INT          NOT NULL DEFAULT 0,
    dispatch_mode        INT          NOT NULL DEFAULT 0,
    status               VARCHAR(24)  NOT NULL,
    waiting_customer     BOOLEAN      NOT NULL DEFAULT FALSE,
    waiting_since        {{.Time}}    NULL,
    sla_paused_seconds   BIGINT       NOT NULL DEFAULT 0,
    locked               BOOLEAN      NOT NULL DEFAULT FALSE,
    voided               BOOLEAN      NOT NULL DEFAULT FALSE,
    custom_fields        TEXT         NOT NULL,
    response_due_at      {{.Time}}    NULL,
    resolve_due_at       {{.Time}}    NULL,
    first_response_at    {{.Time}}    NULL,
    resolved_at          {{.Time}}    NULL,
    resolved_by_id       BIGINT       NOT NULL DEFAULT 0,
    closed_at            {{.Time}}    NULL,
    closed_by_id         BIGINT       NOT NULL DEFAULT 0,
    merged_into_id       BIGINT       NOT NULL DEFAULT 0,
    state_before_merge   VARCHAR(24)  NOT NULL DEFAULT '',
    version              BIGINT       NOT NULL DEFAULT 1,
    created_at           {{.Time}}    NOT NULL,
    updated_at           {{.Time}}    NOT NULL
) {{.Opts}};
CREATE UNIQUE INDEX uk_tickets_number ON tickets (number);
-- mine, subordinates' own, shared with me, my department (owner part)
CREATE INDEX idx_tickets_owner ON tickets (owner_id, id);
-- unresolved, closed, todo
CREATE INDEX idx_tickets_owner_status ON tickets (owner_id, status, id);
-- urgent
CREATE INDEX idx_tickets_owner_priority ON tickets (owner_id, priority, id);
-- the dispatch queues: (pending_allocation, 0), (pending_dispatch, dept)
CREATE INDEX idx_tickets_queue ON tickets (status, receiving_dept_id, id);
-- done: I resolved or closed it
CREATE INDEX idx_tickets_resolved_by ON tickets (resolved_by_id, id);
CREATE INDEX idx_tickets_closed_by ON tickets (closed_by_id, id);
-- likely duplicates and a customer's ticket history
CREATE INDEX idx_tickets_customer ON tickets (customer_id, status, id);
CREATE INDEX idx_tickets_merged ON tickets (merged_into_id);
-- SLA sweeps: open tickets by resolution due time
CREATE INDEX idx_tickets_resolve_due ON tickets (status, resolve_due_at);

-- Assistants (协助人, always read-write) and team members (相关团队,
-- read or read-write).
CREATE TABLE ticket_members (
    ticket_id   BIGINT      NOT NULL,
    user_id     BIGINT      NOT NULL,
    role        VARCHAR(16) NOT NULL,
    access      VARCHAR(8)  NOT NULL,
    created_at  {{.Time}}   NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
) {{.Opts}};
-- participating, subordinates participate, my department (member part)
CREATE INDEX idx_ticket_members_user ON ticket_members (user_id, ticket_id);

-- The timeline: append-only; the code has no UPDATE or DELETE for it.
CREATE TABLE ticket_events (
    id          {{.ID}},
    ticket_id   BIGINT      NOT NULL,
    actor_id    BIGINT      NOT NULL,
    action      VARCHAR(32) NOT NULL,
    origin      VARCHAR(16) NOT NULL,
    note        TEXT        NOT NULL,
    before_json TEXT        NOT NULL,
    after_json  TEXT        NOT NULL,
    created_at  {{.Time}}   NOT NULL
) {{.Opts}};
CREATE INDEX idx_ticket_events_ticket ON ticket_events (ticket_id, id);

-- A link is stored once, lower id first.
CREATE TABLE ticket_links (
    ticket_id   BIGINT    NOT NULL,
    linked_id   BIGINT    NOT NULL,
    created_by  BIGINT    NOT NULL,
    created_at  {{.Time}} NOT NULL,
    PRIMARY KEY (ticket_id, linked_id)
) {{.Opts}};
CREATE INDEX idx_ticket_links_linked ON ticket_links (linked_id, ticket_id);

-- open_ticket_id equals ticket_id while the transfer is open and is NULL
-- after; its unique index allows one open transfer per ticket on both
-- databases (both let a unique index hold many NULLs).
CREATE TABLE ticket_transfers (
    id              {{.ID}},
    ticket_id       BIGINT       NOT NULL,
    open_ticket_id  BIGINT       NULL,
    from_user_id    BIGINT       NOT NULL,
    requested_by    BIGINT       NOT NULL,
    to_user_id      BIGINT       NOT NULL DEFAULT 0,
    to_dept_id      BIGINT       NOT NULL DEFAULT 0,
    approver_id     BIGINT       NOT NULL,
    reason          VARCHAR(500) NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    decided_by      BIGINT       NOT NULL DEFAULT 0,
    decided_at      {{.Time}}    NULL,
    decision_note   VARCHAR(500) NOT NULL DEFAULT '',
    created_at      {{.Time}}    NOT NULL
) {{.Opts}};
CREATE UNIQUE INDEX uk_ticket_transfers_open ON ticket_transfers (open_ticket_id);
CREATE INDEX idx_ticket_transfers_ticket ON ticket_transfers (ticket_id, id);
-- 已转 transferred away from me
CREATE INDEX idx_ticket_transfers_from ON ticket_transfers (from_user_id, status, ticket_id);
-- 待转 awaiting transfer approval: mine to approve, mine asked for
CREATE INDEX idx_ticket_transfers_approver ON ticket_transfers (approver_id, status, ticket_id);
CREATE INDEX idx_ticket_transfers_requester ON ticket_transfers (requested_by, status, ticket_id);

CREATE TABLE ticket_templates (
    id               {{.ID}},
    code             VARCHAR(64)  NOT NULL,
    name             VARCHAR(128) NOT NULL,
    scene            VARCHAR(32)  NOT NULL,
    enabled          BOOLEAN      NOT NULL DEFAULT TRUE,
    current_version  INT          NOT NULL,
    created_at       {{.Time}}    NOT NULL,
    updated_at       {{.Time}}    NOT NULL
) {{.Opts}};
CREATE UNIQUE INDEX uk_ticket_templates_code ON ticket_templates (code);

-- A ticket keeps the template version it was created with, so versions are
-- never changed once written.
CREATE TABLE ticket_template_versions (
    template_id  BIGINT        NOT NULL,
    version      INT           NOT NULL,
    definition   {{.LongText}} NOT NULL,
    digest       VARCHAR(64)   NOT NULL,
    created_by   BIGINT        NOT NULL DEFAULT 0,
    created_at   {{.Time}}     NOT NULL,
    PRIMARY KEY (template_id, version)
) {{.Opts}};

CREATE TABLE dispatch_rules (
    id               {{.ID}},
    name             VARCHAR(128) NOT NULL,
    position         INT          NOT NULL,
    enabled          BOOLEAN      NOT NULL DEFAULT TRUE,
    conditions       TEXT         NOT NULL,
    target_kind      VARCHAR(8)   NOT NULL,
    target_id        BIGINT       NOT NULL,
    strategy         VARCHAR(16)  NOT NULL,
    last_user_id     BIGINT       NOT NULL DEFAULT 0,
    created_at       {{.Time}}    NOT NULL,
    updated_at       {{.Time}}    NOT NULL
) {{.Opts}};
CREATE INDEX idx_dispatch_rules_order ON dispatch_rules (enabled, position, id);

CREATE TABLE sharing_rules (
    id           {{.ID}},
    source_kind  VARCHAR(8) NOT NULL,
    source_id    BIGINT     NOT NULL,
    target_kind  VARCHAR(8) NOT NULL,
    target_id    BIGINT     NOT NULL,
    access       VARCHAR(8) NOT NULL,
    created_by   BIGINT     NOT NULL,
    created_at   {{.Time}}  NOT NULL
) {{.Opts}};
CREATE UNIQUE INDEX uk_sharing_rules ON sharing_rules (source_kind, source_id, target_kind, target_id);
CREATE INDEX idx_sharing_rules_target ON sharing_rules (target_kind, target_id);

-- Days that differ from the weekly pattern: holidays on weekdays and
-- make-up working days (调休) on weekends.
CREATE TABLE business_calendar (
    day         VARCHAR(10)  NOT NULL PRIMARY KEY,
    workday     BOOLEAN      NOT NULL,
    note        VARCHAR(128) NOT NULL DEFAULT '',
    updated_at  {{.Time}}    NOT NULL
) {{.Opts}};

-- One row per day (yyyymmdd); the row lock serialises number allocation
-- across server instances.
CREATE TABLE ticket_counters (
    day         VARCHAR(8) NOT NULL PRIMARY KEY,
    last_value  BIGINT     NOT NULL
) {{.Opts}};

-- +goose Down
DROP TABLE ticket_counters;
DROP TABLE business_calendar;
DROP TABLE sharing_rules;
DROP TABLE dispatch_rules;
DROP TABLE ticket_template_versions;
DROP TABLE ticket_templates;
DROP TABLE ticket_transfers;
DROP TABLE ticket_links;
DROP TABLE ticket_events;
DROP TABLE ticket_members;
DROP TABLE tickets;
