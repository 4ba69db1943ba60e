package cn.jingyuan.relocation.household;

import java.util.List;

/**
 * What a ledger import did: households {@code imported} (new), {@code updated} (changed), {@code unchanged};
 * {@code households} and {@code people} in the file; villages that did not exist yet and were added.
 */
public record ImportResult(int imported, int updated, int unchanged, int households, int people, List<String> newVillages) {
}
