package dev.relay.testkit.db;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * A MongoDB server for tests. Which one is chosen by {@code RELAY_TEST_MONGO} (environment variable,
 * or system property {@code relay.test.mongo}):
 * <ul>
 *   <li>{@code docker}: a Testcontainers {@link MongoDBContainer} (a real mongod, single-node replica set);</li>
 *   <li>{@code memory}: the in-process wire-protocol server {@code de.bwaldvogel:mongo-java-server} with its
 *       memory backend (speaks enough of the protocol for find/aggregate, but has no {@code explain},
 *       no views, no authentication and does not enforce {@code maxTimeMS});</li>
 *   <li>a {@code mongodb://} connection string: an existing server (cannot be stopped by the fixture);</li>
 *   <li>unset: Docker when a Docker daemon answers, otherwise the in-process server.</li>
 * </ul>
 * The fixture never skips: it prints the backend it uses to standard error, and fails when the backend asked
 * for cannot be started.
 *
 * <p>{@link #stop()} and {@link #start()} take the server down and bring it back for outage tests; both the
 * in-process server and the container (bound to a fixed host port, stopped and started with Docker) keep their
 * data and their port across a restart.
 *
 * <pre>{@code
 * try (MongoFixture mongo = MongoFixture.create()) {
 *     mongo.client().getDatabase("app").getCollection("users").insertOne(new Document("name", "Ada"));
 *     String uri = mongo.connectionString();
 * }
 * }</pre>
 */
public final class MongoFixture implements AutoCloseable {

    /** Where the server runs. */
    public enum Backend {
        /** A real mongod in a Testcontainers container. */
        DOCKER,
        /** The in-process mongo-java-server with its memory backend. */
        IN_MEMORY,
        /** A server given by connection string; not owned by the fixture. */
        EXTERNAL
    }

    /** The environment variable (or, lower case dotted, system property) that chooses the backend. */
    public static final String SELECTOR_ENV = "RELAY_TEST_MONGO";

    private static final String SELECTOR_PROPERTY = "relay.test.mongo";
    private static final String DOCKER_IMAGE = "mongo:7.0";

    private final Backend backend;
    private final PrintStream log;
    private @Nullable MongoDBContainer container;
    private @Nullable RetainingMemoryBackend memoryBackend;
    private @Nullable MongoServer memoryServer;
    private int memoryPort;
    private @Nullable String externalUri;
    private @Nullable MongoClient client;
    private boolean running;

    private MongoFixture(Backend backend, PrintStream log) {
        this.backend = backend;
        this.log = log;
    }

    /** Starts the backend chosen by {@code RELAY_TEST_MONGO} (see the class comment). */
    public static MongoFixture create() {
        String selector = System.getProperty(SELECTOR_PROPERTY);
        if (selector == null || selector.isBlank()) {
            selector = System.getenv(SELECTOR_ENV);
        }
        return create(selector == null ? "" : selector.trim(), System.err);
    }

    /** Starts a specific backend ({@link Backend#EXTERNAL} is not startable this way: give its URI to {@link #create()}). */
    public static MongoFixture create(Backend backend) {
        if (backend == Backend.EXTERNAL) {
            throw new IllegalArgumentException("an external MongoDB is chosen with " + SELECTOR_ENV + "=mongodb://...");
        }
        return create(backend == Backend.DOCKER ? "docker" : "memory", System.err);
    }

    private static MongoFixture create(String selector, PrintStream log) {
        String lower = selector.toLowerCase(Locale.ROOT);
        MongoFixture fixture;
        if (lower.startsWith("mongodb://") || lower.startsWith("mongodb+srv://")) {
            fixture = new MongoFixture(Backend.EXTERNAL, log);
            fixture.externalUri = selector;
        } else if (lower.equals("docker")) {
            fixture = new MongoFixture(Backend.DOCKER, log);
        } else if (lower.equals("memory") || lower.equals("in-memory") || lower.equals("embedded")) {
            fixture = new MongoFixture(Backend.IN_MEMORY, log);
        } else if (lower.isEmpty()) {
            boolean docker = dockerAvailable();
            fixture = new MongoFixture(docker ? Backend.DOCKER : Backend.IN_MEMORY, log);
            if (!docker) {
                log.println("MongoFixture: no Docker daemon found; falling back to the in-process mongo-java-server");
            }
        } else {
            throw new IllegalArgumentException(SELECTOR_ENV + " must be docker, memory or a mongodb:// URI");
        }
        fixture.start();
        log.println("MongoFixture: using " + fixture.describe());
        return fixture;
    }

    private static boolean dockerAvailable() {
        if (!dockerMayBeThere()) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Asking Testcontainers takes a second or more without a daemon: skip it when no socket or setting exists. */
    private static boolean dockerMayBeThere() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        String home = System.getProperty("user.home", "");
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        return java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                || java.nio.file.Files.exists(java.nio.file.Path.of(home, ".testcontainers.properties"))
                || java.nio.file.Files.exists(java.nio.file.Path.of(home, ".docker", "run", "docker.sock"))
                || java.nio.file.Files.exists(java.nio.file.Path.of(home, ".docker", "desktop", "docker.sock"))
                || runtimeDir != null && java.nio.file.Files.exists(java.nio.file.Path.of(runtimeDir, "docker.sock"));
    }

    /** The backend in use. */
    public Backend backend() {
        return backend;
    }

    /** True for a real mongod (Docker or external); false for the in-process server. */
    public boolean isRealMongod() {
        return backend != Backend.IN_MEMORY;
    }

    /** A connection string without credentials or database, e.g. {@code mongodb://127.0.0.1:41234}. */
    public synchronized String connectionString() {
        switch (backend) {
            case DOCKER:
                return requireContainer().getConnectionString();
            case IN_MEMORY:
                return "mongodb://127.0.0.1:" + memoryPort;
            default:
                return java.util.Objects.requireNonNull(externalUri);
        }
    }

    /**
     * A client owned by the fixture, for seeding and inspecting data; closed with the fixture and by
     * {@link #stop()} (a later call after {@link #start()} gives a fresh one, so no pooled connection to the old
     * server is reused). Don't keep the instance across a restart.
     */
    public synchronized MongoClient client() {
        if (client == null) {
            client = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(connectionString()))
                    .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                    .applyToSocketSettings(b -> b.connectTimeout(2, TimeUnit.SECONDS))
                    .build());
        }
        return client;
    }

    /** Whether the server is up (as far as the fixture knows). */
    public synchronized boolean isRunning() {
        return running;
    }

    /** Starts the server, or brings it back after {@link #stop()} (same data; same port for the in-process server). */
    public synchronized void start() {
        if (running) {
            return;
        }
        switch (backend) {
            case DOCKER:
                startDocker();
                break;
            case IN_MEMORY:
                startMemory();
                break;
            default:
                break;
        }
        running = true;
    }

    /** Takes the server down: open connections are closed and new ones refused until {@link #start()}. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        if (client != null) {
            client.close();
            client = null;
        }
        switch (backend) {
            case DOCKER: {
                MongoDBContainer c = requireContainer();
                c.getDockerClient().stopContainerCmd(c.getContainerId()).exec();
                break;
            }
            case IN_MEMORY: {
                MongoServer server = memoryServer;
                memoryServer = null;
                if (server != null) {
                    server.shutdownNow();
                }
                break;
            }
            default:
                throw new UnsupportedOperationException("an external MongoDB cannot be stopped by the fixture");
        }
        running = false;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (memoryServer != null) {
            memoryServer.shutdownNow();
            memoryServer = null;
        }
        if (memoryBackend != null) {
            memoryBackend.release();
            memoryBackend = null;
        }
        if (container != null) {
            container.stop();
            container = null;
        }
        running = false;
    }

    @Override
    public String toString() {
        return "MongoFixture[" + describe() + "]";
    }

    private String describe() {
        switch (backend) {
            case DOCKER:
                return "Docker " + DOCKER_IMAGE + " (Testcontainers) at " + (container == null ? "-" : connectionString());
            case IN_MEMORY:
                return "in-process mongo-java-server (memory backend) at " + connectionString();
            default:
                return "external MongoDB (connection string from " + SELECTOR_ENV + ")";
        }
    }

    private void startDocker() {
        if (container == null) {
            MongoDBContainer c = new MongoDBContainer(DOCKER_IMAGE);
            // a fixed host port, so that a restarted container (docker stop/start) answers where it did before
            c.setPortBindings(List.of(freePort() + ":27017"));
            c.start();
            container = c;
        } else {
            MongoDBContainer c = container;
            c.getDockerClient().startContainerCmd(c.getContainerId()).exec();
            // wait for the server to accept connections again
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                try {
                    org.testcontainers.containers.Container.ExecResult r = c.execInContainer("mongosh", "--quiet", "--eval",
                            "db.adminCommand({ping: 1}).ok");
                    if (r.getExitCode() == 0 && r.getStdout().trim().endsWith("1")) {
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while restarting the MongoDB container", e);
                    }
                }
                sleepQuietly(250);
            }
            throw new IllegalStateException("the MongoDB container did not come back within 60 s");
        }
    }

    private void startMemory() {
        if (memoryBackend == null) {
            RetainingMemoryBackend fresh = new RetainingMemoryBackend();
            fresh.version(ServerVersion.MONGO_5_0);
            memoryBackend = fresh;
        }
        MongoServer server = new MongoServer(memoryBackend);
        server.bind("127.0.0.1", memoryPort);
        if (memoryPort == 0) {
            InetSocketAddress address = server.getLocalAddress();
            memoryPort = address.getPort();
        }
        memoryServer = server;
    }

    private MongoDBContainer requireContainer() {
        MongoDBContainer c = container;
        if (c == null) {
            throw new IllegalStateException("the MongoDB container is not started");
        }
        return c;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no free local port for the MongoDB container", e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code action} each time the in-process server receives {@code command} (e.g. {@code getMore}), on the
     * server's I/O thread, before the command is handled; {@code null} removes the hook. For fault injection
     * (stopping the server mid-cursor). Only the {@link Backend#IN_MEMORY} backend supports hooks.
     *
     * @throws UnsupportedOperationException for the other backends
     */
    public synchronized void onCommand(String command, @Nullable Runnable action) {
        if (backend != Backend.IN_MEMORY || memoryBackend == null) {
            throw new UnsupportedOperationException("command hooks need the in-process server (backend " + backend + ")");
        }
        memoryBackend.hooks.compute(command, (k, v) -> action);
    }

    /** Whether {@link #onCommand(String, Runnable)} is available. */
    public boolean supportsCommandHooks() {
        return backend == Backend.IN_MEMORY;
    }

    /** A memory backend whose data survives the server's shutdown until the fixture is closed. */
    private static final class RetainingMemoryBackend extends MemoryBackend {
        private final java.util.Map<String, Runnable> hooks = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile boolean released;

        @Override
        public de.bwaldvogel.mongo.bson.Document handleCommand(io.netty.channel.Channel channel, String databaseName,
                String command, de.bwaldvogel.mongo.bson.Document query) {
            Runnable hook = hooks.get(command);
            if (hook != null) {
                hook.run();
            }
            return super.handleCommand(channel, databaseName, command, query);
        }

        void release() {
            released = true;
            super.close();
        }

        @Override
        public void close() {
            if (released) {
                super.close();
            }
            // otherwise keep the databases: MongoServer.shutdown() closes its backend, a restart reuses it
        }
    }
}
