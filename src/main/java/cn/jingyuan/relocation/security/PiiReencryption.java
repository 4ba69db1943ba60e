package cn.jingyuan.relocation.security;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Key rotation of the personal data at rest: re-encrypts every identity and phone number (households' and accounts'),
 * and the case history's comments and details, that are not under the current key yet with the current key, in chunks of {@value #CHUNK}
 * rows, each its own transaction ({@link ChunkedWalk}). Run as a command
 * (README "Running in production"): the application with the new key as {@code relocation.pii.encryption-key}, the
 * old one among {@code relocation.pii.previous-encryption-keys} and {@code relocation.pii.reencrypt=true}; it exits
 * when done. Resumable: it picks only values still under another key, so a run that stopped half-way goes on where
 * it stopped, and a second run changes nothing. Nodes still serving keep working meanwhile, as long as they know both
 * keys; each value is replaced only if nobody changed it in between.
 */
@Component
@Order(100)
public class PiiReencryption implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(PiiReencryption.class);
    static final int CHUNK = ChunkedWalk.CHUNK;

    /**
     * The encrypted columns: table, key column, cipher column. The case history's text (relatives' names, new
     * addresses, opinions) is encrypted whole since V016; accounts are keyed by their name.
     */
    private static final List<String[]> COLUMNS = List.of(
            new String[] {"household", "id", "phone_cipher"},
            new String[] {"member", "id", "id_cipher"},
            new String[] {"account_state", "user_id", "phone_cipher"},
            new String[] {"case_event", "id", "comment"},
            new String[] {"case_event", "id", "details"});

    private final JdbcTemplate jdbc;
    private final PiiCipher cipher;
    private final ChunkedWalk walk;
    private final ApplicationContext context;
    private final boolean command;

    PiiReencryption(JdbcTemplate jdbc, PiiCipher cipher, PlatformTransactionManager transactions, ApplicationContext context,
                    @Value("${relocation.pii.reencrypt:false}") boolean command) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.walk = new ChunkedWalk(jdbc, transactions);
        this.context = context;
        this.command = command;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!command) {
            return;
        }
        int changed = reencrypt(cipher, Integer.MAX_VALUE);
        log.info("re-encryption done: {} values moved to the current key; every value is under it now", changed);
        System.exit(SpringApplication.exit(context, () -> 0));
    }

    /** Values not under {@code target}'s current key yet, per column ("household.phone_cipher" → count). */
    public Map<String, Integer> remaining(PiiCipher target) {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (String[] c : COLUMNS) {
            out.put(c[0] + "." + c[2], jdbc.queryForObject("SELECT COUNT(*) FROM " + c[0] + " WHERE " + c[2] + " IS NOT NULL AND "
                    + c[2] + " NOT LIKE ?", Integer.class, target.currentPrefix() + "%"));
        }
        return out;
    }

    /**
     * Re-encrypts with {@code target}'s current key, at most {@code maxChunks} chunks (a stop half-way, for tests);
     * returns how many values were re-encrypted. Case history text still in the clear (written before V016, or by an
     * older node during an upgrade) is encrypted on the way.
     */
    public int reencrypt(PiiCipher target, int maxChunks) {
        int[] total = {0};
        int chunks = 0;
        for (String[] c : COLUMNS) {
            String table = c[0], key = c[1], column = c[2];
            String update = "UPDATE " + table + " SET " + column + " = ? WHERE " + key + " = ? AND " + column + " = ?";
            chunks += walk.walk("SELECT " + key + ", " + column + " FROM " + table + " WHERE " + key + " > ? AND " + column + " IS NOT NULL AND "
                            + column + " NOT LIKE ? ORDER BY " + key, (rs, i) -> new Stored(rs.getObject(1), rs.getString(2)), Stored::key,
                    "user_id".equals(key) ? "" : 0L, maxChunks - chunks, rows -> {
                        for (Stored r : rows) {
                            // each value is replaced only if nobody changed it in between
                            total[0] += jdbc.update(update, target.encrypt(target.decryptText(r.value())), r.key(), r.value());
                        }
                        log.info("re-encrypted {}.{} up to {} {} ({} so far)", table, column, key, rows.get(rows.size() - 1).key(), total[0]);
                    }, target.currentPrefix() + "%");
        }
        return total[0];
    }

    private record Stored(Object key, String value) {
    }
}
