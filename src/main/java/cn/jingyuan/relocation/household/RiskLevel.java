package cn.jingyuan.relocation.household;

import cn.jingyuan.relocation.shared.Coded;

/** 风险等级 of a hazard site or risk zone. */
public enum RiskLevel implements Coded {
    EXTREMELY_HIGH("极高"),
    HIGH("高"),
    MEDIUM("中"),
    LOW("低");

    private final String label;

    RiskLevel(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
