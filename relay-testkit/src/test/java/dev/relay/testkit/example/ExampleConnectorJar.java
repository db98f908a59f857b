package dev.relay.testkit.example;

import dev.relay.policy.spi.ConnectorProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds third-party connector jars at test time, the way an outside project would: compiles
 * sources against the SPI alone (relay-policy on the class path, nothing else), packs the classes
 * and {@code META-INF/services} into a jar, and loads it through a fresh {@link URLClassLoader}.
 * Nothing but {@link java.util.ServiceLoader} then tells Relay the jar exists.
 */
final class ExampleConnectorJar {

    /** The example connector's sources and service file, as a third party would ship them. */
    static final Path EXAMPLE_SOURCES = Path.of("src", "test", "example-connector");

    private ExampleConnectorJar() {
    }

    /** The csvdir example jar, built once per JVM (javac is slow on a busy machine). */
    static Path sharedExample() {
        return SharedJar.JAR;
    }

    private static final class SharedJar {
        static final Path JAR = build();

        private static Path build() {
            try {
                return buildExample(Files.createTempDirectory("relay-example-jar"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Builds the csvdir example connector's jar in {@code workDir}. */
    static Path buildExample(Path workDir) {
        return build(workDir, "csvdir-connector.jar", EXAMPLE_SOURCES, Map.of());
    }

    /**
     * Compiles every {@code .java} file under {@code sourceDir} plus {@code extraSources} (path in
     * the jar → text, {@code .java} compiled, anything else copied as is) into a jar.
     */
    static Path build(Path workDir, String jarName, @org.jspecify.annotations.Nullable Path sourceDir,
            Map<String, String> extraSources) {
        try {
            Path src = Files.createDirectories(workDir.resolve(jarName + "-src"));
            Path classes = Files.createDirectories(workDir.resolve(jarName + "-classes"));
            if (sourceDir != null) {
                try (Stream<Path> walk = Files.walk(sourceDir)) {
                    for (Path p : walk.filter(Files::isRegularFile).toList()) {
                        Path target = src.resolve(sourceDir.relativize(p).toString());
                        Files.createDirectories(target.getParent());
                        Files.copy(p, target);
                    }
                }
            }
            for (Map.Entry<String, String> e : extraSources.entrySet()) {
                Path target = src.resolve(e.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
            }
            List<Path> javaFiles;
            try (Stream<Path> walk = Files.walk(src)) {
                javaFiles = walk.filter(p -> p.toString().endsWith(".java")).toList();
            }
            if (!javaFiles.isEmpty()) {
                compile(javaFiles, classes);
            }
            try (Stream<Path> walk = Files.walk(src)) {
                for (Path p : walk.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".java")).toList()) {
                    Path target = classes.resolve(src.relativize(p).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
            Path jar = workDir.resolve(jarName);
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out);
                    Stream<Path> walk = Files.walk(classes)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    jos.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                    jos.write(Files.readAllBytes(p));
                    jos.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void compile(List<Path> javaFiles, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK");
        }
        String spi = Path.of(location(ConnectorProvider.class)).toString();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(javaFiles);
            List<String> options = new ArrayList<>(List.of("--release", "17", "-classpath", spi, "-d", classes.toString(),
                    "-proc:none", "-Xlint:none"));
            java.io.StringWriter diagnostics = new java.io.StringWriter();
            Boolean ok = javac.getTask(diagnostics, files, null, options, null, units).call();
            if (!Boolean.TRUE.equals(ok)) {
                throw new IllegalStateException("the example connector did not compile:\n" + diagnostics);
            }
        }
    }

    private static java.net.URI location(Class<?> c) {
        try {
            return c.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A class loader over the jars, whose parent is the test's own class path (Relay and the SPI). */
    static URLClassLoader loaderFor(Path... jars) {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            try {
                urls[i] = jars[i].toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        return new URLClassLoader(urls, ExampleConnectorJar.class.getClassLoader());
    }
}
