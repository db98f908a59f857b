## Realistic analytics queries an investigating agent or analyst writes. Every one must be
## ACCEPTED by the default policy and must RUN on PostgreSQL against schema.sql.
## Format: records separated by a line holding only '----'; lines starting with '##' are ignored,
## except '## params: <JSON array>', the values bound to $1, $2... when the query is executed.
SELECT id, email, created_at FROM customers WHERE created_at > now() - interval '7 days'
----
SELECT count(*) FROM orders
----
SELECT status, count(*) AS n FROM orders GROUP BY status ORDER BY n DESC
----
SELECT * FROM orders WHERE id = 42
----
SELECT id, total FROM orders ORDER BY total DESC LIMIT 10
----
SELECT id, total FROM orders ORDER BY created_at DESC LIMIT 5000
----
SELECT id FROM orders ORDER BY id LIMIT 20 OFFSET 40
----
SELECT id FROM orders ORDER BY id OFFSET 10 ROWS FETCH FIRST 10 ROWS ONLY
----
SELECT id FROM orders ORDER BY id FETCH FIRST 5 ROWS ONLY
----
SELECT id FROM orders ORDER BY id LIMIT ALL
----
SELECT DISTINCT country FROM customers ORDER BY country
----
SELECT DISTINCT ON (customer_id) customer_id, id, created_at FROM orders ORDER BY customer_id, created_at DESC
----
SELECT c.id, c.email, o.id AS order_id, o.total
FROM customers c
JOIN orders o ON o.customer_id = c.id
WHERE o.status = 'paid'
ORDER BY o.total DESC
LIMIT 25
----
SELECT c.country, sum(o.total) AS revenue
FROM customers c
JOIN orders o ON o.customer_id = c.id
GROUP BY c.country
HAVING sum(o.total) > 100
ORDER BY revenue DESC
----
SELECT c.id, count(o.id) AS orders
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.id
GROUP BY c.id
ORDER BY orders DESC, c.id
----
SELECT o.id, p.name, oi.quantity, oi.unit_price * oi.quantity AS line_total
FROM orders o
INNER JOIN order_items oi ON oi.order_id = o.id
INNER JOIN products p ON p.id = oi.product_id
WHERE o.id BETWEEN 10 AND 20
----
SELECT p.category, sum(oi.quantity) AS units
FROM order_items oi JOIN products p USING (id)
GROUP BY p.category
----
SELECT o.id, pay.method FROM orders o FULL OUTER JOIN payments pay ON pay.order_id = o.id WHERE pay.id IS NULL OR o.id IS NULL
----
SELECT c.country, p.category FROM (SELECT DISTINCT country FROM customers) c CROSS JOIN (SELECT DISTINCT category FROM products) p
----
SELECT o.* FROM orders o RIGHT JOIN customers c ON c.id = o.customer_id WHERE c.status = 'suspended'
----
SELECT e.id, e.event_type FROM events e NATURAL JOIN (SELECT id FROM events WHERE id < 10) AS first_events
----
SELECT c.id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = 'cancelled')
----
SELECT c.id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)
----
SELECT id FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE total > 150)
----
SELECT id FROM customers WHERE id NOT IN (SELECT customer_id FROM support_tickets)
----
SELECT id, total, (SELECT avg(total) FROM orders) AS avg_total FROM orders WHERE total > (SELECT avg(total) FROM orders)
----
SELECT id FROM orders WHERE total > ALL (SELECT amount FROM payments WHERE refunded)
----
SELECT id FROM orders WHERE total = ANY (ARRAY[10.00, 13.25, 16.50])
----
WITH recent AS (
    SELECT * FROM orders WHERE created_at > timestamptz '2024-02-10'
)
SELECT status, count(*) FROM recent GROUP BY status
----
WITH per_customer AS (
    SELECT customer_id, sum(total) AS spent FROM orders GROUP BY customer_id
), ranked AS (
    SELECT customer_id, spent, rank() OVER (ORDER BY spent DESC) AS r FROM per_customer
)
SELECT c.email, r.spent, r.r FROM ranked r JOIN customers c ON c.id = r.customer_id WHERE r.r <= 10
----
WITH RECURSIVE chain AS (
    SELECT id, name, manager_id, 1 AS depth FROM analytics.employees WHERE manager_id IS NULL
    UNION ALL
    SELECT e.id, e.name, e.manager_id, chain.depth + 1 FROM analytics.employees e JOIN chain ON e.manager_id = chain.id
)
SELECT * FROM chain ORDER BY depth, id
----
WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 10) SELECT sum(n) FROM t
----
WITH orders AS (SELECT 1 AS id) SELECT * FROM orders
----
WITH x AS MATERIALIZED (SELECT id FROM customers WHERE country = 'BR') SELECT count(*) FROM x
----
WITH x AS (SELECT id, country FROM customers) SELECT country, count(*) FROM x GROUP BY country
----
SELECT id, total, row_number() OVER (PARTITION BY customer_id ORDER BY created_at) AS nth FROM orders
----
SELECT id, total, sum(total) OVER (ORDER BY created_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM orders ORDER BY created_at LIMIT 50
----
SELECT day, value, avg(value) OVER (PARTITION BY metric ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS ma7 FROM analytics.daily_metrics WHERE metric = 'orders'
----
SELECT id, lag(total) OVER w AS prev, lead(total) OVER w AS next FROM orders WINDOW w AS (PARTITION BY customer_id ORDER BY created_at)
----
SELECT customer_id, first_value(id) OVER (PARTITION BY customer_id ORDER BY created_at) AS first_order FROM orders
----
SELECT id, ntile(4) OVER (ORDER BY total) AS quartile FROM orders
----
SELECT id, percent_rank() OVER (ORDER BY total), cume_dist() OVER (ORDER BY total) FROM orders
----
SELECT id, dense_rank() OVER (PARTITION BY status ORDER BY total DESC) FROM orders
----
SELECT service, deployed_at, duration_ms - lag(duration_ms) OVER (PARTITION BY service ORDER BY deployed_at) AS delta FROM deployments
----
SELECT count(*) FILTER (WHERE status = 'paid') AS paid, count(*) FILTER (WHERE status = 'cancelled') AS cancelled FROM orders
----
SELECT country, status, count(*) FROM customers GROUP BY GROUPING SETS ((country), (status), ())
----
SELECT country, status, count(*) FROM customers GROUP BY ROLLUP (country, status)
----
SELECT country, status, count(*) FROM customers GROUP BY CUBE (country, status)
----
SELECT country, status, grouping(country, status), count(*) FROM customers GROUP BY ROLLUP (country, status)
----
SELECT c.id, last_orders.id, last_orders.total
FROM customers c
CROSS JOIN LATERAL (SELECT o.id, o.total FROM orders o WHERE o.customer_id = c.id ORDER BY o.created_at DESC LIMIT 3) AS last_orders
----
SELECT c.id, x.n FROM customers c LEFT JOIN LATERAL (SELECT count(*) AS n FROM events e WHERE e.customer_id = c.id) x ON true
----
SELECT c.id, t FROM customers c, LATERAL unnest(c.tags) AS t
----
SELECT metadata->>'plan' AS plan, count(*) FROM customers GROUP BY 1
----
SELECT id FROM customers WHERE metadata @> '{"plan": "pro"}'
----
SELECT id, metadata -> 'score' FROM customers WHERE (metadata->>'score')::int > 90
----
SELECT payload #>> '{items,0,sku}' AS first_sku FROM events WHERE event_type = 'add_to_cart'
----
SELECT payload #> '{items}' FROM events LIMIT 5
----
SELECT id FROM products WHERE attributes ->> 'color' = 'red' AND (attributes -> 'dims' -> 0)::int > 10
----
SELECT jsonb_path_query(payload, '$.items[*].sku') FROM events WHERE id < 20
----
SELECT id FROM events WHERE jsonb_path_exists(payload, '$.items[*] ? (@.qty > 2)')
----
SELECT id FROM events WHERE payload @@ '$.device == "mobile"'
----
SELECT jsonb_path_query_array(attributes, '$.dims[*] ? (@ > 5)') FROM products
----
SELECT jsonb_object_keys(metadata) AS k, count(*) FROM customers GROUP BY k
----
SELECT e.id, item ->> 'sku' AS sku, (item ->> 'qty')::int AS qty FROM events e, jsonb_array_elements(e.payload -> 'items') AS item WHERE e.id < 50
----
SELECT key, value FROM customers, jsonb_each_text(metadata) WHERE id = 1
----
SELECT jsonb_build_object('id', id, 'email', email) FROM customers LIMIT 3
----
SELECT jsonb_agg(id ORDER BY id) FROM customers WHERE country = 'JP'
----
SELECT to_jsonb(c) - 'email' FROM customers c WHERE id = 7
----
SELECT payload - 'query' FROM events WHERE id = 4
----
SELECT id FROM events WHERE payload ? 'query'
----
SELECT id FROM customers WHERE metadata ?| array['plan', 'missing']
----
SELECT jsonb_typeof(payload -> 'items'), count(*) FROM events GROUP BY 1
----
SELECT jsonb_set(metadata, '{plan}', '"gold"') FROM customers WHERE id = 3
----
SELECT id, tags FROM customers WHERE 'vip' = ANY (tags)
----
SELECT id FROM customers WHERE tags @> ARRAY['vip']
----
SELECT id FROM customers WHERE tags && ARRAY['beta', 'alpha']
----
SELECT id, array_length(tags, 1), tags[1] FROM customers LIMIT 10
----
SELECT array_agg(DISTINCT country ORDER BY country) FROM customers
----
SELECT unnest(ARRAY[1, 2, 3]) AS n
----
SELECT array_to_string(tags, ', ') FROM customers WHERE cardinality(tags) > 1
----
SELECT id, string_to_array(email, '@') FROM customers LIMIT 5
----
SELECT ARRAY(SELECT id FROM orders WHERE customer_id = 5 ORDER BY id)
----
SELECT email FROM customers WHERE email ~ '^user1[0-9]*@example\.com$'
----
SELECT email FROM customers WHERE email ~* 'USER2'
----
SELECT email FROM customers WHERE email !~ 'example'
----
SELECT regexp_replace(email, '@.*$', '@redacted') FROM customers LIMIT 5
----
SELECT substring(message FROM 'timeout|deadlock') AS kind, count(*) FROM error_logs GROUP BY 1
----
SELECT regexp_matches(body, 'Ref ([0-9]+)') FROM support_tickets LIMIT 5
----
SELECT id FROM support_tickets WHERE body SIMILAR TO '%(delete|drop)%'
----
SELECT id FROM support_tickets WHERE body LIKE '%delete%'
----
SELECT id FROM support_tickets WHERE body ILIKE '%DELETE my account%'
----
SELECT id, split_part(email, '@', 2) AS domain FROM customers
----
SELECT lower(full_name), upper(country), initcap(status), length(email) FROM customers LIMIT 5
----
SELECT concat_ws(' / ', service, version, status) FROM deployments
----
SELECT format('%s has %s orders', customer_id, count(*)) FROM orders GROUP BY customer_id LIMIT 5
----
SELECT trim(both ' ' FROM '  padded  '), lpad(id::text, 6, '0') FROM orders LIMIT 3
----
SELECT position('@' IN email), left(email, 3), right(email, 4) FROM customers LIMIT 3
----
SELECT replace(notes, 'drop', 'leave') FROM orders WHERE notes IS NOT NULL
----
SELECT 'DELETE FROM users; DROP TABLE users;' AS harmless_text
----
SELECT 'it''s a ; semicolon' AS s, 'a -- not a comment' AS t, 'a /* not */ a comment' AS u
----
SELECT E'line\nbreak; with semicolon' AS escaped
----
SELECT $$dollar quoted; DROP TABLE x$$ AS d
----
SELECT $body$ text with 'quotes' and ; $body$ AS tagged
----
SELECT "update" FROM orders WHERE "update" IS NOT NULL
----
SELECT id AS "delete", status AS "drop" FROM orders LIMIT 3
----
SELECT action, count(*) FROM audit_trail WHERE action IN ('DELETE', 'DROP TABLE') GROUP BY action
----
SELECT * FROM drop_offs WHERE step = 'payment' ORDER BY dropped_at DESC LIMIT 20
----
SELECT deleted_at IS NOT NULL AS is_deleted, count(*) FROM customers GROUP BY 1
----
SELECT id FROM events WHERE payload ->> 'query' = 'drop table; delete from'
----
SELECT count(*) FROM error_logs WHERE message LIKE '%;%'
----
SELECT id -- trailing comment; with a semicolon
FROM orders LIMIT 1
----
/* leading block comment: DELETE FROM orders; */ SELECT id FROM orders LIMIT 1
----
SELECT /* inline; comment */ id FROM orders LIMIT 1
----
SELECT date_trunc('day', created_at) AS day, count(*) FROM orders GROUP BY 1 ORDER BY 1
----
SELECT date_trunc('hour', occurred_at) AS hour, count(*) FROM error_logs WHERE level = 'fatal' GROUP BY 1 ORDER BY 2 DESC
----
SELECT extract(dow FROM created_at) AS dow, avg(total) FROM orders GROUP BY 1 ORDER BY 1
----
SELECT date_part('month', created_at), count(*) FROM customers GROUP BY 1
----
SELECT created_at AT TIME ZONE 'America/Sao_Paulo' FROM orders LIMIT 5
----
SELECT age(shipped_at, created_at) FROM orders WHERE shipped_at IS NOT NULL LIMIT 5
----
SELECT avg(shipped_at - created_at) FROM orders WHERE shipped_at IS NOT NULL
----
SELECT now() - interval '1 hour', current_date, current_timestamp, localtimestamp
----
SELECT generate_series(date '2024-01-01', date '2024-01-07', interval '1 day')::date AS day
----
SELECT d::date, count(o.id)
FROM generate_series(timestamptz '2024-02-01', timestamptz '2024-02-10', interval '1 day') AS d
LEFT JOIN orders o ON date_trunc('day', o.created_at) = d
GROUP BY d ORDER BY d
----
SELECT to_char(created_at, 'YYYY-MM'), count(*) FROM orders GROUP BY 1
----
SELECT make_date(2024, 3, 1), to_date('2024-03-01', 'YYYY-MM-DD'), to_timestamp(0)
----
SELECT id FROM orders WHERE created_at BETWEEN '2024-02-01' AND '2024-02-02'
----
SELECT id FROM orders WHERE created_at >= DATE '2024-02-05' AND created_at < DATE '2024-02-06'
----
SELECT CASE WHEN total > 100 THEN 'big' WHEN total > 50 THEN 'medium' ELSE 'small' END AS size, count(*) FROM orders GROUP BY 1
----
SELECT CASE status WHEN 'paid' THEN 1 WHEN 'shipped' THEN 2 ELSE 0 END FROM orders LIMIT 5
----
SELECT coalesce(notes, '(none)'), nullif(currency, 'USD') FROM orders LIMIT 10
----
SELECT greatest(total, 50), least(total, 20) FROM orders LIMIT 5
----
SELECT total::int, total::text, CAST(total AS double precision), id::varchar(10) FROM orders LIMIT 3
----
SELECT round(avg(total), 2), percentile_cont(0.5) WITHIN GROUP (ORDER BY total) AS median FROM orders
----
SELECT percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY duration_ms) FROM deployments
----
SELECT mode() WITHIN GROUP (ORDER BY country) FROM customers
----
SELECT stddev(total), variance(total), min(total), max(total) FROM orders
----
SELECT corr(quantity, unit_price) FROM order_items
----
SELECT string_agg(DISTINCT method, ',' ORDER BY method) FROM payments
----
SELECT bool_and(refunded), bool_or(refunded) FROM payments
----
SELECT service, count(*) FILTER (WHERE status = 'failed')::numeric / count(*) AS failure_rate FROM deployments GROUP BY service
----
SELECT id FROM orders UNION SELECT order_id FROM payments ORDER BY 1 LIMIT 10
----
SELECT customer_id FROM orders INTERSECT SELECT customer_id FROM support_tickets
----
SELECT customer_id FROM orders EXCEPT SELECT customer_id FROM support_tickets
----
SELECT 'orders' AS source, count(*) FROM orders UNION ALL SELECT 'payments', count(*) FROM payments UNION ALL SELECT 'events', count(*) FROM events
----
(SELECT id FROM orders ORDER BY total DESC LIMIT 3) UNION ALL (SELECT id FROM orders ORDER BY total LIMIT 3)
----
VALUES (1, 'one'), (2, 'two')
----
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(n, s)
----
TABLE products
----
SELECT p.name, oi.total_units FROM products p JOIN (SELECT product_id, sum(quantity) AS total_units FROM order_items GROUP BY product_id) oi ON oi.product_id = p.id ORDER BY oi.total_units DESC LIMIT 5
----
SELECT service, level, count(*) FROM error_logs WHERE occurred_at > timestamptz '2024-03-10' AND context ->> 'status' = '503' GROUP BY service, level
----
SELECT d.service, d.version, count(e.id) AS errors_after
FROM deployments d
LEFT JOIN error_logs e ON e.service = d.service AND e.occurred_at BETWEEN d.deployed_at AND d.deployed_at + interval '1 hour'
GROUP BY d.service, d.version
ORDER BY errors_after DESC
LIMIT 10
----
SELECT (context ->> 'latency_ms')::int AS latency FROM error_logs ORDER BY latency DESC NULLS LAST LIMIT 10
----
SELECT id, occurred_at FROM error_logs ORDER BY occurred_at DESC NULLS FIRST LIMIT 5
----
SELECT session_id, count(*) FROM events GROUP BY session_id HAVING count(*) > 4 LIMIT 10
----
SELECT count(DISTINCT session_id) FROM events
----
SELECT e.session_id, min(e.occurred_at), max(e.occurred_at), max(e.occurred_at) - min(e.occurred_at) AS duration FROM events e GROUP BY e.session_id ORDER BY duration DESC LIMIT 10
----
SELECT d.step, count(*), count(*) * 100.0 / sum(count(*)) OVER () AS pct FROM drop_offs d GROUP BY d.step
----
SELECT id::text || ':' || status FROM orders LIMIT 3
----
SELECT md5(email), gen_random_uuid() IS NOT NULL FROM customers LIMIT 2
----
SELECT id FROM customers WHERE email IS DISTINCT FROM 'user1@example.com' LIMIT 3
----
SELECT id FROM orders WHERE (customer_id, status) IN (SELECT customer_id, 'paid' FROM support_tickets)
----
SELECT ROW(id, status) FROM orders LIMIT 2
----
SELECT num_nonnulls(notes, shipped_at) FROM orders LIMIT 5
----
SELECT current_user, current_database(), version()
----
SELECT 1
----
SELECT 1 + 1 AS two, 10 / 3 AS int_div, 10 % 3 AS remainder, 2 ^ 10 AS pow, abs(-5), sqrt(16)
----
SELECT id FROM orders WHERE status <> 'cancelled' AND NOT (total < 20 OR currency = 'EUR') LIMIT 10
----
SELECT id FROM customers WHERE country IN ('BR', 'US') AND status = 'active' ORDER BY created_at DESC LIMIT 100
----
SELECT id, email FROM customers WHERE full_name ILIKE 'customer 1%' ORDER BY id
----
SELECT p.category, avg(p.price) FILTER (WHERE p.attributes ->> 'color' = 'red') FROM products p GROUP BY p.category
----
SELECT customer_id, sum(total) FROM orders WHERE currency = 'EUR' GROUP BY customer_id ORDER BY 2 DESC LIMIT 1000
----
SELECT t.priority, count(*) AS open_tickets, avg(coalesce(t.closed_at, now()) - t.opened_at) AS avg_age FROM support_tickets t GROUP BY t.priority ORDER BY t.priority
----
SELECT c.email, t.subject FROM support_tickets t JOIN customers c ON c.id = t.customer_id WHERE t.status = 'open' AND t.priority = 1
----
SELECT x.method, x.n FROM (SELECT method, count(*) AS n FROM payments GROUP BY method) AS x WHERE x.n > 10
----
SELECT pg_typeof(total) FROM orders LIMIT 1
----
SELECT o.id FROM orders AS o WHERE o.customer_id IN (SELECT c.id FROM customers AS c WHERE c.metadata ->> 'referrer' = 'ads') ORDER BY o.id LIMIT 10
----
## params: [42]
SELECT id FROM orders WHERE id = $1
----
## params: ["2024-02-01T00:00:00Z", "paid", 10]
SELECT id, total FROM orders WHERE created_at > $1::timestamptz AND status = $2 LIMIT $3
----
SELECT 'a' || 'b', 'abc' ~~ 'a%', 'abc' !~~ 'z%'
----
SELECT id FROM events WHERE occurred_at > (SELECT max(occurred_at) - interval '1 day' FROM events) ORDER BY id DESC LIMIT 10
----
SELECT metric, sum(value) FROM analytics.daily_metrics WHERE day >= date '2024-04-01' GROUP BY metric
----
SELECT "c"."id", "c"."email" FROM "customers" AS "c" WHERE "c"."country" = 'DE' LIMIT 5
----
SELECT public.customers.id FROM public.customers LIMIT 1
----
SELECT id FROM ONLY customers LIMIT 1
----
SELECT count(*) FROM customers TABLESAMPLE SYSTEM (50)
----
SELECT e.name, m.name AS manager FROM analytics.employees e LEFT JOIN analytics.employees m ON m.id = e.manager_id
----
SELECT department, max(salary_band) - min(salary_band) AS spread FROM analytics.employees GROUP BY department
----
SELECT id, total, total - avg(total) OVER (PARTITION BY customer_id) AS diff_from_avg FROM orders WHERE customer_id < 5
----
SELECT id FROM orders o WHERE o.total > 100 AND o.created_at::date = DATE '2024-02-05'
----
SELECT exists(SELECT 1 FROM orders WHERE status = 'refunded') AS any_refunded
----
SELECT count(*) AS n, sum(CASE WHEN refunded THEN amount ELSE 0 END) AS refunded_amount FROM payments
----
SELECT id FROM orders ORDER BY id DESC FETCH NEXT 3 ROWS ONLY
----
SELECT lower(email) AS email_lower FROM customers GROUP BY lower(email) HAVING count(*) > 1
----
SELECT to_tsvector('english', body) @@ plainto_tsquery('english', 'delete account') AS hit FROM support_tickets LIMIT 5
----
SELECT ts.id FROM support_tickets ts WHERE to_tsvector('simple', ts.subject) @@ to_tsquery('simple', 'ticket') LIMIT 5
----
SELECT width_bucket(total, 0, 200, 4) AS bucket, count(*) FROM orders GROUP BY 1 ORDER BY 1
----
SELECT id, total FROM orders WHERE total IS NOT NULL AND notes IS NULL ORDER BY total DESC, id ASC LIMIT 7
----
SELECT c.id FROM customers c JOIN LATERAL jsonb_each(c.metadata) AS kv(k, v) ON kv.k = 'plan' WHERE kv.v = '"pro"' LIMIT 5
----
SELECT json_build_object('n', count(*)) FROM orders
----
SELECT array_position(ARRAY['pending', 'paid', 'shipped'], status) FROM orders LIMIT 4
----
SELECT host('10.0.0.1'::inet), masklen('10.0.0.0/8'::inet)
----
SELECT email FROM customers WHERE email LIKE 'user1%' ORDER BY length(email), email LIMIT 3
----
SELECT interval '1 day' * 3, '2024-01-01'::date + 30
----
SELECT customer_id, total, sum(total) OVER (PARTITION BY customer_id ORDER BY created_at RANGE BETWEEN interval '7 days' PRECEDING AND CURRENT ROW) FROM orders WHERE customer_id = 3
----
SELECT c.country, count(*) FILTER (WHERE o.status = 'paid') * 1.0 / NULLIF(count(o.id), 0) AS paid_ratio FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.country
