package cn.jingyuan.relocation.household;

import cn.jingyuan.relocation.shared.Coded;

/** 安置方式: how the household is resettled; optional until the agreement. */
public enum ResettlementMode implements Coded {
    UNIFIED_BUILD("统规统建"),
    SUBSIDY("补助安置"),
    SELF_BUILD("自建"),
    RELATIVES("投亲靠友");

    private final String label;

    ResettlementMode(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
