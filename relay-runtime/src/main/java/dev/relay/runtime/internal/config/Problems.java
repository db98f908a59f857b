package dev.relay.runtime.internal.config;

import dev.relay.runtime.ConfigProblem;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one load, each placed in the file. */
public final class Problems {

    private final String file;
    private final List<ConfigProblem> list = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public void add(int line, int column, String path, String message) {
        list.add(new ConfigProblem(file, line, column, path, message));
    }

    public void add(YNode at, String path, String message) {
        add(at.line(), at.column(), path, message);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<ConfigProblem> list() {
        return List.copyOf(list);
    }
}
