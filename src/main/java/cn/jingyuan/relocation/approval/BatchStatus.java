package cn.jingyuan.relocation.approval;

import cn.jingyuan.relocation.shared.Coded;

/** Where a batch stands: waiting for the deputy county head, then (when large) the county head, then decided. */
public enum BatchStatus implements Coded {
    PENDING_DEPUTY("待分管副县长审批"),
    PENDING_HEAD("待县长审批"),
    APPROVED("已批准"),
    REJECTED("已退回"),
    WITHDRAWN("已撤回");

    private final String label;

    BatchStatus(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public boolean isOpen() {
        return this == PENDING_DEPUTY || this == PENDING_HEAD;
    }
}
