package cn.jingyuan.relocation.annualplan;

import cn.jingyuan.relocation.shared.Coded;

/** 年度计划的状态. */
public enum PlanStatus implements Coded {
    PENDING_APPROVAL("待分管副县长审批"),
    RETURNED("退回修改"),
    APPROVED("已批准"),
    CLOSED("已结转办结");

    private final String label;

    PlanStatus(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
