package cn.jingyuan.relocation.shared;

import java.util.Arrays;
import java.util.Optional;

/** A stable upper-case code with its Chinese label, as the contract wants for every code. */
public interface Coded {

    String name();

    String label();

    /** Finds the constant whose code or Chinese label is {@code text} (trimmed). */
    static <E extends Enum<E> & Coded> Optional<E> lookup(Class<E> type, String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        return Arrays.stream(type.getEnumConstants())
                .filter(e -> e.name().equals(t) || e.label().equals(t))
                .findFirst();
    }

    static <E extends Enum<E> & Coded> String labels(Class<E> type) {
        return String.join("、", Arrays.stream(type.getEnumConstants()).map(Coded::label).toList());
    }
}
