package cn.jingyuan.relocation.worklist;

import cn.jingyuan.relocation.shared.Coded;

/** What a {@link StepNotice} tells its recipients; the codes are the contract's notification {@code type}s. */
public enum NoticeType implements Coded {
    TASK_NEW("新待办"),
    RETURNED("被退回"),
    URGED("催办"),
    COPIED("抄送"),
    DUE_SOON("即将到期"),
    OVERDUE("已逾期"),
    DELEGATED("委派"),
    COSIGN("加签");

    private final String label;

    NoticeType(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
