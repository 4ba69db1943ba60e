package cn.jingyuan.relocation.layout;

import java.util.List;

/**
 * What the shared layout (templates/fragments/layout.html) shows around every page: who is logged in (name,
 * township, roles in Chinese), the unread messages and the navigation with the current entry marked.
 */
public record LayoutModel(String displayName, String townshipName, String roleLabel, long unread, List<Entry> nav) {

    public record Entry(String label, String path, boolean active) {
    }
}
