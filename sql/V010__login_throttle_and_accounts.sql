-- Issue 11. Failed logins are counted per account name AND source address, so that guessing from one address never
-- locks the real user out from another; unknown names are counted exactly like real ones (no enumeration).
CREATE TABLE login_throttle (
    user_id          VARCHAR(64) NOT NULL,
    source           VARCHAR(64) NOT NULL,
    failures         INT         NOT NULL,
    last_failure_at  DATETIME    NOT NULL,
    locked_until     DATETIME,
    CONSTRAINT pk_login_throttle PRIMARY KEY (user_id, source)
) DEFAULT CHARSET = utf8mb4;

-- The per-account lock it replaces (five anonymous guesses locked anyone, admin included).
DROP TABLE account_lock;

-- What Camunda's user table does not hold: whether the account may log in, whether its password is a one-time
-- password to be changed at the first login, and a version that every change of the account increments, so that
-- every node sees a change (disabled, role, password reset) at the next request. Accounts without a row are enabled.
CREATE TABLE account_state (
    user_id               VARCHAR(64)  NOT NULL,
    enabled               BOOLEAN      NOT NULL DEFAULT TRUE,
    must_change_password  BOOLEAN      NOT NULL DEFAULT FALSE,
    version               INT          NOT NULL DEFAULT 0,
    phone_cipher          VARCHAR(255),
    updated_at            DATETIME     NOT NULL,
    updated_by            VARCHAR(64)  NOT NULL,
    CONSTRAINT pk_account_state PRIMARY KEY (user_id)
) DEFAULT CHARSET = utf8mb4;
