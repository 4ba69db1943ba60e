package cn.jingyuan.relocation.household;

import java.util.EnumSet;
import java.util.Set;

import cn.jingyuan.relocation.shared.Coded;

/** The stage of a household's relocation case, in process order, then the ways a case ends early. */
public enum Stage implements Coded {
    IDENTIFIED("摸底认定"),
    APPLICATION("自愿申请"),
    PUBLIC_NOTICE("村级评议公示"),
    TOWNSHIP_REVIEW("乡镇审核"),
    COUNTY_REVIEW("县级审定"),
    AWAITING_BATCH_APPROVAL("待领导审批"),
    AGREEMENT("签订搬迁协议"),
    RESETTLEMENT("建房购房"),
    MOVE_IN("搬迁入住"),
    DEMOLITION("旧房拆除"),
    RECLAMATION("宅基地复垦"),
    ACCEPTANCE("验收"),
    PAYMENT("补助资金拨付"),
    ARCHIVED("归档办结"),
    DECLINED("不愿搬迁"),
    REJECTED("不予认定"),
    WITHDRAWN("撤销");

    /** Stages at which a case is no longer open (DECLINED can be reopened by the officer). */
    public static final Set<Stage> CLOSED = EnumSet.of(ARCHIVED, DECLINED, REJECTED, WITHDRAWN);

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public boolean isClosed() {
        return CLOSED.contains(this);
    }

    /** Stages from MOVE_IN's completion on: the household has moved in. */
    public boolean isMovedIn() {
        return ordinal() > MOVE_IN.ordinal() && ordinal() <= ARCHIVED.ordinal();
    }
}
