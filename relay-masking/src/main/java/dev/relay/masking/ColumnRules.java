package dev.relay.masking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Column rules indexed by lower-cased column path. */
final class ColumnRules {
    private final Map<String, List<MaskingConfig.ColumnRule>> byColumn = new HashMap<>();

    ColumnRules(List<MaskingConfig.ColumnRule> rules) {
        for (MaskingConfig.ColumnRule r : rules) {
            byColumn.computeIfAbsent(r.column().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(r);
        }
    }

    boolean isEmpty() {
        return byColumn.isEmpty();
    }

    MaskingConfig.@Nullable ColumnRule match(MaskScope scope) {
        String path = scope.path();
        if (path == null) {
            return null;
        }
        List<MaskingConfig.ColumnRule> candidates = byColumn.get(path.toLowerCase(Locale.ROOT));
        if (candidates == null) {
            return null;
        }
        for (MaskingConfig.ColumnRule r : candidates) {
            // an unknown resource or table applies the rule: fail towards masking
            if (r.resource() != null && scope.resource() != null && !r.resource().equals(scope.resource())) {
                continue;
            }
            if (tableMatches(r.table(), scope.table())) {
                return r;
            }
        }
        return null;
    }

    private static boolean tableMatches(@Nullable String rule, @Nullable String actual) {
        if (rule == null || actual == null) {
            return true;
        }
        if (rule.equalsIgnoreCase(actual)) {
            return true;
        }
        // "users" matches "public.users"; "public.users" matches "users"
        String a = actual.toLowerCase(Locale.ROOT);
        String r = rule.toLowerCase(Locale.ROOT);
        return a.endsWith("." + r) || r.endsWith("." + a);
    }
}
