package dev.relay.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The relay's version, as built (sent in {@code X-Relay-Version} and heartbeats). */
public final class RelayVersion {

    private static final String VERSION = load();

    private RelayVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = RelayVersion.class.getResourceAsStream("relay-version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
