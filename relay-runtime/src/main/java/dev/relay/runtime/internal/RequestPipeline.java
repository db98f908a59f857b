package dev.relay.runtime.internal;

import dev.relay.audit.AuditException;
import dev.relay.audit.AuditLog;
import dev.relay.audit.AuditRecord;
import dev.relay.audit.Outcome;
import dev.relay.audit.QueryFingerprint;
import dev.relay.masking.MaskScope;
import dev.relay.masking.Masker;
import dev.relay.masking.MaskingException;
import dev.relay.masking.MaskStats;
import dev.relay.policy.ApprovedQuery;
import dev.relay.policy.Decision;
import dev.relay.policy.PolicyRequest;
import dev.relay.policy.RejectReason;
import dev.relay.policy.spi.Column;
import dev.relay.policy.spi.ConnectorException;
import dev.relay.policy.spi.QueryContext;
import dev.relay.policy.spi.QueryResult;
import dev.relay.policy.spi.ResourceConnector;
import dev.relay.policy.spi.TableDescription;
import dev.relay.policy.spi.TableInfo;
import dev.relay.protocol.ErrorCode;
import dev.relay.protocol.ExecuteParams;
import dev.relay.protocol.InvalidParamsException;
import dev.relay.protocol.JsonRpcError;
import dev.relay.protocol.RelayMethods;
import dev.relay.protocol.RelayReason;
import dev.relay.protocol.Request;
import dev.relay.protocol.Response;
import dev.relay.runtime.RelayConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request pipeline, one readable chain per method. For {@code execute}:
 * decode → resource → operation → limit → safety → execute → mask → audit → reply.
 * Runs on a worker thread, never on the I/O event loop.
 *
 * <p>Fails closed: a masking failure answers an error with no data; an audit failure answers an
 * error with no data (no result leaves without its record). Every error text sent out goes
 * through {@link Masker#maskMessage}. Nothing here logs a query, a parameter or a value.
 */
public final class RequestPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);

    private final AuditLog audit;
    private final ResourceMonitor monitor;
    private final RuntimeStats stats;
    private final LongSupplier nanoTime;

    public RequestPipeline(AuditLog audit, ResourceMonitor monitor, RuntimeStats stats, LongSupplier nanoTime) {
        this.audit = audit;
        this.monitor = monitor;
        this.stats = stats;
        this.nanoTime = nanoTime;
    }

    /** Answers one request. Never throws; the answer may be an error. */
    public Response handle(Job job) {
        Request request = job.request();
        try {
            return switch (request.method()) {
                case RelayMethods.EXECUTE -> execute(job);
                case RelayMethods.LIST_RESOURCES -> listResources(job);
                case RelayMethods.DESCRIBE_RESOURCE -> describeResource(job);
                case RelayMethods.HEALTH_CHECK -> healthCheck(job);
                default -> new Response.Failure(request.id(), JsonRpcError.of(ErrorCode.METHOD_NOT_FOUND));
            };
        } catch (AuditException e) {
            LOG.error("audit record could not be written; answering without data (audit fails closed)", e);
            stats.failed();
            return new Response.Failure(request.id(), JsonRpcError.of(ErrorCode.INTERNAL_ERROR,
                    "the audit record could not be written; no result is sent without it"));
        } catch (RuntimeException e) {
            LOG.error("internal error answering {} {}", request.method(), request.id(), e);
            stats.failed();
            return new Response.Failure(request.id(), JsonRpcError.of(ErrorCode.INTERNAL_ERROR));
        }
    }

    // ------------------------------------------------------------------ execute

    private Response execute(Job job) {
        Request request = job.request();
        long started = nanoTime.getAsLong();
        ActiveConfig active = job.active();
        Masker masker = active.masker();

        // decode
        ExecuteParams params;
        try {
            params = ExecuteParams.from(request);
        } catch (InvalidParamsException e) {
            String param = masker.maskMessage(e.param());
            String problem = masker.maskMessage(e.detail());
            record(AuditRecord.request(request.id().asText()).method(RelayMethods.EXECUTE)
                    .outcome(Outcome.REJECTED).reason("INVALID_PARAMS").detail(param + ": " + problem), started);
            stats.rejected();
            return new Response.Failure(request.id(), JsonRpcError.invalidParams(param, problem));
        }
        job.resourceId(params.resourceId());
        job.operation(params.operation().wireName());
        AuditRecord.Builder record = AuditRecord.request(params.requestId())
                .method(RelayMethods.EXECUTE)
                .resourceId(params.resourceId())
                .operation(params.operation().wireName())
                .queryFingerprint(fingerprint(params));

        // resource → operation → limit → safety: the policy engine, in SPEC §4's order
        Decision decision = active.engine().evaluate(policyRequest(params));
        if (decision instanceof Decision.Rejected rejected) {
            String detail = masker.maskMessage(rejected.detail());
            record(record.outcome(Outcome.REJECTED).reason(rejected.reason().name()).detail(detail), started);
            stats.rejected();
            return new Response.Failure(request.id(), rejectionError(rejected.reason(), detail, params.requestId()));
        }
        ApprovedQuery approved = ((Decision.Allowed) decision).query();
        ResourceConnector connector = active.connector(params.resourceId());
        RelayConfig.Resource resource = active.resource(params.resourceId());
        if (connector == null || resource == null) {
            String detail = notConfigured(masker, params.resourceId());
            record(record.outcome(Outcome.REJECTED).reason(RelayReason.RESOURCE_NOT_FOUND.name()).detail(detail), started);
            stats.rejected();
            return new Response.Failure(request.id(), JsonRpcError.relay(RelayReason.RESOURCE_NOT_FOUND, detail, params.requestId()));
        }

        // execute
        Duration timeout = min(job.remaining(nanoTime.getAsLong()), resource.statementTimeout());
        if (params.timeoutMs() != null) {
            timeout = min(timeout, Duration.ofMillis(params.timeoutMs()));
        }
        if (timeout.isZero() || job.cancelled() != null) {
            return failed(job, record, started, masker, params.requestId(),
                    new ConnectorException(ConnectorException.Kind.QUERY_TIMEOUT, "the request deadline passed before it could run"));
        }
        QueryContext context = job.newContext(params.requestId(), timeout, resource.maxResponseBytes());
        Object result;
        long executionStarted = nanoTime.getAsLong();
        try {
            result = run(connector, approved, context);
        } catch (ConnectorException e) {
            return failed(job, record, started, masker, params.requestId(), e);
        }
        long executionMs = (nanoTime.getAsLong() - executionStarted) / 1_000_000;
        if (job.cancelled() != null) {
            return failed(job, record, started, masker, params.requestId(),
                    new ConnectorException(ConnectorException.Kind.QUERY_FAILED, job.cancelled().detail()));
        }

        // mask (fails closed)
        MaskStats maskStats = new MaskStats();
        Map<String, Object> body;
        try {
            body = maskedBody(result, approved, params, masker, maskStats);
        } catch (MaskingException e) {
            LOG.error("masking failed for request {}; answering without data (masking fails closed)", params.requestId());
            String detail = "the result could not be masked and was withheld";
            record(record.outcome(Outcome.ERROR).reason("MASKING_FAILED").detail(detail), started);
            stats.failed();
            return new Response.Failure(request.id(), JsonRpcError.of(ErrorCode.INTERNAL_ERROR, detail));
        }
        int rowCount = result instanceof QueryResult qr ? qr.rowCount()
                : result instanceof List<?> l ? l.size() : 0;
        boolean clamped = result instanceof QueryResult qr && qr.clamped();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("requestId", params.requestId());
        metadata.put("resourceId", params.resourceId());
        metadata.put("operation", params.operation().wireName());
        metadata.put("rowCount", rowCount);
        metadata.put("clamped", clamped);
        if (result instanceof QueryResult qr && qr.truncatedBy() != null) {
            metadata.put("truncatedBy", qr.truncatedBy().name().toLowerCase(Locale.ROOT));
        }
        metadata.put("maxRows", approved.maxRows());
        metadata.put("maskedFieldCount", maskStats.fieldsMasked());
        metadata.put("executionTimeMs", executionMs);
        body.put("metadata", metadata);

        // audit (fails closed: an AuditException propagates to handle(), which answers without data)
        audit.record(record.outcome(Outcome.SUCCESS).rowCount(rowCount).clamped(clamped)
                .maskedFieldCount(maskStats.fieldsMasked()).maskedByType(maskStats.countsByType())
                .durationMs(millisSince(started)).build());

        // reply
        return Response.success(request.id(), body);
    }

    private static Object run(ResourceConnector connector, ApprovedQuery approved, QueryContext context) {
        return switch (approved.operation()) {
            case QUERY -> connector.query(approved, context);
            case EXPLAIN -> connector.explain(approved, context);
            case LIST_TABLES -> connector.listTables(approved, context);
            case DESCRIBE_TABLE -> connector.describeTable(approved, context);
        };
    }

    private Map<String, Object> maskedBody(Object result, ApprovedQuery approved, ExecuteParams params, Masker masker,
            MaskStats maskStats) {
        String resourceId = params.resourceId();
        Map<String, Object> body = new LinkedHashMap<>();
        if (result instanceof QueryResult.Rows rows) {
            List<Object> columns = new ArrayList<>(rows.columns().size());
            List<MaskScope> scopes = new ArrayList<>(rows.columns().size());
            for (Column c : rows.columns()) {
                Map<String, Object> col = new LinkedHashMap<>();
                col.put("name", c.name());
                col.put("type", c.type());
                columns.add(col);
                // the source column when the database knows it: an alias does not get past a column rule
                scopes.add(new MaskScope(resourceId, c.table(), c.ruleName()));
            }
            // one traversal for the whole table; rows with nothing to mask go out as the connector read them
            List<List<@Nullable Object>> out = masker.maskRows(rows.rows(), scopes, MaskScope.of(resourceId, null),
                    maskStats);
            body.put("columns", columns);
            body.put("rows", out);
        } else if (result instanceof QueryResult.Documents docs) {
            MaskScope scope = MaskScope.of(resourceId, approved.collection());
            List<Object> out = new ArrayList<>(docs.documents().size());
            for (Map<String, @Nullable Object> doc : docs.documents()) {
                out.add(masker.maskValue(doc, scope, maskStats));
            }
            body.put("documents", out);
        } else if (approved.operation() == dev.relay.policy.Operation.EXPLAIN) {
            body.put("plan", masker.maskValue(result, MaskScope.of(resourceId, null), maskStats));
        } else if (result instanceof List<?> tables) {
            List<Object> out = new ArrayList<>();
            for (Object t : tables) {
                if (t instanceof TableInfo info) {
                    out.add(masker.maskValue(tableInfo(info), MaskScope.of(resourceId, null), maskStats));
                }
            }
            body.put("tables", out);
        } else if (result instanceof TableDescription d) {
            body.put("table", masker.maskValue(tableDescription(d), MaskScope.of(resourceId, d.name()), maskStats));
        }
        return body;
    }

    static Map<String, Object> tableInfo(TableInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", t.schema());
        m.put("name", t.name());
        m.put("kind", t.kind());
        m.put("estimatedRows", t.estimatedRows());
        return m;
    }

    static Map<String, Object> tableDescription(TableDescription d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", d.schema());
        m.put("name", d.name());
        m.put("kind", d.kind());
        List<Object> fields = new ArrayList<>();
        for (TableDescription.Field f : d.fields()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("name", f.name());
            fm.put("type", f.type());
            fm.put("nullable", f.nullable());
            if (f.presence() != null) {
                fm.put("presence", f.presence());
            }
            fields.add(fm);
        }
        m.put("columns", fields);
        m.put("primaryKey", d.primaryKey());
        List<Object> indexes = new ArrayList<>();
        for (TableDescription.Index i : d.indexes()) {
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("name", i.name());
            im.put("columns", i.columns());
            im.put("unique", i.unique());
            indexes.add(im);
        }
        m.put("indexes", indexes);
        m.put("estimatedRows", d.estimatedRows());
        return m;
    }

    private Response failed(Job job, AuditRecord.Builder record, long started, Masker masker, String requestId,
            ConnectorException e) {
        Job.CancelReason cancelled = job.cancelled();
        RelayReason reason;
        Outcome outcome;
        String detail;
        if (cancelled == Job.CancelReason.DEADLINE || e.kind() == ConnectorException.Kind.QUERY_TIMEOUT) {
            reason = RelayReason.QUERY_TIMEOUT;
            outcome = Outcome.TIMEOUT;
            detail = cancelled == Job.CancelReason.DEADLINE ? cancelled.detail() : masker.maskMessage(safeMessage(e));
        } else if (cancelled != null) {
            reason = RelayReason.QUERY_FAILED;
            outcome = Outcome.ERROR;
            detail = "cancelled: " + cancelled.detail();
        } else if (e.kind() == ConnectorException.Kind.RESOURCE_UNAVAILABLE) {
            reason = RelayReason.RESOURCE_UNAVAILABLE;
            outcome = Outcome.ERROR;
            detail = masker.maskMessage(safeMessage(e));
            monitor.probeSoon();
        } else {
            reason = RelayReason.QUERY_FAILED;
            outcome = Outcome.ERROR;
            detail = masker.maskMessage(safeMessage(e));
        }
        record(record.outcome(outcome).reason(cancelled != null && cancelled != Job.CancelReason.DEADLINE
                ? cancelled.name() : reason.name()).detail(detail), started);
        stats.failed();
        return new Response.Failure(job.request().id(), JsonRpcError.relay(reason, detail, requestId));
    }

    /** The resource id is sender-chosen text: it goes out (and into the audit) only masked. */
    private static String notConfigured(Masker masker, String resourceId) {
        return masker.maskMessage("resource " + resourceId + " is not configured");
    }

    private static String safeMessage(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static JsonRpcError rejectionError(RejectReason reason, String detail, String requestId) {
        return switch (reason) {
            case RESOURCE_NOT_FOUND -> JsonRpcError.relay(RelayReason.RESOURCE_NOT_FOUND, detail, requestId);
            case OPERATION_NOT_ALLOWED -> JsonRpcError.relay(RelayReason.OPERATION_NOT_ALLOWED, detail, requestId);
            case QUERY_BLOCKED -> JsonRpcError.relay(RelayReason.QUERY_BLOCKED, detail, requestId);
            case INVALID_INPUT -> JsonRpcError.of(ErrorCode.INVALID_PARAMS, detail);
        };
    }

    public static PolicyRequest policyRequest(ExecuteParams p) {
        List<@Nullable Object> pipeline = p.pipeline() == null ? null : new ArrayList<>(p.pipeline());
        return new PolicyRequest(p.resourceId(), p.operation().wireName(), p.query(), p.parameters(), p.collection(),
                p.filter(), p.projection(), p.sort(), p.skip(), p.limit(), pipeline, p.table());
    }

    private static @Nullable String fingerprint(ExecuteParams p) {
        try {
            return switch (p.form()) {
                case SQL -> p.query() == null ? null : QueryFingerprint.ofSql(p.query());
                case MONGO_FIND -> QueryFingerprint.ofMongoFind(String.valueOf(p.collection()), p.filter(), p.projection(), p.sort());
                case MONGO_AGGREGATE -> QueryFingerprint.ofMongoAggregate(String.valueOf(p.collection()),
                        p.pipeline() == null ? List.of() : p.pipeline());
                case NONE -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ other methods

    private Response listResources(Job job) {
        long started = nanoTime.getAsLong();
        Map<String, Object> result = Map.of("resources", monitor.resourceList(job.active()));
        record(AuditRecord.request(job.request().id().asText()).method(RelayMethods.LIST_RESOURCES)
                .outcome(Outcome.SUCCESS), started);
        return Response.success(job.request().id(), result);
    }

    private Response describeResource(Job job) {
        long started = nanoTime.getAsLong();
        Request request = job.request();
        String resourceId = stringParam(request, "resourceId");
        AuditRecord.Builder record = AuditRecord.request(request.id().asText()).method(RelayMethods.DESCRIBE_RESOURCE)
                .resourceId(resourceId);
        if (resourceId == null) {
            record(record.outcome(Outcome.REJECTED).reason("INVALID_PARAMS").detail("resourceId: is required"), started);
            return new Response.Failure(request.id(), JsonRpcError.invalidParams("resourceId", "is required"));
        }
        ActiveConfig active = job.active();
        ResourceConnector connector = active.connector(resourceId);
        RelayConfig.Resource resource = active.resource(resourceId);
        if (connector == null || resource == null) {
            String detail = notConfigured(active.masker(), resourceId);
            record(record.outcome(Outcome.REJECTED).reason(RelayReason.RESOURCE_NOT_FOUND.name()).detail(detail), started);
            return new Response.Failure(request.id(), JsonRpcError.relay(RelayReason.RESOURCE_NOT_FOUND, detail, request.id().asText()));
        }
        Masker masker = active.masker();
        MaskStats maskStats = new MaskStats();
        Map<String, Object> body = new LinkedHashMap<>(monitor.resourceEntry(active, resource));
        List<Object> tables = new ArrayList<>();
        try {
            Decision list = active.engine().evaluate(new PolicyRequest(resourceId, "list_tables", null, List.of(), null,
                    null, null, null, null, null, null, null));
            if (list instanceof Decision.Allowed allowed) {
                QueryContext ctx = job.newContext(request.id().asText(), min(job.remaining(nanoTime.getAsLong()),
                        resource.statementTimeout()), resource.maxResponseBytes());
                List<TableInfo> infos = connector.listTables(allowed.query(), ctx);
                int described = 0;
                for (TableInfo info : infos) {
                    Object entry = tableInfo(info);
                    if (described < 200) {
                        Decision d = active.engine().evaluate(new PolicyRequest(resourceId, "describe_table", null, List.of(),
                                null, null, null, null, null, null, null, info.schema() + "." + info.name()));
                        if (d instanceof Decision.Allowed da) {
                            entry = tableDescription(connector.describeTable(da.query(), ctx));
                            described++;
                        }
                    }
                    tables.add(masker.maskValue(entry, MaskScope.of(resourceId, info.name()), maskStats));
                }
                body.put("tables", tables);
            }
        } catch (ConnectorException e) {
            return failed(job, record, started, masker, request.id().asText(), e);
        } catch (MaskingException e) {
            record(record.outcome(Outcome.ERROR).reason("MASKING_FAILED").detail("the schema could not be masked"), started);
            return new Response.Failure(request.id(), JsonRpcError.of(ErrorCode.INTERNAL_ERROR, "the schema could not be masked and was withheld"));
        }
        record(record.outcome(Outcome.SUCCESS).rowCount(tables.size()).maskedFieldCount(maskStats.fieldsMasked()), started);
        return Response.success(request.id(), body);
    }

    private Response healthCheck(Job job) {
        long started = nanoTime.getAsLong();
        Request request = job.request();
        String resourceId = stringParam(request, "resourceId");
        ActiveConfig active = job.active();
        if (resourceId != null && active.resource(resourceId) == null) {
            String detail = notConfigured(active.masker(), resourceId);
            record(AuditRecord.request(request.id().asText()).method(RelayMethods.HEALTH_CHECK).resourceId(resourceId)
                    .outcome(Outcome.REJECTED).reason(RelayReason.RESOURCE_NOT_FOUND.name()).detail(detail), started);
            return new Response.Failure(request.id(), JsonRpcError.relay(RelayReason.RESOURCE_NOT_FOUND, detail, request.id().asText()));
        }
        List<Object> out = new ArrayList<>();
        for (RelayConfig.Resource r : active.config().resources()) {
            if (resourceId == null || resourceId.equals(r.id())) {
                out.add(monitor.health(active, r, active.masker()));
            }
        }
        record(AuditRecord.request(request.id().asText()).method(RelayMethods.HEALTH_CHECK).resourceId(resourceId)
                .outcome(Outcome.SUCCESS), started);
        return Response.success(request.id(), Map.of("resources", out));
    }

    private static @Nullable String stringParam(Request request, String name) {
        if (request.params() == null || !request.params().isObject()) {
            return null;
        }
        var node = request.params().get(name);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    // ------------------------------------------------------------------ helpers

    /** Writes an audit record (fails closed: an {@link AuditException} propagates). */
    private void record(AuditRecord.Builder builder, long startedNanos) {
        audit.record(builder.durationMs(millisSince(startedNanos)).build());
    }

    private long millisSince(long startedNanos) {
        return Math.max(0, (nanoTime.getAsLong() - startedNanos) / 1_000_000);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
