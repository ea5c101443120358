-- Notices beyond the outbox itself: what each user wants to hear
-- (preferences), where a department's group chat is, which stages of SLA
-- escalation a ticket has been through, the 微信客服 windows in which a
-- customer may be written to, which channel carried each customer notice,
-- and the satisfaction answers customers give.

-- +goose Up
-- muted is a comma-separated list of notice kinds; quiet hours are minutes
-- after midnight, China time, -1 when unset.
CREATE TABLE notice_preferences (
    user_id      BIGINT       NOT NULL PRIMARY KEY,
    muted        VARCHAR(500) NOT NULL DEFAULT '',
    quiet_start  INT          NOT NULL DEFAULT -1,
    quiet_end    INT          NOT NULL DEFAULT -1,
    updated_at   {{.Time}}    NOT NULL
) {{.Opts}};

-- A department's group chat is a WeCom group robot (webhook key); the
-- nearest department up the tree that has one hears about breaches.
CREATE TABLE notice_group_chats (
    dept_id     BIGINT       NOT NULL PRIMARY KEY,
    robot_key   VARCHAR(128) NOT NULL,
    updated_by  BIGINT       NOT NULL,
    updated_at  {{.Time}}    NOT NULL
) {{.Opts}};

-- One row per escalation stage reached for one due time: the row is
-- written with the stage's notices, so a stage happens once however many
-- instances sweep, and a due time that moves (waiting on the customer,
-- a new priority) starts over.
CREATE TABLE sla_escalations (
    ticket_id   BIGINT      NOT NULL,
    target      VARCHAR(16) NOT NULL,
    due_at      {{.Time}}   NOT NULL,
    stage       VARCHAR(16) NOT NULL,
    created_at  {{.Time}}   NOT NULL,
    PRIMARY KEY (ticket_id, target, due_at, stage)
) {{.Opts}};

-- The 微信客服 window: a customer's message opens 48 hours for at most
-- five messages from us; the next customer message starts a new window.
CREATE TABLE kf_windows (
    external_userid   VARCHAR(64) NOT NULL PRIMARY KEY,
    open_kfid         VARCHAR(64) NOT NULL,
    last_customer_at  {{.Time}}   NOT NULL,
    sent              INT         NOT NULL DEFAULT 0,
    updated_at        {{.Time}}   NOT NULL
) {{.Opts}};

-- Each channel tried for a customer notice: status sent (it carried the
-- notice), skipped (closed to this customer) or failed.
CREATE TABLE customer_notice_deliveries (
    id          {{.ID}},
    notice_id   BIGINT       NOT NULL,
    ticket_id   BIGINT       NOT NULL,
    node        VARCHAR(24)  NOT NULL,
    channel     VARCHAR(24)  NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    detail      VARCHAR(500) NOT NULL DEFAULT '',
    created_at  {{.Time}}    NOT NULL
) {{.Opts}};
CREATE INDEX idx_customer_notice_deliveries_ticket ON customer_notice_deliveries (ticket_id, id);
CREATE INDEX idx_customer_notice_deliveries_notice ON customer_notice_deliveries (notice_id, status);

-- One satisfaction answer per ticket (a later answer replaces it), with
-- the engineer and department it counts for, fixed when it was given.
CREATE TABLE ticket_csat (
    ticket_id     BIGINT      NOT NULL PRIMARY KEY,
    contact_id    BIGINT      NOT NULL DEFAULT 0,
    score         INT         NOT NULL,
    comment       TEXT        NOT NULL,
    owner_id      BIGINT      NOT NULL DEFAULT 0,
    dept_id       BIGINT      NOT NULL DEFAULT 0,
    submitted_at  {{.Time}}   NOT NULL
) {{.Opts}};
CREATE INDEX idx_ticket_csat_submitted ON ticket_csat (submitted_at);

-- +goose Down
DROP TABLE ticket_csat;
DROP TABLE customer_notice_deliveries;
DROP TABLE kf_windows;
DROP TABLE sla_escalations;
DROP TABLE notice_group_chats;
DROP TABLE notice_preferences;
