package io.github.posthogcommunity.posthog.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end runner: runs every selected scenario for every selected subject, each case in a fresh JVM (by
 * default) with its own loopback sink, then prints a markdown table and JSON lines and writes both under the results
 * directory. Every case is bounded; the runner always exits.
 */
public final class E2eRunner {

    static final String RESULT_PREFIX = "E2E-RESULT ";

    private E2eRunner() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            code = 2;
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        stopFlightRecordings();
        System.out.flush();
        System.err.flush();
        // halt, not exit: an SDK stuck in close() (non-daemon threads, shutdown hooks) must not keep us alive.
        Runtime.getRuntime().halt(code);
    }

    /** halt() skips JFR's dump-on-exit: stop (and so write) any recording started with -XX:StartFlightRecording. */
    private static void stopFlightRecordings() {
        try {
            if (jdk.jfr.FlightRecorder.isInitialized()) {
                for (jdk.jfr.Recording r : jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings()) {
                    r.stop();
                }
            }
        } catch (RuntimeException | Error e) {
            System.err.println("could not stop the flight recording: " + e);
        }
    }

    static int run(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o.childScenario != null) {
            Result r = new CaseRunner(o).run(o.childScenario, o.childSubject, o.childThreads);
            System.out.println(RESULT_PREFIX + r.toJson());
            return 0;
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Files.createDirectories(o.out);
        Path jsonl = o.out.resolve("e2e-" + stamp + ".jsonl");
        Path markdown = o.out.resolve("e2e-" + stamp + ".md");
        Path log = o.out.resolve("e2e-" + stamp + ".log");

        List<Result> results = new ArrayList<>();
        Map<String, List<String>> notes = new LinkedHashMap<>();
        for (String subject : o.subjects) {
            Subject s = o.subject(subject);
            notes.put(s.name() + " (" + s.artifact() + ")", s.notes(o.settings("fast")));
        }
        System.out.println("# PostHog SDK end-to-end benchmark, " + stamp + " UTC; results in " + o.out);
        for (String scenario : o.scenarios) {
            List<Integer> threadCounts = o.threadsOf(scenario);
            for (int threads : threadCounts) {
                for (String subject : o.subjects) {
                    System.out.printf("running %-10s threads=%-2d %-9s ... ", scenario, threads, subject);
                    System.out.flush();
                    Result r = o.fork ? fork(o, scenario, subject, threads, log, stamp)
                            : new CaseRunner(o).run(scenario, subject, threads);
                    results.add(r);
                    System.out.println(r.string("status") + " (" + Report.fmt(r.number("case_ms")) + " ms)");
                    Files.writeString(jsonl, r.toJson() + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        }
        Report.ratios(results);
        String table = Report.markdown(results, notes, o, stamp);
        Files.writeString(markdown, table, StandardCharsets.UTF_8);
        // Rewrite the JSON lines with the ratios.
        StringBuilder lines = new StringBuilder();
        for (Result r : results) {
            lines.append(r.toJson()).append('\n');
        }
        Files.writeString(jsonl, lines.toString(), StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(table);
        System.out.println("JSON lines:");
        System.out.print(lines);
        System.out.println("written: " + markdown + ", " + jsonl + (o.fork ? ", " + log : ""));
        return 0;
    }

    private static Result fork(Options o, String scenario, String subject, int threads, Path log, String stamp)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(Arrays.stream(o.jvmArgs.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        if (o.jfr) {
            Path jfr = o.out.resolve("e2e-" + stamp + "-" + scenario + "-t" + threads + "-" + subject + ".jfr")
                    .toAbsolutePath();
            cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(E2eRunner.class.getName());
        cmd.addAll(o.childArgs(scenario, subject, threads));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> found = new ArrayList<>();
        PrintStream logOut = new PrintStream(Files.newOutputStream(log, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), true, StandardCharsets.UTF_8);
        logOut.println("=== " + scenario + " threads=" + threads + " " + subject + ": " + String.join(" ", cmd));
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith(RESULT_PREFIX)) {
                        synchronized (found) {
                            found.add(line.substring(RESULT_PREFIX.length()));
                        }
                    }
                    logOut.println(line);
                }
            } catch (IOException e) {
                logOut.println("[reader] " + e);
            }
        }, "bench-child-reader");
        reader.setDaemon(true);
        reader.start();
        // The case bounds itself at --timeout-s; the JVM gets a margin for start-up and close, then is killed.
        boolean exited = p.waitFor(o.limitOf(scenario) + 30L, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5_000);
        logOut.close();
        synchronized (found) {
            if (!found.isEmpty()) {
                return Result.parse(found.get(found.size() - 1));
            }
        }
        return new Result().put("scenario", scenario).put("subject", subject).put("threads", threads)
                .put("events", o.eventsOf(scenario))
                .put("status", exited ? "error" : "timeout")
                .put("error", exited ? "the case JVM exited with " + p.exitValue() + " and no result (see log)"
                        : "the case JVM did not finish within " + (o.limitOf(scenario) + 30) + " s and was killed");
    }
}
