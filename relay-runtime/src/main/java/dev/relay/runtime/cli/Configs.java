package dev.relay.runtime.cli;

import dev.relay.policy.spi.ConnectorRegistry;
import dev.relay.runtime.ConfigProblem;
import dev.relay.runtime.RelayConfig;
import dev.relay.runtime.RelayConfigException;
import dev.relay.runtime.RelayConfigLoader;
import dev.relay.runtime.internal.Assembly;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** The config loader the commands share: the process environment plus every module's checks. */
final class Configs {

    private Configs() {
    }

    static RelayConfigLoader loader(CliIo io) {
        ConnectorRegistry registry = ConnectorRegistry.load(Configs.class.getClassLoader());
        return Assembly.withModuleChecks(RelayConfigLoader.create().withEnvironment(io.env()), registry);
    }

    /** Loads the file, or prints every problem to stderr and returns null. */
    static @Nullable RelayConfig loadOrReport(CliIo io, Path file) {
        try {
            return loader(io).load(file);
        } catch (RelayConfigException e) {
            for (ConfigProblem p : e.problems()) {
                io.err().println(p);
            }
            io.err().println(e.problems().size() + " problem(s) in " + file);
            io.err().flush();
            return null;
        }
    }
}
