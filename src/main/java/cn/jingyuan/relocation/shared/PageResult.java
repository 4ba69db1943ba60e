package cn.jingyuan.relocation.shared;

import java.util.List;
import java.util.function.Function;

/** One page of a list: {@code {items, total, page, size}}, page 0-based. */
public record PageResult<T>(List<T> items, long total, int page, int size) {

    public static final int MAX_SIZE = 500;

    public <R> PageResult<R> map(Function<? super T, R> f) {
        return new PageResult<>(items.stream().<R>map(f).toList(), total, page, size);
    }
}
