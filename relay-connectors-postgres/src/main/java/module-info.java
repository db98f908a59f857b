/**
 * The PostgreSQL connector ({@code type: postgres}). Start here:
 * {@link dev.relay.connectors.postgres.PostgresConnectorProvider}.
 *
 * <p>Registered twice on purpose: {@code provides} below for the module path and
 * {@code META-INF/services/dev.relay.policy.spi.ConnectorProvider} for the class path.
 * pgjdbc has no module descriptor; it is required by its stable {@code Automatic-Module-Name}
 * ({@code org.postgresql.jdbc}).
 */
@SuppressWarnings("requires-automatic")
module dev.relay.connectors.postgres {
    requires transitive dev.relay.policy;
    requires java.sql;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;
    requires static transitive org.jspecify;

    exports dev.relay.connectors.postgres;

    provides dev.relay.policy.spi.ConnectorProvider with dev.relay.connectors.postgres.PostgresConnectorProvider;
}
