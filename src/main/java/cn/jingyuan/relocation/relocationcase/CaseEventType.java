package cn.jingyuan.relocation.relocationcase;

import cn.jingyuan.relocation.shared.Coded;

/** What happened to a case, as its history lists it. */
public enum CaseEventType implements Coded {
    CASE_OPENED("立案"),
    TASK_COMPLETED("办理"),
    OBJECTION_RAISED("收到公示异议"),
    BATCH_DECISION("领导批次审批"),
    WITHDRAWN("撤销"),
    REOPENED("重新开启"),
    CARRIED_OVER("年度结转"),
    DEMOLITION_OVERDUE("旧房拆除逾期"),
    ARCHIVED("归档"),
    DEMO_HISTORY("演示数据补录"),
    RETURNED("退回"),
    RECALLED("撤回"),
    TRANSFERRED("转办"),
    DELEGATED("委派"),
    RESOLVED("委派答复"),
    COSIGNED("加签"),
    COSIGNER_REMOVED("减签"),
    COSIGN_OPINION("加签意见"),
    URGED("催办"),
    COPIED("抄送");

    private final String label;

    CaseEventType(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
