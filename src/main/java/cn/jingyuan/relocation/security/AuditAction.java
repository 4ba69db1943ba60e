package cn.jingyuan.relocation.security;

import cn.jingyuan.relocation.shared.Coded;

/** What an audit entry records. */
public enum AuditAction implements Coded {
    WRITE("写操作"),
    CREATE("新增"),
    UPDATE("修改"),
    IMPORT("导入台账"),
    EXPORT("导出(含完整身份证号)"),
    REVEAL("查看完整身份证号/电话"),
    LOGIN_FAILED("登录失败"),
    ACCOUNT_LOCKED("账号锁定"),
    DENIED("越权访问被拒绝");

    private final String label;

    AuditAction(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
