package dev.relay.runtime;

import dev.relay.policy.Operation;
import dev.relay.runtime.internal.config.Problems;
import dev.relay.runtime.internal.config.Section;
import dev.relay.runtime.internal.config.YNode;
import dev.relay.runtime.internal.config.YamlTree;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads and validates {@code relay-config.yaml}. Strict: unknown keys and wrong types are
 * rejected, and every problem is reported at once with its {@code file:line:column} and key path
 * in a {@link RelayConfigException}. {@code ${ENV_VAR}} (with {@code ${ENV_VAR:-default}}) and
 * {@code ${file:/path}} are substituted before typing. The {@code masking:}, {@code audit:},
 * resource policy and connection sections are checked by the modules that own them, through
 * {@link SectionCheck}s, and their problems placed in the file as well.
 */
public final class RelayConfigLoader {

    /** Default WebSocket path when the URL gives none. */
    public static final String DEFAULT_PATH = "/v1/relay/connect";

    private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Duration MAX_DURATION = Duration.ofDays(1);

    /**
     * Validates a part of the config owned by another module. Returns problems as
     * {@code relative.key.path: message} strings, the way those modules report them.
     */
    @FunctionalInterface
    public interface SectionCheck {
        List<String> check(RelayConfig config, String section, Map<String, Object> values);
    }

    private final Function<String, @Nullable String> env;
    private final Supplier<String> hostName;
    private final List<SectionCheckBinding> checks;

    private record SectionCheckBinding(String scope, SectionCheck check) {
    }

    private RelayConfigLoader(Function<String, @Nullable String> env, Supplier<String> hostName,
            List<SectionCheckBinding> checks) {
        this.env = env;
        this.hostName = hostName;
        this.checks = List.copyOf(checks);
    }

    /** A loader reading the process environment, with no checks for other modules' sections. */
    public static RelayConfigLoader create() {
        return new RelayConfigLoader(System::getenv, RelayConfigLoader::localHostName, List.of());
    }

    public RelayConfigLoader withEnvironment(Function<String, @Nullable String> environment) {
        return new RelayConfigLoader(environment, hostName, checks);
    }

    public RelayConfigLoader withHostName(Supplier<String> name) {
        return new RelayConfigLoader(env, name, checks);
    }

    /**
     * Adds a check of another module's part of the file. {@code scope} is {@code masking},
     * {@code audit} or {@code resources} (called once per resource with its section path, values
     * being the raw resource mapping).
     */
    public RelayConfigLoader withCheck(String scope, SectionCheck check) {
        List<SectionCheckBinding> next = new ArrayList<>(checks);
        next.add(new SectionCheckBinding(scope, check));
        return new RelayConfigLoader(env, hostName, next);
    }

    /** Reads a file. */
    public RelayConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RelayConfigException(List.of(ConfigProblem.unplaced(file.toString(), "",
                    "cannot read the file: " + e.getClass().getSimpleName())));
        }
        return parse(text, file.toString(), file.toAbsolutePath());
    }

    /** Reads text; {@code fileName} labels problems. */
    public RelayConfig parse(String text, String fileName) {
        return parse(text, fileName, null);
    }

    /** Every key path read while loading {@code text} (list indices as {@code []}); for the docs test. */
    public Set<String> keysRead(String text) {
        Set<String> keys = new TreeSet<>();
        Problems problems = new Problems("<keys>");
        YNode root = YamlTree.parse(text, problems, env);
        if (root instanceof YNode.YMap map) {
            read(new Section(map, "", problems, keys), null);
        }
        return keys;
    }

    private RelayConfig parse(String text, String fileName, @Nullable Path source) {
        Problems problems = new Problems(fileName);
        YNode root = YamlTree.parse(text, problems, env);
        if (root == null) {
            throw new RelayConfigException(problems.list());
        }
        if (!(root instanceof YNode.YMap map)) {
            problems.add(root, "", "the file must be a mapping of keys (relayId, controlPlane, resources...)");
            throw new RelayConfigException(problems.list());
        }
        Section top = new Section(map, "", problems, new HashSet<>());
        RelayConfig config = read(top, source);
        // other modules check their parts even when ours has problems: every problem at once
        runChecks(config, top, problems);
        if (!problems.isEmpty()) {
            throw new RelayConfigException(problems.list());
        }
        return config;
    }

    private void runChecks(RelayConfig config, Section top, Problems problems) {
        for (SectionCheckBinding binding : checks) {
            switch (binding.scope()) {
                case "masking", "audit" -> {
                    Map<String, Object> values = binding.scope().equals("masking") ? config.masking() : config.audit();
                    YNode at = top.nodeAt(binding.scope());
                    place(problems, at == null ? top.node() : at, binding.scope(),
                            safeCheck(binding.check(), config, binding.scope(), values));
                }
                case "resources" -> {
                    YNode list = top.nodeAt("resources");
                    if (!(list instanceof YNode.YList items) || items.items().size() != config.resources().size()) {
                        continue;
                    }
                    for (int i = 0; i < items.items().size(); i++) {
                        YNode item = items.items().get(i);
                        String path = "resources[" + i + "]";
                        RelayConfig.Resource r = config.resources().get(i);
                        if (r.id().isEmpty() || r.type().isEmpty()) {
                            continue;
                        }
                        @SuppressWarnings("unchecked")
                        Map<String, Object> values = (Map<String, Object>) Section.toPlain(item);
                        place(problems, item, path, safeCheck(binding.check(), config, path,
                                values == null ? Map.of() : values));
                    }
                }
                default -> throw new IllegalStateException("unknown check scope " + binding.scope());
            }
        }
    }

    private static List<String> safeCheck(SectionCheck check, RelayConfig config, String section, Map<String, Object> values) {
        try {
            return check.check(config, section, values);
        } catch (RuntimeException e) {
            return List.of(": could not be validated (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Places {@code key.path: message} problems reported relative to {@code base}. */
    private static void place(Problems problems, YNode base, String basePath, List<String> reported) {
        for (String problem : reported) {
            int colon = problem.indexOf(": ");
            String rel = colon >= 0 ? problem.substring(0, colon).trim() : "";
            String message = colon >= 0 ? problem.substring(colon + 2) : problem;
            if (rel.contains(" ")) {
                rel = "";
                message = problem;
            }
            YNode at = Section.locate(base, rel);
            String path = rel.isEmpty() ? basePath : basePath + (rel.startsWith("[") ? "" : ".") + rel;
            problems.add(at, path, message);
        }
    }

    private RelayConfig read(Section top, @Nullable Path source) {
        Problems problems = top.problems();
        String relayId = top.optString("relayId");
        if (relayId == null || relayId.isBlank()) {
            relayId = hostName.get();
        }
        RelayConfig.ControlPlane controlPlane = readControlPlane(top);
        RelayConfig.Limits limits = readLimits(top.sectionOrEmpty("limits"));
        List<RelayConfig.Resource> resources = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Section r : top.sections("resources")) {
            RelayConfig.Resource resource = readResource(r);
            if (!resource.id().isEmpty() && !ids.add(resource.id())) {
                YNode at = r.nodeAt("id");
                problems.add(at == null ? r.node() : at, r.pathOf("id"), "duplicate resource id");
            }
            resources.add(resource);
        }
        Map<String, Object> masking = top.rawMap("masking");
        Map<String, Object> audit = top.rawMap("audit");
        Section health = top.sectionOrEmpty("health");
        RelayConfig.Health h = new RelayConfig.Health(
                health.duration("probeInterval", Duration.ofSeconds(30), Duration.ofMillis(100), MAX_DURATION),
                health.duration("probeTimeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5)));
        health.finish();
        Section reload = top.sectionOrEmpty("reload");
        RelayConfig.Reload rl = new RelayConfig.Reload(reload.bool("watch", true),
                reload.duration("pollInterval", Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofHours(1)));
        reload.finish();
        Section logging = top.sectionOrEmpty("logging");
        String format = oneOf(logging, "format", "text", List.of("text", "json"));
        String level = oneOf(logging, "level", "info", List.of("error", "warn", "info", "debug", "trace"));
        logging.finish();
        top.finish();
        return new RelayConfig(relayId, controlPlane, limits, resources, masking, audit, h, rl,
                new RelayConfig.Logging(format, level), source);
    }

    private static String oneOf(Section s, String key, String defaultValue, List<String> allowed) {
        String v = s.optString(key);
        if (v == null) {
            return defaultValue;
        }
        if (!allowed.contains(v)) {
            YNode at = s.nodeAt(key);
            s.problems().add(at == null ? s.node() : at, s.pathOf(key), "must be one of " + String.join(", ", allowed));
            return defaultValue;
        }
        return v;
    }

    private RelayConfig.ControlPlane readControlPlane(Section top) {
        Problems problems = top.problems();
        Section cp = top.section("controlPlane");
        if (cp == null) {
            problems.add(top.node(), "controlPlane", "required section is missing");
            cp = top.sectionOrEmpty("controlPlane");
        }
        String urlText = cp.requiredString("url");
        boolean insecure = cp.bool("insecure", false);
        URI url = URI.create("wss://invalid" + DEFAULT_PATH);
        if (!urlText.isEmpty()) {
            YNode at = cp.nodeAt("url");
            try {
                URI u = new URI(urlText);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("wss") && !scheme.equals("ws")) {
                    problems.add(at, "controlPlane.url", "must start with wss:// (or ws:// with insecure: true)");
                } else if (u.getHost() == null) {
                    problems.add(at, "controlPlane.url", "must name a host");
                } else if (scheme.equals("ws") && !insecure) {
                    problems.add(at, "controlPlane.url",
                            "ws:// sends the token in clear text; use wss:// or set controlPlane.insecure: true (local use only)");
                } else if (u.getUserInfo() != null) {
                    problems.add(at, "controlPlane.url", "must not carry credentials; use controlPlane.token");
                } else {
                    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? DEFAULT_PATH : u.getRawPath();
                    url = new URI(scheme, null, u.getHost(), u.getPort(), null, null, null)
                            .resolve(path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                problems.add(at, "controlPlane.url", "is not a valid URL");
            }
        }
        Secret token = Secret.of(cp.requiredString("token"));
        RelayConfig.Tls tls = readTls(cp);
        RelayConfig.Proxy proxy = readProxy(cp, url);
        Duration heartbeat = cp.duration("heartbeatInterval", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1));
        Duration connectTimeout = cp.duration("connectTimeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5));
        Duration ping = cp.duration("pingInterval", Duration.ofSeconds(15), Duration.ofMillis(100), Duration.ofHours(1));
        Duration idle = cp.duration("idleTimeout", Duration.ofSeconds(45), Duration.ofMillis(200), Duration.ofHours(2));
        if (idle.compareTo(ping) <= 0) {
            YNode at = cp.nodeAt("idleTimeout");
            problems.add(at == null ? cp.node() : at, "controlPlane.idleTimeout", "must be longer than controlPlane.pingInterval");
        }
        Section rc = cp.sectionOrEmpty("reconnect");
        Duration initial = rc.duration("initialDelay", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofHours(1));
        Duration max = rc.duration("maxDelay", Duration.ofSeconds(60), Duration.ofMillis(10), Duration.ofHours(1));
        if (max.compareTo(initial) < 0) {
            YNode at = rc.nodeAt("maxDelay");
            problems.add(at == null ? rc.node() : at, "controlPlane.reconnect.maxDelay", "must not be shorter than initialDelay");
        }
        RelayConfig.Reconnect reconnect = new RelayConfig.Reconnect(initial, max,
                rc.duration("resetAfter", Duration.ofSeconds(60), Duration.ofMillis(10), MAX_DURATION),
                rc.duration("authFailureDelay", Duration.ofMinutes(5), Duration.ofMillis(10), MAX_DURATION),
                (int) rc.integer("exitAfterFailedAttempts", 0, 0, 1_000_000));
        rc.finish();
        cp.finish();
        return new RelayConfig.ControlPlane(url, token, tls, proxy, insecure, heartbeat, connectTimeout, ping, idle, reconnect);
    }

    private RelayConfig.Tls readTls(Section cp) {
        Section tls = cp.sectionOrEmpty("tls");
        Path ca = readableFile(tls, "caFile");
        Path cert = readableFile(tls, "clientCertFile");
        Path key = readableFile(tls, "clientKeyFile");
        Secret keyPassword = tls.optSecret("clientKeyPassword");
        if ((tls.has("clientCertFile")) != (tls.has("clientKeyFile"))) {
            tls.problems().add(tls.node(), tls.path(), "clientCertFile and clientKeyFile go together (mTLS needs both)");
        }
        List<String> protocols = tls.optStrings("protocols");
        if (protocols == null) {
            protocols = List.of("TLSv1.3", "TLSv1.2");
        }
        for (String p : protocols) {
            if (!p.equals("TLSv1.3") && !p.equals("TLSv1.2")) {
                YNode at = tls.nodeAt("protocols");
                tls.problems().add(at == null ? tls.node() : at, tls.pathOf("protocols"), "only TLSv1.3 and TLSv1.2 are allowed");
                break;
            }
        }
        if (protocols.isEmpty()) {
            tls.problems().add(tls.node(), tls.pathOf("protocols"), "must name at least one protocol");
        }
        tls.finish();
        return new RelayConfig.Tls(ca, cert, key, keyPassword, protocols);
    }

    private static @Nullable Path readableFile(Section s, String key) {
        String v = s.optString(key);
        if (v == null) {
            return null;
        }
        Path p = Path.of(v);
        if (!Files.isReadable(p)) {
            YNode at = s.nodeAt(key);
            s.problems().add(at == null ? s.node() : at, s.pathOf(key), "file " + v + " does not exist or is not readable");
        }
        return p;
    }

    private RelayConfig.@Nullable Proxy readProxy(Section cp, URI url) {
        String text = cp.optString("proxy");
        List<String> noProxy = cp.optStrings("noProxy");
        YNode at = cp.nodeAt("proxy");
        if (text == null) {
            // not configured: honour the environment as curl does
            boolean tlsUrl = "wss".equals(url.getScheme());
            text = firstSet(tlsUrl ? List.of("HTTPS_PROXY", "https_proxy") : List.of("HTTP_PROXY", "http_proxy"));
            if (noProxy == null) {
                String np = firstSet(List.of("NO_PROXY", "no_proxy"));
                noProxy = np == null ? List.of() : List.of(np.split("\\s*,\\s*"));
            }
            at = null;
        }
        if (text == null || text.isBlank() || text.equals("none")) {
            return null;
        }
        if (noProxy != null && bypass(url.getHost(), noProxy)) {
            return null;
        }
        try {
            URI p = new URI(text.contains("://") ? text : "http://" + text);
            if (!"http".equalsIgnoreCase(p.getScheme()) || p.getHost() == null) {
                throw new URISyntaxException(text, "scheme");
            }
            String user = null;
            Secret password = null;
            if (p.getRawUserInfo() != null) {
                String[] parts = p.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                password = Secret.of(parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
            return new RelayConfig.Proxy(p.getHost(), p.getPort() < 0 ? 3128 : p.getPort(), user, password);
        } catch (URISyntaxException e) {
            String where = at == null ? "the HTTPS_PROXY/HTTP_PROXY environment variable" : "value";
            cp.problems().add(at == null ? cp.node() : at, "controlPlane.proxy",
                    where + " must be an HTTP proxy URL such as http://proxy:3128");
            return null;
        }
    }

    private @Nullable String firstSet(List<String> names) {
        for (String n : names) {
            String v = env.apply(n);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /** NO_PROXY semantics: {@code *}, exact host, or a domain suffix ({@code .corp} or {@code corp}). */
    static boolean bypass(String host, List<String> noProxy) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String entry : noProxy) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.lastIndexOf(':');
            if (colon > 0 && e.indexOf(']') < colon && !e.startsWith("[")) {
                e = e.substring(0, colon);
            }
            if (e.equals("*") || h.equals(e) || h.endsWith(e.startsWith(".") ? e : "." + e)) {
                return true;
            }
        }
        return false;
    }

    private static RelayConfig.Limits readLimits(Section s) {
        RelayConfig.Limits limits = new RelayConfig.Limits(
                (int) s.integer("maxConcurrentRequests", 16, 1, 1024),
                (int) s.integer("queueSize", 64, 0, 100_000),
                s.size("maxRequestBytes", 1024L * 1024, 1024, 64L * 1024 * 1024),
                s.duration("requestTimeout", Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofHours(1)),
                s.duration("shutdownGracePeriod", Duration.ofSeconds(25), Duration.ZERO, Duration.ofMinutes(10)));
        s.finish();
        return limits;
    }

    private static RelayConfig.Resource readResource(Section r) {
        Problems problems = r.problems();
        String id = r.requiredString("id");
        if (!id.isEmpty() && !RESOURCE_ID.matcher(id).matches()) {
            YNode at = r.nodeAt("id");
            problems.add(at == null ? r.node() : at, r.pathOf("id"),
                    "must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String type = r.requiredString("type");
        Map<String, Object> connection = nonNullValues(r, "connection");
        Map<String, Object> pool = nonNullValues(r, "pool");
        Set<Operation> ops = EnumSet.noneOf(Operation.class);
        List<String> opNames = r.optStrings("allowedOperations");
        if (opNames == null) {
            ops = EnumSet.allOf(Operation.class);
        } else {
            for (String name : opNames) {
                Operation op = Operation.fromWireName(name).orElse(null);
                if (op == null) {
                    YNode at = r.nodeAt("allowedOperations");
                    problems.add(at == null ? r.node() : at, r.pathOf("allowedOperations"),
                            "unknown operation '" + name + "' (query, list_tables, describe_table, explain)");
                } else {
                    ops.add(op);
                }
            }
        }
        int maxRows = (int) r.integer("maxRowsPerQuery", 1000, 1, 1_000_000);
        long maxResponseBytes = r.size("maxResponseBytes", 16L * 1024 * 1024, 1024, 1024L * 1024 * 1024);
        Duration statementTimeout = r.duration("statementTimeout", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1));
        Section tables = r.sectionOrEmpty("tables");
        List<String> allow = orEmpty(tables.optStrings("allow"));
        List<String> deny = orEmpty(tables.optStrings("deny"));
        tables.finish();
        String functionPolicy = oneOf(r, "functionPolicy", "denylist", List.of("denylist", "allowlist"));
        List<String> blocked = orEmpty(r.optStrings("blockedFunctions"));
        List<String> allowedFns = orEmpty(r.optStrings("allowedFunctions"));
        boolean js = r.bool("allowServerSideJavaScript", false);
        int maxQueryLength = (int) r.integer("maxQueryLength", 100_000, 1, 10_000_000);
        r.finish();
        return new RelayConfig.Resource(id, type, connection, pool, ops, maxRows, maxResponseBytes, statementTimeout,
                allow, deny, functionPolicy, blocked, allowedFns, js, maxQueryLength);
    }

    private static Map<String, Object> nonNullValues(Section r, String key) {
        Map<String, Object> raw = r.rawMap(key);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            if (e.getValue() == null) {
                YNode at = Section.locate(r.node(), key + "." + e.getKey());
                r.problems().add(at, r.pathOf(key) + "." + e.getKey(), "must not be empty");
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static List<String> orEmpty(@Nullable List<String> list) {
        return list == null ? List.of() : list;
    }

    private static String localHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "relay";
        }
    }

    /** Kept for callers that want the set of operation names in error text. */
    static Set<String> operationNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Operation op : Operation.values()) {
            names.add(op.wireName());
        }
        return names;
    }
}
