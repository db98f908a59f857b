package dev.relay.policy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code tables.allow} / {@code tables.deny}: schema-qualified globs ({@code *} any run of
 * characters except {@code .}, {@code ?} one character), compared case-insensitively.
 * A pattern without a dot matches that name in every schema. Deny wins over allow; a non-empty
 * allow list admits only what it matches. An unqualified table in a query matches a deny pattern
 * in any schema (the search path is not known here), and an allow pattern only for the default
 * schema ({@code public} for PostgreSQL).
 */
public final class TableRules {

    private static final TableRules NONE = new TableRules(List.of(), List.of(), null);

    /**
     * PostgreSQL relations that hold credentials or expose the server's own configuration files,
     * refused whatever {@code tables.allow} says: a relay whose role was (wrongly) made superuser
     * must still not hand out password hashes, foreign-server passwords or pg_hba.conf. Checked by
     * name in {@code pg_catalog} (and unqualified: PostgreSQL searches {@code pg_catalog} first)
     * and in {@code information_schema} for the user-mapping views.
     */
    private static final java.util.Set<String> CREDENTIAL_CATALOGS = java.util.Set.of(
            "pg_authid", "pg_shadow", "pg_user_mapping", "pg_user_mappings", "pg_largeobject",
            "pg_hba_file_rules", "pg_ident_file_mappings", "pg_file_settings");
    private static final java.util.Set<String> CREDENTIAL_INFORMATION_SCHEMA = java.util.Set.of(
            "user_mapping_options", "user_mappings");

    private final List<String> allow;
    private final List<String> deny;
    private final List<Pattern[]> allowPatterns;
    private final List<Pattern[]> denyPatterns;

    private final @org.jspecify.annotations.Nullable String defaultSchema;

    private TableRules(List<String> allow, List<String> deny, @org.jspecify.annotations.Nullable String defaultSchema) {
        this.defaultSchema = defaultSchema;
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
        this.allowPatterns = compile(allow);
        this.denyPatterns = compile(deny);
    }

    public static TableRules none() {
        return NONE;
    }

    /**
     * Rules from globs. {@code defaultSchema} is the schema an unqualified name is assumed to be in
     * for the allow list ({@code public} for PostgreSQL); null means "any" (MongoDB collections,
     * whose database the connector knows).
     */
    public static TableRules of(List<String> allow, List<String> deny,
            @org.jspecify.annotations.Nullable String defaultSchema) {
        return allow.isEmpty() && deny.isEmpty() ? NONE : new TableRules(allow, deny, defaultSchema);
    }

    /** A problem with one glob, or empty when it is valid. */
    public static Optional<String> checkGlob(String glob) {
        if (glob.isBlank()) {
            return Optional.of("must not be blank");
        }
        String[] parts = glob.split("\\.", -1);
        if (parts.length > 2) {
            return Optional.of("must be 'table' or 'schema.table' (got " + parts.length + " parts)");
        }
        for (String p : parts) {
            if (p.isEmpty()) {
                return Optional.of("has an empty schema or table part");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code schema.name} (schema null when unqualified; names already normalised) is one
     * of the built-in credential relations that no configuration can permit.
     */
    public static boolean isCredentialCatalog(@org.jspecify.annotations.Nullable String schema, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        String s = schema == null ? null : schema.toLowerCase(Locale.ROOT);
        if ((s == null || s.equals("pg_catalog")) && CREDENTIAL_CATALOGS.contains(n)) {
            return true;
        }
        return "information_schema".equals(s) && CREDENTIAL_INFORMATION_SCHEMA.contains(n);
    }

    public boolean isEmpty() {
        return allow.isEmpty() && deny.isEmpty();
    }

    /**
     * Whether a table is permitted. {@code schema} is null when the query did not qualify the
     * name. Names are already normalised (unquoted; unquoted identifiers folded to lower case).
     */
    public boolean permits(@org.jspecify.annotations.Nullable String schema, String name) {
        if (isEmpty()) {
            return true;
        }
        for (Pattern[] p : denyPatterns) {
            if (matches(p, schema, name, true)) {
                return false;
            }
        }
        if (allowPatterns.isEmpty()) {
            return true;
        }
        for (Pattern[] p : allowPatterns) {
            if (matches(p, schema == null ? defaultSchema : schema, name, true)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #permits(String, String)} for {@code schema.name} or a bare {@code name}. */
    public boolean permitsQualified(String qualified) {
        int dot = qualified.lastIndexOf('.');
        return dot < 0 ? permits(null, qualified) : permits(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    private static boolean matches(Pattern[] p, @org.jspecify.annotations.Nullable String schema, String name,
            boolean anySchemaWhenUnqualified) {
        if (!p[1].matcher(name.toLowerCase(Locale.ROOT)).matches()) {
            return false;
        }
        if (p[0] == null) {
            return true;
        }
        if (schema == null) {
            return anySchemaWhenUnqualified;
        }
        return p[0].matcher(schema.toLowerCase(Locale.ROOT)).matches();
    }

    private static List<Pattern[]> compile(List<String> globs) {
        List<Pattern[]> out = new ArrayList<>();
        for (String g : globs) {
            String lower = g.trim().toLowerCase(Locale.ROOT);
            int dot = lower.indexOf('.');
            Pattern schema = dot < 0 ? null : glob(lower.substring(0, dot));
            Pattern name = glob(dot < 0 ? lower : lower.substring(dot + 1));
            out.add(new Pattern[] {schema, name});
        }
        return List.copyOf(out);
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append("[^.]*");
                case '?' -> re.append("[^.]");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
