package dev.relay.benchmarks.hops;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-thread counters of this process from {@code /proc/self/task/<tid>/}: CPU time on the
 * processor in ns ({@code schedstat}), kernel time ({@code stat} field 15, clock ticks of 10 ms:
 * coarse per thread, fine summed over a group and a few seconds), and voluntary context switches
 * ({@code status}: the thread blocked, so something had to wake it). Grouped by thread name
 * ({@code comm}, 15 characters).
 */
final class ThreadStats {

    private static final double NANOS_PER_TICK = 1e9 / 100;

    private ThreadStats() {
    }

    /** tid → {cpu ns, sys ns, voluntary switches}, with the group name kept alongside. */
    static Map<Long, double[]> snapshot() throws IOException {
        Map<Long, double[]> out = new HashMap<>();
        NAMES.clear();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    long tid = Long.parseLong(task.getFileName().toString());
                    String comm = Files.readString(task.resolve("comm")).trim();
                    String[] sched = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // f[0] is field 3 (state); utime is field 14 → f[11], stime field 15 → f[12]
                    double sys = Long.parseLong(f[12]) * NANOS_PER_TICK;
                    long vcsw = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            vcsw = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    out.put(tid, new double[] {Long.parseLong(sched[0]), sys, vcsw});
                    NAMES.put(tid, group(comm));
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        }
        return out;
    }

    private static final Map<Long, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    static String group(String comm) {
        if (comm.startsWith("relay-worker")) {
            return "relay workers";
        }
        if (comm.startsWith("relay-io")) {
            return "relay event loop";
        }
        if (comm.startsWith("multiThreadIo")) {
            return "control plane event loop";
        }
        if (comm.startsWith("hops-caller")) {
            return "callers";
        }
        if (comm.startsWith("relay-timer")) {
            return "relay timer";
        }
        if (comm.startsWith("relay-")) {
            return "relay other (side, probe, …)";
        }
        if (comm.startsWith("C1 ") || comm.startsWith("C2 ") || comm.startsWith("G1 ") || comm.startsWith("GC ")
                || comm.startsWith("VM ")) {
            return "JVM (JIT, GC, VM)";
        }
        return "other";
    }

    /**
     * Adds after − before per group: a thread that belongs to one side (a relay's or its control
     * plane's: {@code owner}, native tid → side index) is charged to that side whichever block it
     * worked in (a timer draining its queue after the side's block still counts for that side);
     * shared threads (callers, the JVM's own) to the side whose block it was.
     */
    static void accumulate(Map<Long, double[]> before, Map<Long, double[]> after, Map<Long, Integer> owner,
            int activeSide, java.util.List<Map<String, double[]>> acc) {
        for (Map.Entry<Long, double[]> e : after.entrySet()) {
            String g = NAMES.getOrDefault(e.getKey(), "other");
            int side = owner.getOrDefault(e.getKey(), activeSide);
            double[] b = before.getOrDefault(e.getKey(), new double[3]);
            double[] sum = acc.get(side).computeIfAbsent(g, k -> new double[3]);
            for (int i = 0; i < 3; i++) {
                sum[i] += e.getValue()[i] - b[i];
            }
        }
    }

    /**
     * Native tid → side, for the threads whose context class loader is one of {@code sides} (set
     * around each side's start, so its threads and the threads they create inherit it). Java
     * thread ids are mapped to native ids through {@code jcmd <pid> Thread.print} ("nid=0x…").
     */
    static Map<Long, Integer> owners(java.util.List<ClassLoader> sides) throws IOException, InterruptedException {
        Map<Long, Integer> javaIdToSide = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            ClassLoader cl = t.getContextClassLoader();
            int i = cl == null ? -1 : sides.indexOf(cl);
            if (i >= 0) {
                javaIdToSide.put(t.getId(), i);
            }
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(ProcessHandle.current().pid()), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\"[^\n]*\" #(\\d+) [^\n]*? nid=0x([0-9a-f]+)",
                java.util.regex.Pattern.MULTILINE).matcher(dump);
        Map<Long, Integer> out = new HashMap<>();
        while (m.find()) {
            Integer side = javaIdToSide.get(Long.parseLong(m.group(1)));
            if (side != null) {
                out.put(Long.parseLong(m.group(2), 16), side);
            }
        }
        return out;
    }
}
