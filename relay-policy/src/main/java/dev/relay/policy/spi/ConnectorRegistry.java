package dev.relay.policy.spi;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The connector providers found on a class path (or module path), by resource type. Start-up builds
 * one with {@link #load(ClassLoader)} and creates each resource's connector with
 * {@link #create(ConnectorConfig)}.
 *
 * <p>Discovery rules: providers come from {@link ServiceLoader} only; two providers of the same
 * type stop start-up with a {@link ConnectorRegistryException} naming both classes and where they
 * were loaded from; a provider that cannot be loaded, instantiated or named (a
 * {@link ServiceConfigurationError}, an exception from its constructor or {@code type()}, a
 * malformed type) is left out and reported in {@link #failures()}, and the others keep working.
 * Immutable and thread-safe once built.
 */
public final class ConnectorRegistry {

    /** Resource types are lower case words: {@code postgres}, {@code mongodb}, {@code my-store}. */
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final int MAX_FAILURES = 100;

    private final Map<String, ConnectorProvider> providers;
    private final List<String> failures;

    private ConnectorRegistry(Map<String, ConnectorProvider> providers, List<String> failures) {
        this.providers = Collections.unmodifiableMap(providers);
        this.failures = List.copyOf(failures);
    }

    /** Discovers the providers visible to {@code loader} through {@code META-INF/services} (and {@code provides}). */
    public static ConnectorRegistry load(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        List<ConnectorProvider> found = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Iterator<ConnectorProvider> it = ServiceLoader.load(ConnectorProvider.class, loader).iterator();
        while (failures.size() < MAX_FAILURES) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                failures.add("a connector provider could not be loaded: " + describe(e));
            }
        }
        return build(found, failures);
    }

    /** Discovers providers with the class loader that loaded this class. */
    public static ConnectorRegistry load() {
        ClassLoader loader = ConnectorRegistry.class.getClassLoader();
        return load(loader == null ? ClassLoader.getSystemClassLoader() : loader);
    }

    /** A registry of the given providers, with the same checks as discovery (for embedding and tests). */
    public static ConnectorRegistry of(List<? extends ConnectorProvider> providers) {
        return build(new ArrayList<>(providers), new ArrayList<>());
    }

    private static ConnectorRegistry build(List<ConnectorProvider> found, List<String> failures) {
        Map<String, ConnectorProvider> byType = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (ConnectorProvider provider : found) {
            String type;
            try {
                type = provider.type();
            } catch (RuntimeException | LinkageError e) {
                failures.add("connector provider " + origin(provider) + " failed in type(): " + describe(e));
                continue;
            }
            if (type == null || !TYPE.matcher(type).matches()) {
                failures.add("connector provider " + origin(provider)
                        + " has an invalid type (expected lower case letters, digits, '-' or '_')");
                continue;
            }
            ConnectorProvider previous = byType.putIfAbsent(type, provider);
            if (previous != null) {
                duplicates.add("two connector providers for type '" + type + "': " + origin(previous) + " and "
                        + origin(provider) + "; remove one of the jars from the class path");
            }
        }
        if (!duplicates.isEmpty()) {
            throw new ConnectorRegistryException(duplicates);
        }
        return new ConnectorRegistry(byType, failures);
    }

    /** The provider of {@code type}, if one was found. */
    public Optional<ConnectorProvider> provider(String type) {
        return Optional.ofNullable(providers.get(type));
    }

    /** Every type served, sorted. */
    public Set<String> types() {
        return Collections.unmodifiableSet(new TreeSet<>(providers.keySet()));
    }

    /** Providers that were left out, one safe sentence each; empty when all loaded. */
    public List<String> failures() {
        return failures;
    }

    /**
     * Creates the connector of one resource with the provider of its type.
     *
     * @throws ConnectorConfigException when no provider serves the type ({@code type: ...}) or the
     *     provider rejects the configuration (each problem naming its key)
     */
    public ResourceConnector create(ConnectorConfig config) {
        ConnectorProvider provider = providers.get(config.type());
        if (provider == null) {
            throw new ConnectorConfigException(List.of("type: no connector for resource type '" + config.type()
                    + "' (available: " + String.join(", ", types()) + ")"));
        }
        return provider.create(config);
    }

    @Override
    public String toString() {
        return "ConnectorRegistry[types=" + types() + ", failures=" + failures.size() + "]";
    }

    /** {@code com.example.FooProvider (from file:/opt/relay/lib/foo.jar)}. */
    static String origin(Object provider) {
        Class<?> c = provider.getClass();
        String where = null;
        try {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            where = location == null ? null : location.toString();
        } catch (SecurityException ignored) {
            // no location then
        }
        return c.getName() + (where == null ? "" : " (from " + where + ")");
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
        String message = e.getMessage();
        if (message != null) {
            sb.append(": ").append(message);
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            sb.append(" (caused by ").append(cause.getClass().getSimpleName());
            @Nullable String cm = cause.getMessage();
            if (cm != null) {
                sb.append(": ").append(cm);
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
