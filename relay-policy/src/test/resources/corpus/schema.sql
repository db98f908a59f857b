-- Schema (and a little data) for the benign PostgreSQL corpus: every query in
-- postgres-benign.sql runs against exactly this. Works on PostgreSQL 15 and later.
-- Plain statements separated by ';' at line ends; no psql meta-commands.

CREATE SCHEMA IF NOT EXISTS analytics;

CREATE TABLE customers (
    id          bigint PRIMARY KEY,
    email       text NOT NULL,
    full_name   text NOT NULL,
    country     text NOT NULL,
    status      text NOT NULL DEFAULT 'active',
    tags        text[] NOT NULL DEFAULT '{}',
    metadata    jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL,
    deleted_at  timestamptz
);

CREATE TABLE products (
    id          bigint PRIMARY KEY,
    sku         text NOT NULL UNIQUE,
    name        text NOT NULL,
    category    text NOT NULL,
    price       numeric(10, 2) NOT NULL,
    attributes  jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL
);

CREATE TABLE orders (
    id          bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    status      text NOT NULL,
    total       numeric(12, 2) NOT NULL,
    currency    text NOT NULL DEFAULT 'USD',
    notes       text,
    created_at  timestamptz NOT NULL,
    shipped_at  timestamptz,
    "update"    text
);

CREATE TABLE order_items (
    id          bigint PRIMARY KEY,
    order_id    bigint NOT NULL REFERENCES orders (id),
    product_id  bigint NOT NULL REFERENCES products (id),
    quantity    integer NOT NULL,
    unit_price  numeric(10, 2) NOT NULL
);

CREATE TABLE payments (
    id          bigint PRIMARY KEY,
    order_id    bigint NOT NULL REFERENCES orders (id),
    amount      numeric(12, 2) NOT NULL,
    method      text NOT NULL,
    card_last4  text,
    paid_at     timestamptz NOT NULL,
    refunded    boolean NOT NULL DEFAULT false
);

CREATE TABLE events (
    id          bigint PRIMARY KEY,
    customer_id bigint REFERENCES customers (id),
    session_id  uuid NOT NULL,
    event_type  text NOT NULL,
    payload     jsonb NOT NULL DEFAULT '{}',
    occurred_at timestamptz NOT NULL
);

CREATE TABLE support_tickets (
    id          bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    subject     text NOT NULL,
    body        text NOT NULL,
    priority    integer NOT NULL,
    status      text NOT NULL,
    opened_at   timestamptz NOT NULL,
    closed_at   timestamptz
);

CREATE TABLE deployments (
    id          bigint PRIMARY KEY,
    service     text NOT NULL,
    version     text NOT NULL,
    status      text NOT NULL,
    duration_ms integer NOT NULL,
    deployed_at timestamptz NOT NULL
);

CREATE TABLE error_logs (
    id          bigint PRIMARY KEY,
    service     text NOT NULL,
    level       text NOT NULL,
    message     text NOT NULL,
    context     jsonb NOT NULL DEFAULT '{}',
    occurred_at timestamptz NOT NULL
);

CREATE TABLE audit_trail (
    id          bigint PRIMARY KEY,
    actor       text NOT NULL,
    action      text NOT NULL,
    target      text NOT NULL,
    details     jsonb NOT NULL DEFAULT '{}',
    at          timestamptz NOT NULL
);

CREATE TABLE drop_offs (
    id          bigint PRIMARY KEY,
    session_id  uuid NOT NULL,
    step        text NOT NULL,
    reason      text,
    dropped_at  timestamptz NOT NULL
);

CREATE TABLE analytics.daily_metrics (
    day         date NOT NULL,
    metric      text NOT NULL,
    value       numeric NOT NULL,
    PRIMARY KEY (day, metric)
);

CREATE TABLE analytics.employees (
    id          bigint PRIMARY KEY,
    name        text NOT NULL,
    manager_id  bigint REFERENCES analytics.employees (id),
    department  text NOT NULL,
    salary_band integer NOT NULL
);

INSERT INTO customers (id, email, full_name, country, status, tags, metadata, created_at, deleted_at)
SELECT i,
       'user' || i || '@example.com',
       'Customer ' || i,
       (ARRAY['US', 'BR', 'DE', 'FR', 'JP'])[1 + i % 5],
       CASE WHEN i % 11 = 0 THEN 'suspended' ELSE 'active' END,
       CASE WHEN i % 3 = 0 THEN ARRAY['vip', 'beta'] ELSE ARRAY['regular'] END,
       jsonb_build_object('plan', (ARRAY['free', 'pro', 'enterprise'])[1 + i % 3], 'referrer',
                          CASE WHEN i % 4 = 0 THEN 'ads' ELSE 'organic' END, 'score', i % 100),
       timestamptz '2024-01-01 00:00:00+00' + (i || ' hours')::interval,
       CASE WHEN i % 17 = 0 THEN timestamptz '2024-06-01 00:00:00+00' END
FROM generate_series(1, 200) AS s(i);

INSERT INTO products (id, sku, name, category, price, attributes, created_at)
SELECT i, 'SKU-' || lpad(i::text, 4, '0'), 'Product ' || i,
       (ARRAY['books', 'games', 'tools', 'garden'])[1 + i % 4],
       (5 + i * 1.5)::numeric(10, 2),
       jsonb_build_object('color', (ARRAY['red', 'green', 'blue'])[1 + i % 3], 'weight', i % 7, 'dims', jsonb_build_array(i, i + 1, i + 2)),
       timestamptz '2023-06-01 00:00:00+00' + (i || ' days')::interval
FROM generate_series(1, 40) AS s(i);

INSERT INTO orders (id, customer_id, status, total, currency, notes, created_at, shipped_at, "update")
SELECT i, 1 + i % 200, (ARRAY['pending', 'paid', 'shipped', 'cancelled'])[1 + i % 4],
       (10 + (i % 50) * 3.25)::numeric(12, 2), CASE WHEN i % 5 = 0 THEN 'EUR' ELSE 'USD' END,
       CASE WHEN i % 9 = 0 THEN 'please drop at the door; thanks' END,
       timestamptz '2024-02-01 00:00:00+00' + (i * 37 || ' minutes')::interval,
       CASE WHEN i % 4 = 2 THEN timestamptz '2024-02-03 00:00:00+00' + (i * 37 || ' minutes')::interval END,
       CASE WHEN i % 10 = 0 THEN 'address changed' END
FROM generate_series(1, 600) AS s(i);

INSERT INTO order_items (id, order_id, product_id, quantity, unit_price)
SELECT i, 1 + i % 600, 1 + i % 40, 1 + i % 4, (5 + (i % 40) * 1.5)::numeric(10, 2)
FROM generate_series(1, 1500) AS s(i);

INSERT INTO payments (id, order_id, amount, method, card_last4, paid_at, refunded)
SELECT i, i, (10 + (i % 50) * 3.25)::numeric(12, 2), (ARRAY['card', 'pix', 'paypal'])[1 + i % 3],
       CASE WHEN i % 3 = 0 THEN lpad((i % 10000)::text, 4, '0') END,
       timestamptz '2024-02-01 01:00:00+00' + (i * 37 || ' minutes')::interval, i % 29 = 0
FROM generate_series(1, 450) AS s(i);

INSERT INTO events (id, customer_id, session_id, event_type, payload, occurred_at)
SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE 1 + i % 200 END,
       md5((i / 5)::text)::uuid,
       (ARRAY['page_view', 'add_to_cart', 'checkout', 'login', 'search'])[1 + i % 5],
       jsonb_build_object('path', '/p/' || (i % 40), 'device', CASE WHEN i % 2 = 0 THEN 'mobile' ELSE 'desktop' END,
                          'items', jsonb_build_array(jsonb_build_object('sku', 'SKU-' || lpad((1 + i % 40)::text, 4, '0'), 'qty', 1 + i % 3)),
                          'query', CASE WHEN i % 5 = 4 THEN 'drop table; delete from' END),
       timestamptz '2024-03-01 00:00:00+00' + (i * 13 || ' minutes')::interval
FROM generate_series(1, 3000) AS s(i);

INSERT INTO support_tickets (id, customer_id, subject, body, priority, status, opened_at, closed_at)
SELECT i, 1 + i % 200, 'Ticket ' || i, 'Cannot delete my account; please help. Ref ' || i, 1 + i % 4,
       (ARRAY['open', 'pending', 'closed'])[1 + i % 3],
       timestamptz '2024-03-01 00:00:00+00' + (i || ' hours')::interval,
       CASE WHEN i % 3 = 2 THEN timestamptz '2024-03-02 00:00:00+00' + (i || ' hours')::interval END
FROM generate_series(1, 120) AS s(i);

INSERT INTO deployments (id, service, version, status, duration_ms, deployed_at)
SELECT i, (ARRAY['api', 'web', 'worker', 'billing'])[1 + i % 4], '1.' || (i / 4) || '.' || (i % 4),
       CASE WHEN i % 6 = 0 THEN 'failed' ELSE 'succeeded' END, 30000 + (i % 13) * 4000,
       timestamptz '2024-03-01 00:00:00+00' + (i * 5 || ' hours')::interval
FROM generate_series(1, 80) AS s(i);

INSERT INTO error_logs (id, service, level, message, context, occurred_at)
SELECT i, (ARRAY['api', 'web', 'worker', 'billing'])[1 + i % 4], (ARRAY['error', 'warn', 'fatal'])[1 + i % 3],
       CASE WHEN i % 4 = 0 THEN 'timeout calling payments' WHEN i % 4 = 1 THEN 'deadlock detected; retrying'
            WHEN i % 4 = 2 THEN 'DROP of connection by peer' ELSE 'null pointer in checkout' END,
       jsonb_build_object('request_id', 'req-' || i, 'status', 500 + i % 4, 'latency_ms', i * 3),
       timestamptz '2024-03-10 00:00:00+00' + (i * 7 || ' minutes')::interval
FROM generate_series(1, 1000) AS s(i);

INSERT INTO audit_trail (id, actor, action, target, details, at)
SELECT i, 'admin' || (i % 3), (ARRAY['DELETE', 'DROP TABLE', 'UPDATE', 'INSERT', 'GRANT'])[1 + i % 5],
       'table_' || (i % 7), jsonb_build_object('rows', i % 100, 'ok', i % 2 = 0),
       timestamptz '2024-01-15 00:00:00+00' + (i || ' hours')::interval
FROM generate_series(1, 100) AS s(i);

INSERT INTO drop_offs (id, session_id, step, reason, dropped_at)
SELECT i, md5((i / 3)::text)::uuid, (ARRAY['cart', 'shipping', 'payment'])[1 + i % 3],
       CASE WHEN i % 2 = 0 THEN 'price' END,
       timestamptz '2024-03-01 00:00:00+00' + (i * 17 || ' minutes')::interval
FROM generate_series(1, 300) AS s(i);

INSERT INTO analytics.daily_metrics (day, metric, value)
SELECT d::date, m, (extract(doy FROM d) * length(m))::numeric
FROM generate_series(date '2024-01-01', date '2024-04-30', interval '1 day') AS g(d),
     unnest(ARRAY['signups', 'orders', 'revenue', 'errors']) AS u(m);

INSERT INTO analytics.employees (id, name, manager_id, department, salary_band) VALUES
    (1, 'Ana', NULL, 'exec', 9),
    (2, 'Bruno', 1, 'eng', 8),
    (3, 'Carla', 1, 'sales', 7),
    (4, 'Davi', 2, 'eng', 6),
    (5, 'Eva', 2, 'eng', 5),
    (6, 'Fabio', 3, 'sales', 4),
    (7, 'Gil', 4, 'eng', 3);

ANALYZE;
