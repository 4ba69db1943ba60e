package cn.jingyuan.relocation.worklist.internal;

import java.time.LocalDateTime;
import java.util.List;

import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;

/** The keyset cursor of the task list as text: {@code <due>~<created>~<id>}, the due part empty for none. */
public final class TodoCursor {

    private TodoCursor() {
    }

    public static String of(TaskRow last) {
        return (last.due == null ? "" : last.due.toString()) + "~" + last.created + "~" + last.id;
    }

    public static TaskFilter.Cursor parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.split("~", 3);
        try {
            return new TaskFilter.Cursor(parts[0].isEmpty() ? null : LocalDateTime.parse(parts[0]), LocalDateTime.parse(parts[1]),
                    parts[2]);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("after 不是有效的翻页标记 (after is not a cursor of this list)",
                    List.of(new FieldError(null, "after", text, "无效的翻页标记")));
        }
    }
}
