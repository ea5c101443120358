-- What surrounds a ticket: the CRM links (customers, contacts,
-- opportunities, activities), attachments, the knowledge base, service
-- records with their @mentions, and costs for internal settlement.
--
-- Lists page by id within their parent (customer, ticket), so each child
-- table has a (parent_id, id) index. Free-text columns are searched with
-- LIKE (portable, no engine-specific full-text), bounded by LIMIT.

-- +goose Up
-- number is NULL only between the insert and the update that derives it
-- from the id (KH000001) when the caller gave none.
CREATE TABLE customers (
    id              {{.ID}},
    number          VARCHAR(32)  NULL,
    name            VARCHAR(128) NOT NULL,
    phone           VARCHAR(32)  NOT NULL DEFAULT '',
    region_dept_id  BIGINT       NOT NULL DEFAULT 0,
    tags            TEXT         NOT NULL,
    owner_id        BIGINT       NOT NULL DEFAULT 0,
    created_by      BIGINT       NOT NULL,
    created_at      {{.Time}}    NOT NULL,
    updated_at      {{.Time}}    NOT NULL
) {{.Opts}};
CREATE UNIQUE INDEX uk_customers_number ON customers (number);
-- exact lookups
CREATE INDEX idx_customers_name ON customers (name);
CREATE INDEX idx_customers_phone ON customers (phone);
-- fuzzy lookups of my own and my subordinates' customers in exact mode
CREATE INDEX idx_customers_owner ON customers (owner_id, id);

-- external_userid is WeCom's id of an external contact; NULL when the
-- contact is not on WeCom, so the unique index holds many of those.
CREATE TABLE contacts (
    id               {{.ID}},
    customer_id      BIGINT       NOT NULL,
    name             VARCHAR(64)  NOT NULL,
    phone            VARCHAR(32)  NOT NULL DEFAULT '',
    email            VARCHAR(128) NOT NULL DEFAULT '',
    external_userid  VARCHAR(64)  NULL,
    created_by       BIGINT       NOT NULL,
    created_at       {{.Time}}    NOT NULL,
    updated_at       {{.Time}}    NOT NULL
) {{.Opts}};
CREATE INDEX idx_contacts_customer ON contacts (customer_id, id);
CREATE INDEX idx_contacts_phone ON contacts (phone);
CREATE UNIQUE INDEX uk_contacts_external ON contacts (external_userid);

CREATE TABLE opportunities (
    id            {{.ID}},
    customer_id   BIGINT       NOT NULL,
    name          VARCHAR(128) NOT NULL,
    stage         VARCHAR(16)  NOT NULL,
    amount_cents  BIGINT       NOT NULL DEFAULT 0,
    owner_id      BIGINT       NOT NULL DEFAULT 0,
    created_by    BIGINT       NOT NULL,
    created_at    {{.Time}}    NOT NULL,
    updated_at    {{.Time}}    NOT NULL
) {{.Opts}};
CREATE INDEX idx_opportunities_customer ON opportunities (customer_id, id);

-- Follow-ups with a customer (calls, visits, tasks); open while done_at
-- is NULL.
CREATE TABLE customer_activities (
    id           {{.ID}},
    customer_id  BIGINT       NOT NULL,
    kind         VARCHAR(16)  NOT NULL,
    subject      VARCHAR(255) NOT NULL,
    owner_id     BIGINT       NOT NULL DEFAULT 0,
    due_at       {{.Time}}    NULL,
    done_at      {{.Time}}    NULL,
    created_by   BIGINT       NOT NULL,
    created_at   {{.Time}}    NOT NULL
) {{.Opts}};
CREATE INDEX idx_customer_activities_customer ON customer_activities (customer_id, id);

-- Files on a ticket or one of its service records. blob_key is the
-- SHA-256 of the content: the blob store keeps one copy per content.
CREATE TABLE attachments (
    id            {{.ID}},
    ticket_id     BIGINT       NOT NULL,
    record_id     BIGINT       NULL,
    blob_key      CHAR(64)     NOT NULL,
    name          VARCHAR(255) NOT NULL,
    content_type  VARCHAR(128) NOT NULL,
    size          BIGINT       NOT NULL,
    uploader_id   BIGINT       NOT NULL,
    created_at    {{.Time}}    NOT NULL
) {{.Opts}};
CREATE INDEX idx_attachments_ticket ON attachments (ticket_id, id);
CREATE INDEX idx_attachments_record ON attachments (record_id);
CREATE INDEX idx_attachments_blob ON attachments (blob_key);

-- Knowledge articles. Search is LIKE over title and body, ranked in SQL.
CREATE TABLE solutions (
    id          {{.ID}},
    title       VARCHAR(255)  NOT NULL,
    body        {{.LongText}} NOT NULL,
    tags        TEXT          NOT NULL,
    author_id   BIGINT        NOT NULL,
    published   BOOLEAN       NOT NULL DEFAULT FALSE,
    created_at  {{.Time}}     NOT NULL,
    updated_at  {{.Time}}     NOT NULL
) {{.Opts}};
CREATE INDEX idx_solutions_published ON solutions (published, id);

CREATE TABLE solution_tickets (
    solution_id  BIGINT    NOT NULL,
    ticket_id    BIGINT    NOT NULL,
    created_at   {{.Time}} NOT NULL,
    PRIMARY KEY (solution_id, ticket_id)
) {{.Opts}};
CREATE INDEX idx_solution_tickets_ticket ON solution_tickets (ticket_id, solution_id);

-- Service records (服务记录): append-only notes on a ticket.
CREATE TABLE service_records (
    id          {{.ID}},
    ticket_id   BIGINT      NOT NULL,
    author_id   BIGINT      NOT NULL,
    body        TEXT        NOT NULL,
    minutes     INT         NOT NULL DEFAULT 0,
    visibility  VARCHAR(16) NOT NULL,
    created_at  {{.Time}}   NOT NULL
) {{.Opts}};
CREATE INDEX idx_service_records_ticket ON service_records (ticket_id, id);

-- Who a record @mentions; the user index answers "mentions of me".
CREATE TABLE record_mentions (
    record_id  BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    PRIMARY KEY (record_id, user_id)
) {{.Opts}};
CREATE INDEX idx_record_mentions_user ON record_mentions (user_id, record_id);

-- Cost items for internal settlement, in integer cents. incurred_on is
-- the business day (yyyy-mm-dd, China time), so totals per day and month
-- group on a plain string on both databases.
CREATE TABLE cost_items (
    id             {{.ID}},
    ticket_id      BIGINT       NOT NULL,
    kind           VARCHAR(16)  NOT NULL,
    amount_cents   BIGINT       NOT NULL,
    note           VARCHAR(255) NOT NULL DEFAULT '',
    dept_id        BIGINT       NOT NULL DEFAULT 0,
    project        VARCHAR(64)  NOT NULL DEFAULT '',
    user_id        BIGINT       NOT NULL DEFAULT 0,
    attributed_by  VARCHAR(8)   NOT NULL,
    incurred_on    VARCHAR(10)  NOT NULL,
    created_by     BIGINT       NOT NULL,
    created_at     {{.Time}}    NOT NULL
) {{.Opts}};
CREATE INDEX idx_cost_items_ticket ON cost_items (ticket_id, id);
CREATE INDEX idx_cost_items_day ON cost_items (incurred_on);
CREATE INDEX idx_cost_items_dept ON cost_items (dept_id, incurred_on);
CREATE INDEX idx_cost_items_user ON cost_items (user_id, incurred_on);

-- Per-template attribution rules, tried in position order.
CREATE TABLE cost_rules (
    id           {{.ID}},
    template_id  BIGINT      NOT NULL,
    position     INT         NOT NULL,
    kind         VARCHAR(16) NOT NULL DEFAULT '',
    target       VARCHAR(16) NOT NULL,
    target_id    BIGINT      NOT NULL DEFAULT 0,
    project      VARCHAR(64) NOT NULL DEFAULT ''
) {{.Opts}};
CREATE INDEX idx_cost_rules_template ON cost_rules (template_id, position);

-- Statistics read the tickets created, first answered or resolved in a
-- range of days; each range has its own index so a year of statistics on
-- a large tenant does not scan every ticket.
CREATE INDEX idx_tickets_created_at ON tickets (created_at);
CREATE INDEX idx_tickets_first_response_at ON tickets (first_response_at);
CREATE INDEX idx_tickets_resolved_at ON tickets (resolved_at);

-- +goose Down
-- MySQL drops an index ON its table, SQLite by name alone; only MySQL has
-- table options, so they tell the two apart.
DROP INDEX idx_tickets_resolved_at{{if .Opts}} ON tickets{{end}};
DROP INDEX idx_tickets_first_response_at{{if .Opts}} ON tickets{{end}};
DROP INDEX idx_tickets_created_at{{if .Opts}} ON tickets{{end}};
DROP TABLE cost_rules;
DROP TABLE cost_items;
DROP TABLE record_mentions;
DROP TABLE service_records;
DROP TABLE solution_tickets;
DROP TABLE solutions;
DROP TABLE attachments;
DROP TABLE customer_activities;
DROP TABLE opportunities;
DROP TABLE contacts;
DROP TABLE customers;
