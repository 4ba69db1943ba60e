package cn.jingyuan.relocation.household.internal;

/** The columns of a ledger (台账), one row per person, in the order exports write them. */
public enum LedgerColumn {
    PLAN_YEAR("计划年度", true),
    TOWNSHIP("乡镇", true),
    VILLAGE("村", true),
    GROUP("组", false),
    HAZARD_SITE("隐患点编号", false),
    CATEGORY("搬迁类别", true),
    RISK_LEVEL("风险等级", true),
    HEAD_ID("户主身份证号", true),
    NAME("姓名", true),
    ID_NUMBER("身份证号", true),
    RELATION("与户主关系", true),
    PHONE("联系电话", false),
    DECLARED_SIZE("家庭人口", false),
    MODE("安置方式", false),
    REMARKS("备注", false);

    public static final String HEAD_RELATION = "户主";

    private final String header;
    private final boolean requiredColumn;

    LedgerColumn(String header, boolean requiredColumn) {
        this.header = header;
        this.requiredColumn = requiredColumn;
    }

    public String header() {
        return header;
    }

    /** Whether a file without this column is refused outright. */
    public boolean requiredColumn() {
        return requiredColumn;
    }
}
