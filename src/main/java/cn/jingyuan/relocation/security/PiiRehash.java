package cn.jingyuan.relocation.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Rotation of the lookup-hash key ({@code relocation.pii.hash-key}): every identity number's keyed hash
 * ({@code member.id_hash}, {@code member.active_id_hash}, {@code household.head_id_hash}) is recomputed under the new
 * key from the decrypted number, in chunks of {@value #CHUNK} members, each its own transaction ({@link ChunkedWalk}).
 * Run as a command with the nodes stopped (a lookup by a node that still hashes with the old key would find nobody): the application
 * with the new key as {@code relocation.pii.hash-key}, the old one as {@code relocation.pii.previous-hash-key} and
 * {@code relocation.pii.rehash=true}; it exits when done. Resumable and idempotent: a value is replaced only while it
 * is still the old key's hash, so a run stopped half-way goes on where it stopped and a second run changes nothing.
 */
@Component
@Order(101)
public class PiiRehash implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(PiiRehash.class);
    static final int CHUNK = ChunkedWalk.CHUNK;

    private final JdbcTemplate jdbc;
    private final PiiCipher cipher;
    private final ChunkedWalk walk;
    private final ApplicationContext context;
    private final Environment environment;
    private final PiiProperties properties;
    private final boolean command;
    private final String previousHashKey;

    PiiRehash(JdbcTemplate jdbc, PiiCipher cipher, PlatformTransactionManager transactions, ApplicationContext context, Environment environment,
              PiiProperties properties, @Value("${relocation.pii.rehash:false}") boolean command,
              @Value("${relocation.pii.previous-hash-key:}") String previousHashKey) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.walk = new ChunkedWalk(jdbc, transactions);
        this.context = context;
        this.environment = environment;
        this.properties = properties;
        this.command = command;
        this.previousHashKey = previousHashKey;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!command) {
            return;
        }
        if (previousHashKey == null || previousHashKey.isBlank()) {
            throw new IllegalStateException("relocation.pii.rehash=true needs the old key as relocation.pii.previous-hash-key");
        }
        PiiCipher from = new PiiCipher(new PiiProperties(properties.encryptionKey(), previousHashKey, properties.previousEncryptionKeys()),
                environment);
        Result r = rehash(from, cipher, Integer.MAX_VALUE);
        log.info("re-hashing done: {} people and {} households moved to the new hash key, {} already under it", r.members(),
                r.households(), r.alreadyNew());
        System.exit(SpringApplication.exit(context, () -> 0));
    }

    /** What a run did: members and households whose hashes it moved, and members it found under the new key already. */
    public record Result(int members, int households, int alreadyNew) {
    }

    /**
     * Moves every hash from {@code from}'s key to {@code to}'s, at most {@code maxChunks} chunks (a stop half-way, for
     * tests). Both must decrypt the stored numbers.
     */
    public Result rehash(PiiCipher from, PiiCipher to, int maxChunks) {
        int[] done = new int[3];
        walk.walk("SELECT id, id_cipher, id_hash FROM member WHERE id > ? ORDER BY id", (rs, i) -> new Person(rs.getLong(1), rs.getString(2),
                rs.getString(3)), Person::id, 0L, maxChunks, rows -> {
                    for (Person r : rows) {
                        String plain = to.decrypt(r.cipher());
                        String fresh = to.hash(plain);
                        String old = from.hash(plain);
                        if (fresh.equals(r.hash())) {
                            done[2]++;
                        } else if (old.equals(r.hash())) {
                            done[0] += jdbc.update("UPDATE member SET id_hash = ?, active_id_hash = CASE WHEN active_id_hash IS NULL THEN NULL ELSE ? END"
                                    + " WHERE id = ? AND id_hash = ?", fresh, fresh, r.id(), old);
                        } else {
                            log.warn("member {}: its hash is under neither key; left as it is", r.id());
                        }
                        // the households this person heads, wherever they still carry the old hash
                        done[1] += jdbc.update("UPDATE household SET head_id_hash = ? WHERE head_id_hash = ?", fresh, old);
                    }
                    log.info("re-hashed members up to id {} ({} people, {} households so far)", rows.get(rows.size() - 1).id(), done[0], done[1]);
                });
        return new Result(done[0], done[1], done[2]);
    }

    private record Person(long id, String cipher, String hash) {
    }
}
