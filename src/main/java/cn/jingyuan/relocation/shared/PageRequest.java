package cn.jingyuan.relocation.shared;

/** A validated page request: page 0-based, size 1..500 (default 50). */
public record PageRequest(int page, int size) {

    public PageRequest {
        if (page < 0) {
            throw ApiException.badRequest("page 不能为负数 (page must be >= 0)");
        }
        if (size < 1 || size > PageResult.MAX_SIZE) {
            throw ApiException.badRequest("size 应在1到500之间 (size must be between 1 and 500)");
        }
    }

    public static PageRequest of(Integer page, Integer size) {
        return new PageRequest(page == null ? 0 : page, size == null ? 50 : size);
    }

    public int offset() {
        return page * size;
    }
}
