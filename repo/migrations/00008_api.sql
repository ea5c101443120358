-- What the JSON API adds: public web-to-case forms, outbound webhooks and
-- quick replies. Sessions live in the shared store, not here; webhook
-- deliveries are outbox rows (channel 'webhook', recipient 'webhook:<id>').

-- +goose Up
-- A public form creates tickets from its template as its creator, with
-- origin web_form. token is the secret part of the public URL.
CREATE TABLE web_forms (
    id                 {{.ID}},
    token              VARCHAR(64)  NOT NULL,
    name               VARCHAR(128) NOT NULL,
    template_id        BIGINT       NOT NULL,
    owner_id           BIGINT       NOT NULL DEFAULT 0,
    receiving_dept_id  BIGINT       NOT NULL DEFAULT 0,
    customer_id        BIGINT       NOT NULL DEFAULT 0,
    enabled            BOOLEAN      NOT NULL DEFAULT TRUE,
    created_by         BIGINT       NOT NULL,
    created_at         {{.Time}}    NOT NULL,
    updated_at         {{.Time}}    NOT NULL
) {{.Opts}};
CREATE UNIQUE INDEX uk_web_forms_token ON web_forms (token);

-- events is a comma-separated list of ticket actions; empty means all.
CREATE TABLE webhooks (
    id          {{.ID}},
    url         VARCHAR(1000) NOT NULL,
    secret      VARCHAR(128)  NOT NULL,
    events      VARCHAR(1000) NOT NULL,
    enabled     BOOLEAN       NOT NULL DEFAULT TRUE,
    created_by  BIGINT        NOT NULL,
    created_at  {{.Time}}     NOT NULL
) {{.Opts}};

-- scope is company (scope_id 0), dept (a department id) or person (a
-- user id); a user's list is three index ranges.
CREATE TABLE quick_replies (
    id          {{.ID}},
    scope       VARCHAR(8)   NOT NULL,
    scope_id    BIGINT       NOT NULL DEFAULT 0,
    title       VARCHAR(64)  NOT NULL,
    body        TEXT         NOT NULL,
    created_by  BIGINT       NOT NULL,
    created_at  {{.Time}}    NOT NULL,
    updated_at  {{.Time}}    NOT NULL
) {{.Opts}};
CREATE INDEX idx_quick_replies_scope ON quick_replies (scope, scope_id, id);

-- +goose Down
DROP TABLE quick_replies;
DROP TABLE webhooks;
DROP TABLE web_forms;
