package cn.jingyuan.relocation.household;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.internal.ReferenceMapper;
import cn.jingyuan.relocation.shared.ApiException;

/** The county's seven townships, read once: they are reference data and change only by migration. */
@Component
public class TownshipDirectory {

    private final ReferenceMapper references;
    private volatile List<Township> all;

    TownshipDirectory(ReferenceMapper references) {
        this.references = references;
    }

    public List<Township> all() {
        List<Township> t = all;
        if (t == null) {
            t = List.copyOf(references.findTownships());
            all = t;
        }
        return t;
    }

    /** By 9-digit code, Chinese name or slug. */
    public Optional<Township> find(String codeNameOrSlug) {
        if (codeNameOrSlug == null || codeNameOrSlug.isBlank()) {
            return Optional.empty();
        }
        String s = codeNameOrSlug.strip();
        return all().stream().filter(t -> t.code().equals(s) || t.name().equals(s) || t.slug().equals(s)).findFirst();
    }

    /** Like {@link #find} but a 400 naming the value when it is not a township of the county. */
    public Township require(String codeNameOrSlug) {
        return find(codeNameOrSlug).orElseThrow(() -> ApiException.badRequest("未知乡镇:" + codeNameOrSlug
                + " (not a township of 泾源县; use a name such as 黄花乡 or a 9-digit code)"));
    }

    public Township byCode(String code) {
        return byCode().get(code);
    }

    private Map<String, Township> byCode() {
        return all().stream().collect(Collectors.toMap(Township::code, Function.identity()));
    }
}
