-- Org model: departments (a tree with leaders), users, roles, groups, and
-- the admin settings. Department ids are WeCom's own, so they are not
-- generated here.

-- +goose Up
CREATE TABLE departments (
    id          BIGINT       NOT NULL PRIMARY KEY,
    name        VARCHAR(128) NOT NULL,
    name_en     VARCHAR(128) NOT NULL DEFAULT '',
    parent_id   BIGINT       NOT NULL DEFAULT 0,
    sort_order  BIGINT       NOT NULL DEFAULT 0,
    kind        VARCHAR(16)  NOT NULL DEFAULT '',
    created_at  {{.Time}}    NOT NULL,
    updated_at  {{.Time}}    NOT NULL
) {{.Opts}};
CREATE INDEX idx_departments_parent ON departments (parent_id);

CREATE TABLE users (
    id            {{.ID}},
    userid        VARCHAR(64)  NOT NULL,
    name          VARCHAR(64)  NOT NULL,
    mobile        VARCHAR(32)  NOT NULL DEFAULT '',
    email         VARCHAR(128) NOT NULL DEFAULT '',
    position      VARCHAR(128) NOT NULL DEFAULT '',
    main_dept_id  BIGINT       NOT NULL DEFAULT 0,
    lang          VARCHAR(8)   NOT NULL DEFAULT '',
    enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    {{.Time}}    NOT NULL,
    updated_at    {{.Time}}    NOT NULL
) {{.Opts}};
CREATE UNIQUE INDEX uk_users_userid ON users (userid);
CREATE INDEX idx_users_main_dept ON users (main_dept_id);

CREATE TABLE user_departments (
    user_id  BIGINT NOT NULL,
    dept_id  BIGINT NOT NULL,
    PRIMARY KEY (user_id, dept_id)
) {{.Opts}};
CREATE INDEX idx_user_departments_dept ON user_departments (dept_id, user_id);

CREATE TABLE department_leaders (
    dept_id  BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    PRIMARY KEY (dept_id, user_id)
) {{.Opts}};
CREATE INDEX idx_department_leaders_user ON department_leaders (user_id, dept_id);

CREATE TABLE user_leaders (
    user_id    BIGINT NOT NULL,
    leader_id  BIGINT NOT NULL,
    PRIMARY KEY (user_id, leader_id)
) {{.Opts}};
CREATE INDEX idx_user_leaders_leader ON user_leaders (leader_id, user_id);

CREATE TABLE user_roles (
    user_id  BIGINT      NOT NULL,
    role     VARCHAR(32) NOT NULL,
    PRIMARY KEY (user_id, role)
) {{.Opts}};

CREATE TABLE user_groups (
    id          {{.ID}},
    name        VARCHAR(64) NOT NULL,
    created_at  {{.Time}}   NOT NULL,
    updated_at  {{.Time}}   NOT NULL
) {{.Opts}};
CREATE UNIQUE INDEX uk_user_groups_name ON user_groups (name);

CREATE TABLE user_group_members (
    group_id  BIGINT NOT NULL,
    user_id   BIGINT NOT NULL,
    PRIMARY KEY (group_id, user_id)
) {{.Opts}};
CREATE INDEX idx_user_group_members_user ON user_group_members (user_id, group_id);

CREATE TABLE settings (
    name        VARCHAR(64) NOT NULL PRIMARY KEY,
    value       TEXT        NOT NULL,
    updated_at  {{.Time}}   NOT NULL
) {{.Opts}};

-- +goose Down
DROP TABLE settings;
DROP TABLE user_group_members;
DROP TABLE user_groups;
DROP TABLE user_roles;
DROP TABLE user_leaders;
DROP TABLE department_leaders;
DROP TABLE user_departments;
DROP TABLE users;
DROP TABLE departments;
