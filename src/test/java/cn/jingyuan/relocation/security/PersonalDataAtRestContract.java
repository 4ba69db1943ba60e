package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.approval.CaseFixture;
import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.relocationcase.internal.V016__EncryptCaseHistory;
import cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.Ledger;
import cn.jingyuan.relocation.support.People;
import cn.jingyuan.relocation.support.Tables;

/**
 * Identity and phone numbers at rest: after a ledger import, what a direct {@code SELECT} sees in the tables is
 * cipher text (AES-GCM), a keyed hash and a masked number, never a readable number; and the keyed hash still finds
 * a person and still refuses a person twice. The same for the case history's personal text (a relative's name, an
 * opinion): cipher text in {@code case_event}, the clear text in the case file, moved by the key rotation. Run on the
 * embedded H2 and on MariaDB.
 */
abstract class PersonalDataAtRestContract {

    /** A plan year nothing else in these databases uses. */
    static final int YEAR = 2063;
    static final String TOWNSHIP = "黄花乡";
    static final String VILLAGE = "安防测试三村";

    /** An identity number in the clear, wherever it stands (not inside a longer run of hex or digits). */
    private static final Pattern PLAIN_ID = Pattern.compile("(?<![0-9A-Fa-f])\\d{17}[\\dXx](?![0-9A-Za-z])");
    private static final Pattern PLAIN_MOBILE = Pattern.compile("(?<![0-9A-Za-z+/])1[3-9]\\d{9}(?![0-9A-Za-z+/])");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PiiCipher cipher;
    @Autowired
    PiiReencryption reencryption;
    @Autowired
    ApplicationContext context;
    @Autowired
    Environment env;

    Api api;

    @BeforeEach
    void connect() {
        api = Api.at(port);
    }

    /** Imports a fresh ledger of three households as the officer and returns it. */
    private Ledger imported() {
        Ledger ledger = Ledger.create().household(YEAR, TOWNSHIP, VILLAGE, 4).household(YEAR, TOWNSHIP, VILLAGE, 1)
                .household(YEAR, TOWNSHIP, VILLAGE, 3);
        Api.Response r = api.as("officer").upload("/api/households/import", "黄花乡台账.csv", ledger.csv());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("imported").asInt()).isEqualTo(3);
        return ledger;
    }

    private static List<String> ids(Ledger l) {
        return IntStream.rangeClosed(1, l.size()).mapToObj(r -> l.get(r, "身份证号")).toList();
    }

    private static List<String> phones(Ledger l) {
        return l.headRows().stream().map(r -> l.get(r, "联系电话")).toList();
    }

    private List<Map<String, Object>> members(Ledger l) {
        return jdbc.queryForList("SELECT m.* FROM member m JOIN household h ON h.id = m.household_id WHERE h.plan_year = ? AND h.head_id_hash IN ("
                + String.join(",", l.heads().stream().map(x -> "'" + cipher.hash(x) + "'").toList()) + ") ORDER BY m.id", YEAR);
    }

    private List<Map<String, Object>> households(Ledger l) {
        return jdbc.queryForList("SELECT h.* FROM household h WHERE h.plan_year = ? AND h.head_id_hash IN ("
                + String.join(",", l.heads().stream().map(x -> "'" + cipher.hash(x) + "'").toList()) + ") ORDER BY h.id", YEAR);
    }

    @Test
    void aDirectSelectOnMembersAndHouseholdsShowsNoReadableIdentityOrPhoneNumber() {
        Ledger ledger = imported();
        List<Map<String, Object>> members = members(ledger);
        List<Map<String, Object>> households = households(ledger);
        assertThat(members).hasSize(ledger.size());
        assertThat(households).hasSize(3);

        for (Map<String, Object> m : members) {
            String stored = (String) m.get("id_cipher");
            assertThat(stored).startsWith("v2:").doesNotMatch(".*\\d{17}[\\dX].*");
            assertThat((String) m.get("id_hash")).matches("[0-9a-f]{64}");
            assertThat((String) m.get("id_masked")).matches("\\d{6}\\*{8}\\d{3}[\\dX]");
            // the cipher text is the number encrypted, the hash its keyed hash, the mask its masked form
            String plain = cipher.decrypt(stored);
            assertThat(ids(ledger)).contains(plain);
            assertThat(m.get("id_hash")).isEqualTo(cipher.hash(plain));
            assertThat(m.get("id_masked")).isEqualTo(plain.substring(0, 6) + "********" + plain.substring(14));
        }
        for (Map<String, Object> h : households) {
            String phone = (String) h.get("phone_cipher");
            assertThat(phone).startsWith("v2:");
            assertThat(phones(ledger)).contains(cipher.decrypt(phone));
            assertThat((String) h.get("phone_masked")).matches("1\\d{2}\\*{4}\\d{4}");
        }
        // no column of either table holds a number in the clear
        List<String> secrets = new ArrayList<>(ids(ledger));
        secrets.addAll(phones(ledger));
        for (Map<String, Object> row : concat(members, households)) {
            row.forEach((column, value) -> {
                String text = String.valueOf(value);
                assertThat(secrets).as(column).noneMatch(text::contains);
                assertThat(PLAIN_ID.matcher(text).find()).as(column + " = " + text).isFalse();
                assertThat(PLAIN_MOBILE.matcher(text).find()).as(column + " = " + text).isFalse();
            });
        }
    }

    @Test
    void noTableOfTheDatabaseHoldsAnImportedNumberInTheClear() {
        Ledger ledger = imported();
        // reading them back, revealing them and exporting them in full leaves nothing readable behind either
        JsonNode found = api.as("officer").get("/api/households?year={y}&q={q}", YEAR, ledger.get(1, "户主身份证号")).json();
        long id = found.path("items").get(0).path("id").asLong();
        assertThat(api.as("finance").get("/api/households/{id}?reveal=true", id).status()).isEqualTo(200);
        assertThat(api.as("officer").get("/api/households/export?year={y}&format=csv", YEAR).status()).isEqualTo(200);
        List<String> secrets = new ArrayList<>(ids(ledger));
        secrets.addAll(phones(ledger));

        List<String> leaks = jdbc.execute((ConnectionCallback<List<String>>) c -> {
            DatabaseMetaData meta = c.getMetaData();
            String quote = meta.getIdentifierQuoteString().strip();
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(c.getCatalog(), c.getSchema(), "%", "%")) {
                while (rs.next()) {
                    int type = rs.getInt("DATA_TYPE");
                    if (Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR)
                            .contains(type)) {
                        columns.add(new String[] {rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME")});
                    }
                }
            }
            assertThat(columns.stream().map(x -> x[0].toLowerCase()).distinct()).contains("member", "household", "audit_log", "act_hi_varinst");
            List<String> out = new ArrayList<>();
            String where = String.join(" OR ", secrets.stream().map(s -> "%s LIKE ?").toList());
            for (String[] col : columns) {
                String column = quote + col[1] + quote;
                String sql = "SELECT COUNT(*) FROM " + quote + col[0] + quote + " WHERE " + where.replace("%s", column);
                try (var ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < secrets.size(); i++) {
                        ps.setString(i + 1, "%" + secrets.get(i) + "%");
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            out.add(col[0] + "." + col[1]);
                        }
                    }
                } catch (java.sql.SQLException noLikeOnLobs) {
                    // H2 does not compare large objects: read them
                    try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + column + " FROM " + quote + col[0] + quote)) {
                        while (rs.next()) {
                            String v = rs.getString(1);
                            if (v != null && secrets.stream().anyMatch(v::contains)) {
                                out.add(col[0] + "." + col[1]);
                                break;
                            }
                        }
                    }
                }
            }
            return out;
        });
        assertThat(leaks).isEmpty();
    }

    @Test
    void theSameNumberEncryptsDifferentlyEveryTimeButHashesTheSame() {
        String number = People.idNumber(1975, true);
        String once = cipher.encrypt(number);
        String twice = cipher.encrypt(number);

        assertThat(once).isNotEqualTo(twice);
        assertThat(cipher.decrypt(once)).isEqualTo(number);
        assertThat(cipher.decrypt(twice)).isEqualTo(number);
        assertThat(cipher.hash(number)).isEqualTo(cipher.hash(number)).isNotEqualTo(cipher.hash(People.idNumber(1975, true)));
        // and in the tables: every stored cipher text differs, and a household's head hash is its head member's hash
        Ledger ledger = imported();
        List<Map<String, Object>> members = members(ledger);
        Set<Object> ciphers = new HashSet<>();
        members.forEach(m -> ciphers.add(m.get("id_cipher")));
        assertThat(ciphers).hasSameSizeAs(members);
        for (Map<String, Object> h : households(ledger)) {
            Object headHash = h.get("head_id_hash");
            Map<String, Object> head = members.stream().filter(m -> m.get("id_hash").equals(headHash)).findFirst().orElseThrow();
            assertThat(head.get("household_id")).isEqualTo(h.get("id"));
        }
    }

    @Test
    void lookupsAndTheDuplicateCheckStillWork() {
        Ledger ledger = imported();
        int spouseRow = 2;
        String head = ledger.get(1, "户主身份证号");
        String spouse = ledger.get(spouseRow, "身份证号");

        // a full identity number finds the household, whoever of its people it belongs to
        for (String number : List.of(head, spouse)) {
            JsonNode page = api.as("officer").get("/api/households?year={y}&q={q}", YEAR, number).json();
            assertThat(page.path("total").asLong()).as(number).isEqualTo(1);
            assertThat(page.path("items").get(0).path("headName").asText()).isEqualTo(ledger.get(1, "姓名"));
        }
        assertThat(api.as("officer").get("/api/households?q={q}", People.idNumber(1980, false)).json().path("total").asLong()).isZero();

        // the same ledger again is the same households: nothing new
        Api.Response again = api.as("officer").upload("/api/households/import", "黄花乡台账.csv", ledger.csv());
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("imported").asInt()).isZero();
        assertThat(again.json().path("unchanged").asInt()).isEqualTo(3);

        // the spouse in a new household: refused, nothing written
        Tables before = Tables.count(jdbc);
        Ledger twice = Ledger.create().household(YEAR, TOWNSHIP, VILLAGE, List.of(People.person(1960, true, "户主"),
                new People.Person(ledger.get(spouseRow, "姓名"), spouse, "配偶")));
        Api.Response refused = api.as("officer").upload("/api/households/import", "重复.csv", twice.csv());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.errors()).containsExactly("2 身份证号");
        assertThat(refused.text()).doesNotContain(spouse);
        assertThat(Tables.count(jdbc)).isEqualTo(before);

        // and registering them through the API is refused the same way
        Api.Response posted = api.as("officer").post("/api/households", Map.of("planYear", YEAR, "township", TOWNSHIP, "village", VILLAGE,
                "category", "RISK_ZONE", "riskLevel", "HIGH", "members", List.of(
                        Map.of("name", "新户主", "idNumber", People.idNumber(1961, true), "relation", "户主"),
                        Map.of("name", ledger.get(spouseRow, "姓名"), "idNumber", spouse, "relation", "配偶"))));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(422);
        assertThat(posted.text()).doesNotContain(spouse);
        assertThat(Tables.count(jdbc)).isEqualTo(before);
    }

    /** A case opened at 投亲靠友:确认住房 in a fresh household of {@link #TOWNSHIP}. */
    private HouseholdRef atRelativesStep() {
        return CaseFixture.in(context).openAt(CaseFixture.add(Ledger.create(), 1, YEAR, TOWNSHIP, VILLAGE, 2, ""),
                RelocationCaseProcess.TASK_RESETTLEMENT_RELATIVES).get(0);
    }

    private String caseFile(String user, HouseholdRef h) {
        Api.Response file = api.as(user).get("/api/cases/{c}", h.caseNo());
        assertThat(file.status()).as(user + " " + file).isEqualTo(200);
        return file.text();
    }

    /** Rows of the case history holding {@code text} in the clear, in any column. */
    private long historyRowsHolding(long householdId, String text) {
        return jdbc.queryForList("SELECT * FROM case_event WHERE household_id = ?", householdId).stream()
                .filter(r -> r.values().stream().anyMatch(v -> String.valueOf(v).contains(text))).count();
    }

    @Test
    void aRelativesNameRecordedAtACaseStepIsCipherTextInTheCaseHistoryReadableInTheCaseFileAndMovedByTheKeyRotation() {
        HouseholdRef h = atRelativesStep();
        String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String relative = "马桂兰" + tag;
        String opinion = "投靠其妹" + relative + ",住向阳村3组12号";
        String task = jdbc.queryForObject("SELECT ID_ FROM ACT_RU_TASK WHERE PROC_INST_ID_ = ? AND TASK_DEF_KEY_ = ?", String.class,
                h.processInstanceId(), RelocationCaseProcess.TASK_RESETTLEMENT_RELATIVES);
        String holder = jdbc.queryForObject("SELECT ASSIGNEE_ FROM ACT_RU_TASK WHERE ID_ = ?", String.class, task);
        String user = holder != null ? holder : "huanghua.tf1";
        Map<String, Object> values = new LinkedHashMap<>(SecurityFixture.formValues(api, task, user));
        values.put("relativeName", relative);
        values.put("comment", opinion);
        Api.Response done = api.as(user).post("/api/tasks/{id}/complete", values, task);
        assertThat(done.status()).as(done.toString()).isEqualTo(204);

        // a direct SELECT on the case history finds neither the name nor the opinion, only cipher text
        Map<String, Object> step = jdbc.queryForMap("SELECT id, comment, details FROM case_event WHERE household_id = ? AND task_key = ?"
                + " AND event_type = 'TASK_COMPLETED'",
                h.id(), RelocationCaseProcess.TASK_RESETTLEMENT_RELATIVES);
        assertThat((String) step.get("comment")).startsWith(cipher.currentPrefix());
        assertThat((String) step.get("details")).startsWith(cipher.currentPrefix());
        assertThat(historyRowsHolding(h.id(), tag)).isZero();
        assertThat(cipher.decrypt((String) step.get("comment"))).isEqualTo(opinion);
        assertThat(cipher.decrypt((String) step.get("details"))).contains("\"relativeName\":\"" + relative + "\"");
        // the case file shows both to the township and the county, as before
        for (String who : List.of("officer", "huanghua.lead", "huanghua.tf1")) {
            assertThat(caseFile(who, h)).as(who).contains(relative, opinion);
        }

        // the key rotation moves them to the new key, and they read the same
        String oldKey = env.getProperty("relocation.pii.encryption-key");
        String hashKey = env.getProperty("relocation.pii.hash-key");
        String newKey = Base64.getEncoder().encodeToString("case-history-rotation-key-012345".getBytes());
        PiiCipher rotated = new PiiCipher(new PiiProperties(newKey, hashKey, List.of(oldKey)), env);
        try {
            assertThat(reencryption.remaining(rotated).get("case_event.details")).isPositive();
            reencryption.reencrypt(rotated, Integer.MAX_VALUE);
            assertThat(reencryption.remaining(rotated)).containsEntry("case_event.comment", 0).containsEntry("case_event.details", 0);
            Map<String, Object> moved = jdbc.queryForMap("SELECT comment, details FROM case_event WHERE id = ?", step.get("id"));
            assertThat((String) moved.get("details")).startsWith(rotated.currentPrefix()).isNotEqualTo(step.get("details"));
            PiiCipher onlyNew = new PiiCipher(new PiiProperties(newKey, hashKey), env);
            assertThat(onlyNew.decrypt((String) moved.get("comment"))).isEqualTo(opinion);
            assertThat(onlyNew.decrypt((String) moved.get("details"))).contains(relative);
            assertThat(historyRowsHolding(h.id(), tag)).isZero();
        } finally {
            // the shared context runs on the old key: put everything back
            reencryption.reencrypt(new PiiCipher(new PiiProperties(oldKey, hashKey, List.of(newKey)), env), Integer.MAX_VALUE);
        }
        assertThat(reencryption.remaining(cipher).values()).containsOnly(0);
        assertThat(caseFile("officer", h)).contains(relative, opinion);
    }

    @Test
    void caseHistoryWrittenInTheClearBeforeV016IsEncryptedByItAndStillShown() throws Exception {
        HouseholdRef h = atRelativesStep();
        String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String relative = "马建国" + tag;
        // as an older version wrote it
        jdbc.update("INSERT INTO case_event (household_id, case_no, event_type, stage, task_key, task_name, actor, actor_name, occurred_at,"
                + " comment, details) VALUES (?, ?, 'TASK_COMPLETED', 'RESETTLEMENT', ?, '投亲靠友:确认住房', 'huanghua.tf1', '黄花乡专班',"
                + " CURRENT_TIMESTAMP, ?, ?)", h.id(), h.caseNo(), RelocationCaseProcess.TASK_RESETTLEMENT_RELATIVES, "投靠" + relative,
                "{\"relativeName\":\"" + relative + "\",\"relativesHousingConfirmed\":true}");
        assertThat(historyRowsHolding(h.id(), tag)).isEqualTo(1);
        // read in the clear as it is until the migration ran
        assertThat(caseFile("officer", h)).contains("投靠" + relative);

        int changed;
        try (Connection c = jdbc.getDataSource().getConnection()) {
            changed = V016__EncryptCaseHistory.encrypt(c, cipher);
        }
        int again;
        try (Connection c = jdbc.getDataSource().getConnection()) {
            again = V016__EncryptCaseHistory.encrypt(c, cipher);
        }

        assertThat(changed).isGreaterThanOrEqualTo(1);
        assertThat(again).isZero();
        assertThat(historyRowsHolding(h.id(), tag)).isZero();
        assertThat(jdbc.queryForList("SELECT comment FROM case_event WHERE household_id = ? AND comment IS NOT NULL", String.class, h.id()))
                .allMatch(cipher::isCurrent);
        assertThat(caseFile("huanghua.tf1", h)).contains("投靠" + relative, relative);
    }

    private static List<Map<String, Object>> concat(List<Map<String, Object>> a, List<Map<String, Object>> b) {
        List<Map<String, Object>> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
