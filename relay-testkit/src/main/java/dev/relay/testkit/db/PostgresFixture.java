package dev.relay.testkit.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for tests. Where it comes from is chosen by the environment variable
 * {@code RELAY_TEST_POSTGRES}:
 * <ul>
 *   <li>{@code docker}: a Testcontainers {@code postgres:17-alpine} container;</li>
 *   <li>{@code embedded}: the embedded PostgreSQL 17 binaries from Maven Central (zonky), run as a
 *       local process with its own data directory;</li>
 *   <li>a JDBC URL ({@code jdbc:postgresql://host:port/db}): an external server, with credentials in
 *       the URL's {@code user}/{@code password} query parameters or in
 *       {@code RELAY_TEST_POSTGRES_USER}/{@code RELAY_TEST_POSTGRES_PASSWORD};</li>
 *   <li>unset: Docker when a Docker daemon answers, embedded binaries otherwise.</li>
 * </ul>
 * It never skips: if no server can be started the test fails with the reason.
 *
 * <p>Start here: {@link #shared()} gives the one server of this JVM (started on first use, stopped
 * at exit); tests isolate their data with {@link #createDatabase(String)}. Destructive tests (outages)
 * take a {@link #startPrivate() private} server, stop it with {@link #stop()}, bring it back on the
 * same port with the same data with {@link #start()}, and close it.
 *
 * <p>{@link #user()}/{@link #password()} are a password-authenticated login (so a wrong password
 * really fails); it may be a superuser. {@link #superuserDataSource()} is for test setup only.
 */
public final class PostgresFixture implements AutoCloseable {

    /** Where the server comes from. */
    public enum Mode {
        DOCKER,
        EMBEDDED,
        EXTERNAL
    }

    /** The environment variable that chooses the mode. */
    public static final String ENV = "RELAY_TEST_POSTGRES";

    private static final String LOGIN_USER = "relay";
    private static final String LOGIN_PASSWORD = "relay-test-password";
    private static final String DOCKER_IMAGE = "postgres:17-alpine";

    private final Mode mode;
    private final boolean shared;
    private final Server server;
    private final AtomicInteger databaseCounter = new AtomicInteger();

    private PostgresFixture(Mode mode, boolean shared, Server server) {
        this.mode = mode;
        this.shared = shared;
        this.server = server;
    }

    /** The server shared by every test of this JVM; started on first use, never stopped by tests. */
    public static PostgresFixture shared() {
        return SharedHolder.INSTANCE;
    }

    /**
     * Starts a server of one's own (for tests that stop it); the caller closes it. When
     * {@code RELAY_TEST_POSTGRES} names an external server, which cannot be stopped, a private server
     * comes from the embedded binaries.
     */
    public static PostgresFixture startPrivate() {
        Mode mode = chooseMode(System.getenv(ENV));
        if (mode == Mode.EXTERNAL) {
            mode = Mode.EMBEDDED;
        }
        return start(mode, System.getenv(ENV), false);
    }

    private static final class SharedHolder {
        static final PostgresFixture INSTANCE = createShared();

        private static PostgresFixture createShared() {
            String setting = System.getenv(ENV);
            PostgresFixture fixture = start(chooseMode(setting), setting, true);
            Runtime.getRuntime().addShutdownHook(new Thread(fixture::closeQuietly, "postgres-fixture-shutdown"));
            return fixture;
        }
    }

    static Mode chooseMode(@Nullable String setting) {
        if (setting == null || setting.isBlank()) {
            return dockerAvailable() ? Mode.DOCKER : Mode.EMBEDDED;
        }
        String s = setting.trim();
        if (s.equalsIgnoreCase("docker")) {
            return Mode.DOCKER;
        }
        if (s.equalsIgnoreCase("embedded")) {
            return Mode.EMBEDDED;
        }
        if (s.startsWith("jdbc:postgresql:")) {
            return Mode.EXTERNAL;
        }
        throw new IllegalStateException(ENV + ": expected docker, embedded or a jdbc:postgresql:// URL");
    }

    private static boolean dockerAvailable() {
        if (!dockerMayBeThere()) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Asking Testcontainers takes seconds when there is no daemon; skip it when no socket or setting exists. */
    private static boolean dockerMayBeThere() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        String home = System.getProperty("user.home", "");
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        return Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".docker", "desktop", "docker.sock"))
                || runtimeDir != null && Files.exists(Path.of(runtimeDir, "docker.sock"));
    }

    private static PostgresFixture start(Mode mode, @Nullable String setting, boolean shared) {
        Server server = switch (mode) {
            case DOCKER -> new DockerServer();
            case EMBEDDED -> new EmbeddedServer();
            case EXTERNAL -> new ExternalServer(Objects.requireNonNull(setting).trim());
        };
        try {
            server.start();
        } catch (RuntimeException e) {
            server.closeQuietly();
            throw new IllegalStateException("PostgresFixture: could not start PostgreSQL (" + mode + "): "
                    + e.getMessage(), e);
        }
        return new PostgresFixture(mode, shared, server);
    }

    public Mode mode() {
        return mode;
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    /** The default database of this server. */
    public String database() {
        return server.database();
    }

    /** JDBC URL of {@link #database()}, without credentials. */
    public String jdbcUrl() {
        return jdbcUrl(database());
    }

    /** JDBC URL of another database on this server, without credentials. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A password-authenticated login that can read everything the setup creates. */
    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** A superuser data source on {@link #database()}, for test setup (creating tables, roles, data). */
    public DataSource superuserDataSource() {
        return superuserDataSource(database());
    }

    /** A superuser data source on another database of this server. */
    public DataSource superuserDataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl(database));
        ds.setUser(server.superUser());
        String pw = server.superPassword();
        if (pw != null) {
            ds.setPassword(pw);
        }
        ds.setConnectTimeout(10);
        return ds;
    }

    /**
     * Creates a fresh, empty database owned by the superuser and returns its name
     * ({@code prefix_<n>_<random>}), so that tests sharing the server do not see each other's tables.
     */
    public String createDatabase(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
            clean = "t_" + clean;
        }
        if (clean.length() > 40) {
            clean = clean.substring(0, 40);
        }
        String name = clean + "_" + databaseCounter.incrementAndGet() + "_"
                + Long.toHexString(System.nanoTime() & 0xffffffL);
        execute("CREATE DATABASE " + name);
        return name;
    }

    /** Runs setup statements as superuser on {@link #database()}. */
    public void execute(String... statements) {
        executeIn(database(), statements);
    }

    /** Runs setup statements as superuser on the given database. */
    public void executeIn(String database, String... statements) {
        try (Connection c = superuserDataSource(database).getConnection(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgresFixture: setup statement failed: SQLSTATE " + e.getSQLState()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@link #stop()}/{@link #start()} are available: private Docker or embedded servers only. */
    public boolean canStop() {
        return !shared && mode != Mode.EXTERNAL;
    }

    /** Stops the server (fast shutdown: open sessions are terminated). The port and the data are kept. */
    public void stop() {
        requireStoppable();
        server.stop();
    }

    /** Starts a stopped server again on the same port with the same data; waits until it accepts connections. */
    public void start() {
        requireStoppable();
        server.restart();
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    private void requireStoppable() {
        if (shared) {
            throw new IllegalStateException("the shared PostgresFixture cannot be stopped: use PostgresFixture.startPrivate()");
        }
        if (mode == Mode.EXTERNAL) {
            throw new IllegalStateException("an external PostgreSQL server cannot be stopped by the fixture");
        }
    }

    /** Stops and removes a private server; the shared one is closed at JVM exit and ignores this. */
    @Override
    public void close() {
        if (!shared) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        server.closeQuietly();
    }

    @Override
    public String toString() {
        return "PostgresFixture[mode=" + mode + ", url=" + jdbcUrl() + ", shared=" + shared + "]";
    }

    // ------------------------------------------------------------------------------------------

    private interface Server {
        void start();

        void stop();

        void restart();

        boolean isRunning();

        void closeQuietly();

        String host();

        int port();

        String database();

        String user();

        String password();

        String superUser();

        @Nullable String superPassword();
    }

    /** A loopback port nothing listens on right now, for "cannot connect" tests. */
    public static int freePortForTests() {
        return freePort();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Embedded binaries: a postgres process on a fixed loopback port over a temporary data directory. */
    private static final class EmbeddedServer implements Server {
        private final int port = freePort();
        private final Path dataDir;
        private @Nullable EmbeddedPostgres pg;

        EmbeddedServer() {
            try {
                dataDir = Files.createTempDirectory("relay-pg-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized void start() {
            boot();
            // Password authentication for everyone but the setup superuser, so a wrong password fails.
            try {
                Files.writeString(dataDir.resolve("pg_hba.conf"), String.join("\n",
                        "local all all trust",
                        "host all postgres 127.0.0.1/32 trust",
                        "host all postgres ::1/128 trust",
                        "host all all 127.0.0.1/32 scram-sha-256",
                        "host all all ::1/128 scram-sha-256",
                        ""), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            run("CREATE ROLE " + LOGIN_USER + " LOGIN SUPERUSER PASSWORD '" + LOGIN_PASSWORD + "'",
                    "SELECT pg_reload_conf()");
        }

        private void run(String... statements) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl("jdbc:postgresql://localhost:" + port + "/postgres");
            ds.setUser("postgres");
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                for (String s : statements) {
                    st.execute(s);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("embedded PostgreSQL setup failed: " + e.getMessage(), e);
            }
        }

        private void boot() {
            try {
                pg = EmbeddedPostgres.builder()
                        .setPort(port)
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(false)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("shared_buffers", "64MB")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }

        @Override
        public synchronized void stop() {
            EmbeddedPostgres p = pg;
            pg = null;
            if (p != null) {
                try {
                    p.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public synchronized void restart() {
            if (pg == null) {
                boot();
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return pg != null;
        }

        @Override
        public synchronized void closeQuietly() {
            try {
                stop();
            } catch (RuntimeException ignored) {
                // best effort
            }
            try (Stream<Path> walk = Files.walk(dataDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // best effort
            }
        }

        @Override
        public String host() {
            return "localhost";
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public String database() {
            return "postgres";
        }

        @Override
        public String user() {
            return LOGIN_USER;
        }

        @Override
        public String password() {
            return LOGIN_PASSWORD;
        }

        @Override
        public String superUser() {
            return "postgres";
        }

        @Override
        public @Nullable String superPassword() {
            return null;
        }
    }

    /** Testcontainers: a container whose host port is fixed, so that a stopped container comes back on it. */
    private static final class DockerServer implements Server {
        private final int port = freePort();
        private final org.testcontainers.postgresql.PostgreSQLContainer container;
        private volatile boolean running;

        @SuppressWarnings("resource")
        DockerServer() {
            container = new org.testcontainers.postgresql.PostgreSQLContainer(DOCKER_IMAGE)
                    .withDatabaseName("relay")
                    .withUsername(LOGIN_USER)
                    .withPassword(LOGIN_PASSWORD)
                    .withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off",
                            "-c", "full_page_writes=off", "-c", "max_connections=300")
                    .withCreateContainerCmdModifier(cmd -> {
                        var hostConfig = Objects.requireNonNull(cmd.getHostConfig());
                        hostConfig.withPortBindings(new com.github.dockerjava.api.model.PortBinding(
                                com.github.dockerjava.api.model.Ports.Binding.bindPort(port),
                                new com.github.dockerjava.api.model.ExposedPort(5432)));
                    });
        }

        @Override
        public void start() {
            container.start();
            running = true;
        }

        @Override
        public void stop() {
            container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
            running = false;
        }

        @Override
        public void restart() {
            if (running) {
                return;
            }
            container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
            waitUntilAccepting(this, Duration.ofSeconds(60));
            running = true;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public void closeQuietly() {
            try {
                container.stop();
            } catch (RuntimeException ignored) {
                // best effort
            }
            running = false;
        }

        @Override
        public String host() {
            return container.getHost();
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public String database() {
            return "relay";
        }

        @Override
        public String user() {
            return LOGIN_USER;
        }

        @Override
        public String password() {
            return LOGIN_PASSWORD;
        }

        @Override
        public String superUser() {
            return LOGIN_USER;
        }

        @Override
        public String superPassword() {
            return LOGIN_PASSWORD;
        }
    }

    /** A server someone else runs; the fixture only connects to it. */
    private static final class ExternalServer implements Server {
        private final String host;
        private final int port;
        private final String database;
        private final String user;
        private final String password;

        ExternalServer(String url) {
            URI uri = URI.create(url.substring("jdbc:".length()));
            host = uri.getHost() == null ? "localhost" : uri.getHost();
            port = uri.getPort() < 0 ? 5432 : uri.getPort();
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            database = path.isEmpty() ? "postgres" : path;
            String u = System.getenv("RELAY_TEST_POSTGRES_USER");
            String p = System.getenv("RELAY_TEST_POSTGRES_PASSWORD");
            if (uri.getQuery() != null) {
                for (String kv : uri.getQuery().split("&")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0 && kv.substring(0, eq).equals("user") && u == null) {
                        u = kv.substring(eq + 1);
                    } else if (eq > 0 && kv.substring(0, eq).equals("password") && p == null) {
                        p = kv.substring(eq + 1);
                    }
                }
            }
            user = u == null ? "postgres" : u;
            password = p == null ? "" : p;
        }

        @Override
        public void start() {
            waitUntilAccepting(this, Duration.ofSeconds(10));
        }

        @Override
        public void stop() {
            throw new IllegalStateException("external server");
        }

        @Override
        public void restart() {
            throw new IllegalStateException("external server");
        }

        @Override
        public boolean isRunning() {
            return true;
        }

        @Override
        public void closeQuietly() {
            // not ours
        }

        @Override
        public String host() {
            return host;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public String database() {
            return database;
        }

        @Override
        public String user() {
            return user;
        }

        @Override
        public String password() {
            return password;
        }

        @Override
        public String superUser() {
            return user;
        }

        @Override
        public String superPassword() {
            return password;
        }
    }

    private static void waitUntilAccepting(Server server, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl("jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + server.database());
            ds.setUser(server.superUser());
            String pw = server.superPassword();
            if (pw != null) {
                ds.setPassword(pw);
            }
            ds.setConnectTimeout(2);
            try (Connection c = ds.getConnection()) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
            }
        }
        throw new IllegalStateException("PostgreSQL at " + server.host() + ":" + server.port()
                + " did not accept connections within " + max + ": " + (last == null ? "" : last.getMessage()), last);
    }
}
