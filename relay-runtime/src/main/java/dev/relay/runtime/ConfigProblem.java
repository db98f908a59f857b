package dev.relay.runtime;

/**
 * One thing wrong with a configuration file: where ({@code file:line:column}, 1-based, when known),
 * which key (a dotted path such as {@code resources[0].maxRowsPerQuery}), and what. Never quotes a
 * value from the file: values may be secrets.
 */
public record ConfigProblem(String file, int line, int column, String path, String message) {

    /** A problem with no position in the file (line and column 0). */
    public static ConfigProblem unplaced(String file, String path, String message) {
        return new ConfigProblem(file, 0, 0, path, message);
    }

    /** {@code file:line:column: path: message}, the form printed by {@code validate-config}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line).append(':').append(column);
        }
        sb.append(": ");
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(message).toString();
    }
}
