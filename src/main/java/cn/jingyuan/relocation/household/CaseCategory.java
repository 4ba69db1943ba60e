package cn.jingyuan.relocation.household;

import cn.jingyuan.relocation.shared.Coded;

/** 搬迁类别: why the household must move. */
public enum CaseCategory implements Coded {
    HAZARD_POINT("隐患点威胁"),
    RISK_ZONE("风险区管控"),
    WHOLE_VILLAGE("整村搬迁"),
    OTHER("其他");

    private final String label;

    CaseCategory(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
