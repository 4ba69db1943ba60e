package cn.jingyuan.relocation.household;

import cn.jingyuan.relocation.shared.Coded;

/** 灾种 of a hazard site. */
public enum HazardType implements Coded {
    LANDSLIDE("滑坡"),
    COLLAPSE("崩塌"),
    DEBRIS_FLOW("泥石流"),
    GROUND_SUBSIDENCE("地面塌陷");

    private final String label;

    HazardType(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
