-- A read-only login for the relay (the relay also runs every query in a READ ONLY transaction).
CREATE ROLE relay_ro LOGIN PASSWORD 'relay_ro_password';
GRANT CONNECT ON DATABASE app TO relay_ro;
GRANT USAGE ON SCHEMA public TO relay_ro;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO relay_ro;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO relay_ro;
