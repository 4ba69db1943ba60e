package cn.jingyuan.relocation.household.internal;

import java.util.Map;
import java.util.function.UnaryOperator;

import cn.jingyuan.relocation.shared.IdCardNumber;

/**
 * The keyed hashes of the identity numbers of one registration, each computed once: a ledger's are computed up
 * front on every core ({@link HouseholdStore#keys}), and the lookups, the comparison with stored members and the
 * rows written all read them from here.
 */
public final class PersonKeys {

    private final Map<String, String> hashes;
    private final UnaryOperator<String> hash;

    PersonKeys(Map<String, String> hashes, UnaryOperator<String> hash) {
        this.hashes = hashes;
        this.hash = hash;
    }

    public String of(IdCardNumber id) {
        String h = hashes.get(id.value());
        return h != null ? h : hash.apply(id.value());
    }
}
