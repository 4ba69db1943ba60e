package cn.jingyuan.relocation.household;

/** Dates the case process records on the household; statistics count from them. */
public enum Milestone {
    MOVED_IN("moved_in_date"),
    DEMOLISHED("demolished_date"),
    RECLAIMED("reclaimed_date"),
    ACCEPTED("accepted_date"),
    ARCHIVED("archived_date");

    private final String column;

    Milestone(String column) {
        this.column = column;
    }

    String column() {
        return column;
    }
}
