/**
 * The audit log: records, fingerprints, sinks, the signed hash chain and the offline verifier.
 * Start here: {@link dev.relay.audit.AuditLog}.
 *
 * <p>Custom sinks are found with {@link java.util.ServiceLoader} ({@code uses}
 * {@link dev.relay.audit.spi.AuditSinkProvider}): a sink module declares {@code provides}, a sink
 * jar on the class path registers {@code META-INF/services}. Jackson writes and reads only trees
 * here, so nothing is opened to it.
 */
module dev.relay.audit {
    requires com.fasterxml.jackson.databind;
    requires static transitive org.jspecify;

    exports dev.relay.audit;
    exports dev.relay.audit.spi;

    uses dev.relay.audit.spi.AuditSinkProvider;
}
