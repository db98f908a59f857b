## Valid, harmless PostgreSQL that JSqlParser 5.3 cannot parse. Relay rejects these with
## QUERY_BLOCKED "query could not be parsed ..." (fail closed). Kept as data so a parser upgrade
## that starts accepting them is noticed (move them to postgres-benign.sql then).
WITH x AS NOT MATERIALIZED (SELECT id FROM customers) SELECT count(*) FROM x
----
SELECT inet '10.0.0.1' << inet '10.0.0.0/8' AS in_private_range
----
SELECT 'ab' < 'b' COLLATE "C"
----
SELECT 1 # 3
----
SELECT host(inet '10.0.0.1')
----
SELECT email FROM customers ORDER BY email COLLATE "C" LIMIT 3
