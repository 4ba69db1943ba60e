-- Reference data of the county: townships (乡镇) with their 9-digit division codes, villages (行政村)
-- and hazard sites (地质灾害隐患点). Written in the subset of SQL that H2 (MySQL mode) and MariaDB share.

CREATE TABLE township (
    code        CHAR(9)     NOT NULL,
    name        VARCHAR(20) NOT NULL,
    slug        VARCHAR(20) NOT NULL,
    sort_order  INT         NOT NULL,
    CONSTRAINT pk_township PRIMARY KEY (code),
    CONSTRAINT uk_township_name UNIQUE (name),
    CONSTRAINT uk_township_slug UNIQUE (slug)
) DEFAULT CHARSET = utf8mb4;

-- 泾源县 (640424): 3 towns (1xx) and 4 townships (2xx), in the order of the national division-code list.
INSERT INTO township (code, name, slug, sort_order) VALUES
    ('640424100', '香水镇', 'xiangshui', 1),
    ('640424101', '泾河源镇', 'jingheyuan', 2),
    ('640424102', '六盘山镇', 'liupanshan', 3),
    ('640424200', '新民乡', 'xinmin', 4),
    ('640424201', '兴盛乡', 'xingsheng', 5),
    ('640424202', '黄花乡', 'huanghua', 6),
    ('640424203', '大湾乡', 'dawan', 7);

-- A village's responsible task-force member (包村干部) gets the case's task-force steps; NULL means the
-- township's task-force group shares them.
CREATE TABLE village (
    id             BIGINT      NOT NULL AUTO_INCREMENT,
    township_code  CHAR(9)     NOT NULL,
    name           VARCHAR(40) NOT NULL,
    cadre_user_id  VARCHAR(64),
    CONSTRAINT pk_village PRIMARY KEY (id),
    CONSTRAINT uk_village_name UNIQUE (township_code, name),
    CONSTRAINT fk_village_township FOREIGN KEY (township_code) REFERENCES township (code)
) DEFAULT CHARSET = utf8mb4;

INSERT INTO village (township_code, name) VALUES
    ('640424100', '沙塘村'), ('640424100', '下寺村'), ('640424100', '园子村'), ('640424100', '东峡村'),
    ('640424101', '高峰村'), ('640424101', '余家村'), ('640424101', '冶家村'), ('640424101', '涝池村'),
    ('640424102', '和尚铺村'), ('640424102', '什字村'),
    ('640424200', '杨堡村'), ('640424200', '先进村'),
    ('640424201', '红旗村'), ('640424201', '兴盛村'),
    ('640424202', '向阳村'), ('640424202', '胜利村'), ('640424202', '米岗村'),
    ('640424203', '杨岭村'), ('640424203', '苏堡村'), ('640424203', '何堡村');

-- hazard_type: LANDSLIDE 滑坡, COLLAPSE 崩塌, DEBRIS_FLOW 泥石流, GROUND_SUBSIDENCE 地面塌陷.
-- risk_level:  EXTREMELY_HIGH 极高, HIGH 高, MEDIUM 中, LOW 低.
CREATE TABLE hazard_site (
    id                     BIGINT       NOT NULL AUTO_INCREMENT,
    code                   VARCHAR(32)  NOT NULL,
    name                   VARCHAR(100) NOT NULL,
    hazard_type            VARCHAR(24)  NOT NULL,
    risk_level             VARCHAR(16)  NOT NULL,
    township_code          CHAR(9)      NOT NULL,
    village_id             BIGINT,
    latitude               DECIMAL(9, 6),
    longitude              DECIMAL(9, 6),
    threatened_households  INT          NOT NULL DEFAULT 0,
    threatened_people      INT          NOT NULL DEFAULT 0,
    CONSTRAINT pk_hazard_site PRIMARY KEY (id),
    CONSTRAINT uk_hazard_site_code UNIQUE (code),
    CONSTRAINT fk_hazard_site_township FOREIGN KEY (township_code) REFERENCES township (code),
    CONSTRAINT fk_hazard_site_village FOREIGN KEY (village_id) REFERENCES village (id)
) DEFAULT CHARSET = utf8mb4;

CREATE INDEX ix_hazard_site_township ON hazard_site (township_code);
