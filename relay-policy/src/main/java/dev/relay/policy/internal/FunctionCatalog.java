package dev.relay.policy.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The PostgreSQL functions Relay blocks by default, grouped by family, and the curated catalog of
 * functions accepted in {@code functionPolicy: allowlist} mode. Names are compared after
 * normalisation: lower case, quotes removed, Unicode escapes decoded, schema prefix dropped (a
 * blocked name is blocked in every schema). {@code docs/security.md} lists the same families.
 */
public final class FunctionCatalog {

    /** A family of dangerous functions and why it is blocked. */
    public enum Family {
        SLEEP("sleeping", "holds a connection and a worker for as long as it asks: denial of service"),
        FILE_ACCESS("file access", "reads, lists or writes files on the database server"),
        LARGE_OBJECT("large objects", "imports/exports server files and creates or changes large objects"),
        DYNAMIC_SQL("dynamic SQL", "runs a query given as text, out of the validator's sight"),
        SIGNAL_ADMIN("server signalling and administration", "cancels or kills sessions, reloads config, switches WAL, manages replication and backups"),
        ADVISORY_LOCK("advisory locks", "takes locks other sessions wait on; they survive the query"),
        SEQUENCE("sequence changes", "advances or sets sequences; not rolled back"),
        SETTINGS("settings changes", "changes session or server settings (search_path, role, timeouts)"),
        REMOTE("remote connections", "opens connections to other servers and runs commands there"),
        WRITES("writes in read-only transactions", "writes WAL, notifies, assigns transaction ids or changes index state even inside a READ ONLY transaction");

        private final String label;
        private final String risk;

        Family(String label, String risk) {
            this.label = label;
            this.risk = risk;
        }

        public String label() {
            return label;
        }

        public String risk() {
            return risk;
        }
    }

    private static final Map<String, Family> EXACT = new LinkedHashMap<>();
    private static final Map<String, Family> PREFIX = new LinkedHashMap<>();

    static {
        exact(Family.SLEEP, "pg_sleep", "pg_sleep_for", "pg_sleep_until");
        exact(Family.FILE_ACCESS, "pg_read_file", "pg_read_binary_file", "pg_write_file", "pg_ls_dir", "pg_stat_file",
                "pg_ls_logdir", "pg_ls_waldir", "pg_ls_tmpdir", "pg_ls_archive_statusdir", "pg_ls_logicalsnapdir",
                "pg_ls_logicalmapdir", "pg_ls_replslotdir", "pg_ls_summariesdir", "pg_current_logfile", "pg_file_write",
                "pg_file_rename", "pg_file_unlink", "pg_file_sync", "pg_logdir_ls", "pg_file_read", "pg_file_length",
                "pg_show_all_file_settings", "pg_hba_file_rules", "pg_ident_file_mappings");
        prefix(Family.FILE_ACCESS, "pg_read_", "pg_ls_", "pg_file_");
        exact(Family.LARGE_OBJECT, "lo_import", "lo_export", "lo_create", "lo_creat", "lo_unlink", "lo_open", "lo_close",
                "lo_put", "lo_get", "lo_from_bytea", "lo_truncate", "lo_truncate64", "lo_lseek", "lo_lseek64", "lo_tell",
                "lo_tell64", "loread", "lowrite");
        prefix(Family.LARGE_OBJECT, "lo_");
        exact(Family.DYNAMIC_SQL, "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema", "query_to_json",
                "table_to_xml", "table_to_xmlschema", "table_to_xml_and_xmlschema", "schema_to_xml", "schema_to_xmlschema",
                "schema_to_xml_and_xmlschema", "database_to_xml", "database_to_xmlschema", "database_to_xml_and_xmlschema",
                "cursor_to_xml", "cursor_to_xmlschema", "ts_stat", "ts_rewrite", "xpath_table", "crosstab", "crosstab2",
                "crosstab3", "crosstab4", "connectby");
        prefix(Family.DYNAMIC_SQL, "query_to_", "table_to_xml", "schema_to_xml", "database_to_xml", "cursor_to_xml");
        exact(Family.SIGNAL_ADMIN, "pg_terminate_backend", "pg_cancel_backend", "pg_signal_backend", "pg_reload_conf",
                "pg_rotate_logfile", "pg_rotate_logfile_old", "pg_switch_wal", "pg_switch_xlog", "pg_create_restore_point",
                "pg_start_backup", "pg_stop_backup", "pg_backup_start", "pg_backup_stop", "pg_promote",
                "pg_wal_replay_pause", "pg_wal_replay_resume", "pg_xlog_replay_pause", "pg_xlog_replay_resume",
                "pg_log_backend_memory_contexts", "pg_create_physical_replication_slot",
                "pg_create_logical_replication_slot", "pg_drop_replication_slot", "pg_copy_physical_replication_slot",
                "pg_copy_logical_replication_slot", "pg_replication_slot_advance", "pg_logical_slot_get_changes",
                "pg_logical_slot_get_binary_changes", "pg_logical_slot_peek_changes",
                "pg_logical_slot_peek_binary_changes", "pg_import_system_collations", "pg_prewarm",
                "pg_truncate_visibility_map", "pg_check_frozen", "pg_check_visible", "pg_sync_replication_slots",
                "pg_log_standby_snapshot", "pg_stat_statements_reset", "pg_stat_reset", "pg_stat_reset_shared",
                "pg_stat_reset_single_table_counters", "pg_stat_reset_single_function_counters", "pg_stat_reset_slru",
                "pg_stat_reset_replication_slot", "pg_stat_reset_subscription_stats", "pg_stat_reset_backend_stats",
                "pg_clear_attribute_stats", "pg_clear_relation_stats", "pg_restore_attribute_stats",
                "pg_restore_relation_stats", "pg_set_attribute_stats", "pg_set_relation_stats");
        prefix(Family.SIGNAL_ADMIN, "pg_stat_reset", "pg_replication_origin_", "pg_logical_slot_", "binary_upgrade_",
                "pg_create_", "pg_drop_", "pg_copy_", "pg_wal_replay_", "pg_xlog_replay_");
        exact(Family.ADVISORY_LOCK, "pg_advisory_lock", "pg_advisory_lock_shared", "pg_advisory_unlock",
                "pg_advisory_unlock_shared", "pg_advisory_unlock_all", "pg_advisory_xact_lock",
                "pg_advisory_xact_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared",
                "pg_try_advisory_xact_lock", "pg_try_advisory_xact_lock_shared");
        prefix(Family.ADVISORY_LOCK, "pg_advisory_", "pg_try_advisory_");
        exact(Family.SEQUENCE, "nextval", "setval");
        exact(Family.SETTINGS, "set_config", "setseed", "set_limit");
        exact(Family.REMOTE, "dblink", "dblink_exec", "dblink_connect", "dblink_connect_u", "dblink_disconnect",
                "dblink_open", "dblink_fetch", "dblink_close", "dblink_send_query", "dblink_get_result",
                "dblink_get_connections", "dblink_is_busy", "dblink_cancel_query", "dblink_error_message",
                "dblink_get_notify", "dblink_build_sql_insert", "dblink_build_sql_update", "dblink_build_sql_delete",
                "postgres_fdw_disconnect", "postgres_fdw_disconnect_all", "postgres_fdw_get_connections");
        prefix(Family.REMOTE, "dblink", "postgres_fdw_");
        exact(Family.WRITES, "pg_notify", "txid_current", "pg_current_xact_id", "pg_logical_emit_message",
                "pg_export_snapshot", "pg_import_snapshot", "pg_xact_commit_timestamp_origin", "brin_summarize_new_values",
                "brin_summarize_range", "brin_desummarize_range", "gin_clean_pending_list", "pg_stat_force_next_flush",
                "lo_manage");
    }

    private static void exact(Family family, String... names) {
        for (String name : names) {
            EXACT.put(name, family);
        }
    }

    private static void prefix(Family family, String... prefixes) {
        for (String p : prefixes) {
            PREFIX.put(p, family);
        }
    }

    private FunctionCatalog() {
    }

    /** The family a normalised function name belongs to, if it is blocked by default. */
    public static Optional<Family> blockedFamily(String normalisedName) {
        Family exact = EXACT.get(normalisedName);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (Map.Entry<String, Family> e : PREFIX.entrySet()) {
            if (normalisedName.startsWith(e.getKey())) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** Every exactly-named blocked function, by family (for documentation and tests). */
    public static Map<String, Family> blockedByName() {
        return Map.copyOf(EXACT);
    }

    /** Blocked name prefixes, by family. */
    public static Map<String, Family> blockedPrefixes() {
        return Map.copyOf(PREFIX);
    }

    /** True when {@code normalisedName} is in the curated allowlist catalog. */
    public static boolean inSafeCatalog(String normalisedName) {
        return SAFE.contains(normalisedName);
    }

    /** The curated catalog of functions accepted in {@code functionPolicy: allowlist} mode. */
    public static Set<String> safeCatalog() {
        return SAFE;
    }

    private static final Set<String> SAFE = Set.copyOf(List.of(
            // aggregates
            "count", "sum", "avg", "min", "max", "bool_and", "bool_or", "every", "string_agg", "array_agg",
            "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "stddev", "stddev_pop", "stddev_samp",
            "variance", "var_pop", "var_samp", "percentile_cont", "percentile_disc", "mode", "corr", "covar_pop",
            "covar_samp", "regr_slope", "regr_intercept", "regr_count", "regr_r2", "bit_and", "bit_or", "any_value",
            // window
            "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value",
            "last_value", "nth_value",
            // conditional
            "coalesce", "nullif", "greatest", "least",
            // math
            "abs", "ceil", "ceiling", "floor", "round", "trunc", "mod", "power", "pow", "sqrt", "cbrt", "exp", "ln",
            "log", "log10", "sign", "div", "width_bucket", "random", "pi", "degrees", "radians", "gcd", "lcm",
            "scale", "trim_scale", "to_number",
            // strings
            "length", "char_length", "character_length", "octet_length", "bit_length", "lower", "upper", "initcap",
            "trim", "btrim", "ltrim", "rtrim", "lpad", "rpad", "substr", "substring", "left", "right", "position",
            "strpos", "replace", "translate", "concat", "concat_ws", "split_part", "reverse", "repeat", "format",
            "md5", "sha256", "sha512", "encode", "decode", "ascii", "chr", "quote_ident", "quote_literal",
            "quote_nullable", "regexp_match", "regexp_matches", "regexp_replace", "regexp_split_to_array",
            "regexp_split_to_table", "regexp_count", "regexp_like", "regexp_instr", "regexp_substr", "starts_with",
            "to_char", "string_to_array", "array_to_string", "unnest", "overlay", "normalize", "unistr",
            // date and time
            "now", "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
            "clock_timestamp", "statement_timestamp", "transaction_timestamp", "date_trunc", "date_part",
            "date_bin", "extract", "age", "to_date", "to_timestamp", "make_date", "make_time", "make_timestamp",
            "make_timestamptz", "make_interval", "justify_days", "justify_hours", "justify_interval", "isfinite",
            "timezone", "date_add", "date_subtract", "generate_series",
            // json and jsonb
            "to_json", "to_jsonb", "json_build_object", "jsonb_build_object", "json_build_array", "jsonb_build_array",
            "json_object", "jsonb_object", "json_array_length", "jsonb_array_length", "json_each", "jsonb_each",
            "json_each_text", "jsonb_each_text", "json_extract_path", "jsonb_extract_path", "json_extract_path_text",
            "jsonb_extract_path_text", "json_object_keys", "jsonb_object_keys", "json_array_elements",
            "jsonb_array_elements", "json_array_elements_text", "jsonb_array_elements_text", "json_typeof",
            "jsonb_typeof", "jsonb_strip_nulls", "json_strip_nulls", "jsonb_pretty", "jsonb_path_query",
            "jsonb_path_query_array", "jsonb_path_query_first", "jsonb_path_exists", "jsonb_path_match",
            "jsonb_set", "jsonb_insert", "jsonb_exists", "jsonb_exists_any", "jsonb_exists_all", "row_to_json",
            "json_populate_record", "jsonb_populate_record", "json_to_record", "jsonb_to_record",
            "json_to_recordset", "jsonb_to_recordset", "array_to_json", "json_scalar", "json_serialize",
            // arrays
            "array_length", "array_upper", "array_lower", "array_ndims", "array_dims", "cardinality",
            "array_append", "array_prepend", "array_cat", "array_remove", "array_replace", "array_position",
            "array_positions", "array_fill", "trim_array", "array_sample", "array_shuffle",
            // misc safe
            "cast", "bool", "int4", "int8", "text", "numeric", "float8", "date", "timestamp", "timestamptz",
            "interval", "gen_random_uuid", "uuid_generate_v4", "num_nulls", "num_nonnulls", "pg_typeof",
            "grouping", "version", "current_database", "current_schema", "current_user", "session_user",
            "host", "network", "masklen", "inet_same_family", "family", "abbrev", "tsvector_to_array",
            "to_tsvector", "to_tsquery", "plainto_tsquery", "phraseto_tsquery", "websearch_to_tsquery", "ts_rank",
            "ts_rank_cd", "ts_headline", "similarity", "lower_inc", "upper_inc", "isempty", "range_merge"));
}
