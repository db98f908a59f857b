package dev.relay.runtime.cli;

import dev.relay.runtime.RelayConfigLoader;

/** The config loader the commands share: the process environment plus every module's checks. */
final class Configs {

    private Configs() {
    }

    static RelayConfigLoader loader(CliIo io) {
        return RelayConfigLoader.create().withEnvironment(io.env());
    }
}
