package io.github.posthogcommunity.posthog.benchmarks.e2e;

import io.github.posthogcommunity.posthog.CaptureProtocol;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options of the end-to-end runner ({@code --name value} pairs; see {@link #USAGE}). */
final class Options {

    static final String USAGE = """
            Usage: java -jar posthog-benchmarks.jar [e2e] [options]
                   java -jar posthog-benchmarks.jar jmh [JMH options, e.g. -f 1 -wi 1 -i 3 -prof gc]

            End-to-end options (defaults in brackets):
              --scenarios LIST        fast,slow,retry,flushclose,hang,remote (or a,b,c,d,e,f) [all]
              --subjects LIST         community,server,legacy [all]
              --events N              events of the fast scenario (a) [200000]
              --threads LIST          producer threads of the fast scenario (a) [1,4]
              --slow-events N         events of scenario (b) [20000]
              --slow-delay-ms N       delay of every answer in scenario (b) [50]
              --retry-events N        events of scenario (c) [1000]
              --retry-after-s N       send Retry-After: N with the 503 of scenario (c) [none]
              --flushclose-events N   events of scenario (d), a partial last batch [1050]
              --hang-events N         events of scenario (e) [150]
              --remote-events N       events of scenario (f), an endpoint as far away as another continent [10000]
              --remote-delay-ms N     delay of every answer in scenario (f) [200]
              --remote-threads N      producer threads of scenario (f) [4]
              --batch N               batch size / flush threshold [100]
              --flush-interval-ms N   flush interval (the server SDK rounds to whole seconds) [1000]
              --queue N               queue capacity; 0 = the scenario's event count (at least 10000) [0]
              --shutdown-timeout-ms N shutdown timeout of scenario (e) (and of every close) [2000]
              --hang-timeout-s N      bound of the hang scenario (e), at most --timeout-s [10]
              --grace-ms N            after close(), how long to keep counting late deliveries [2000]
              --timeout-s N           hard bound of each case, reported as "timeout" [60]
              --gzip on|off           compression of this SDK [on]
              --sender-threads N      this SDK's senderThreads [SDK default]
  --protocol v0|v1        this SDK's capture protocol [v0]
              --fork true|false       run each case in a fresh JVM [true]
              --jvm-args "ARGS"       JVM options of forked cases [-Xms512m -Xmx1g -XX:+UseG1GC]
              --jfr true|false        record a JFR profile per forked case into the results dir [false]
              --timeline true|false   add captured/delivered every 100 ms to each JSON line [false]
              --dump-bodies true|false write each case's first capture body into the results dir [false]
              --out DIR               results directory [benchmarks/results if it exists, else results]
              --smoke                 preset for a run of about a minute: --events 10000 --slow-events 1000
                                      --retry-events 500 --timeout-s 15 (later options override it)
            """;

    List<String> scenarios = List.of("fast", "slow", "retry", "flushclose", "hang", "remote");
    List<String> subjects = List.of("community", "server", "legacy");
    int events = 200_000;
    List<Integer> threads = List.of(1, 4);
    int slowEvents = 20_000;
    int slowDelayMs = 50;
    int retryEvents = 1_000;
    Integer retryAfterS;
    int flushCloseEvents = 1_050;
    int hangEvents = 150;
    int remoteEvents = 10_000;
    int remoteDelayMs = 200;
    int remoteThreads = 4;
    int batch = 100;
    int flushIntervalMs = 1_000;
    int queue = 0;
    int shutdownTimeoutMs = 2_000;
    int timeoutS = 60;
    int graceMs = 2_000;
    int hangTimeoutS = 10;
    boolean gzip = true;
    Integer senderThreads;
    CaptureProtocol protocol = CaptureProtocol.V0;
    boolean fork = true;
    String jvmArgs = "-Xms512m -Xmx1g -XX:+UseG1GC";
    boolean jfr;
    boolean dumpBodies;
    boolean timeline;
    Path out = Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "results") : Path.of("results");
    boolean smoke;
    // Child mode: run exactly one case and print it.
    String childScenario;
    String childSubject;
    int childThreads = 1;

    static Options parse(String[] args) {
        Options o = new Options();
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--smoke")) {
                o.smoke = true;
                continue;
            }
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(USAGE);
                System.exit(0);
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
            }
            kv.put(a.substring(2), args[++i]);
        }
        if (o.smoke) {
            o.events = 10_000;
            o.slowEvents = 1_000;
            o.retryEvents = 500;
            o.timeoutS = 15;
        }
        for (Map.Entry<String, String> e : kv.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "scenarios" -> o.scenarios = scenarios(v);
                case "subjects" -> o.subjects = list(v);
                case "events" -> o.events = positive(e.getKey(), v);
                case "threads" -> o.threads = list(v).stream().map(Integer::parseInt).toList();
                case "slow-events" -> o.slowEvents = positive(e.getKey(), v);
                case "slow-delay-ms" -> o.slowDelayMs = Integer.parseInt(v);
                case "retry-events" -> o.retryEvents = positive(e.getKey(), v);
                case "retry-after-s" -> o.retryAfterS = Integer.parseInt(v);
                case "flushclose-events" -> o.flushCloseEvents = positive(e.getKey(), v);
                case "hang-events" -> o.hangEvents = positive(e.getKey(), v);
                case "remote-events" -> o.remoteEvents = positive(e.getKey(), v);
                case "remote-delay-ms" -> o.remoteDelayMs = Integer.parseInt(v);
                case "remote-threads" -> o.remoteThreads = positive(e.getKey(), v);
                case "batch" -> o.batch = positive(e.getKey(), v);
                case "flush-interval-ms" -> o.flushIntervalMs = positive(e.getKey(), v);
                case "queue" -> o.queue = Integer.parseInt(v);
                case "shutdown-timeout-ms" -> o.shutdownTimeoutMs = Integer.parseInt(v);
                case "timeout-s" -> o.timeoutS = positive(e.getKey(), v);
                case "grace-ms" -> o.graceMs = Integer.parseInt(v);
                case "hang-timeout-s" -> o.hangTimeoutS = positive(e.getKey(), v);
                case "gzip" -> o.gzip = v.equalsIgnoreCase("on") || v.equalsIgnoreCase("true");
                case "sender-threads" -> o.senderThreads = positive(e.getKey(), v);
                case "protocol" -> o.protocol = CaptureProtocol.valueOf(v.toUpperCase(java.util.Locale.ROOT));
                case "fork" -> o.fork = Boolean.parseBoolean(v);
                case "jvm-args" -> o.jvmArgs = v;
                case "jfr" -> o.jfr = Boolean.parseBoolean(v);
                case "dump-bodies" -> o.dumpBodies = Boolean.parseBoolean(v);
                case "timeline" -> o.timeline = Boolean.parseBoolean(v);
                case "out" -> o.out = Path.of(v);
                case "child-scenario" -> o.childScenario = v;
                case "child-subject" -> o.childSubject = v;
                case "child-threads" -> o.childThreads = positive(e.getKey(), v);
                default -> throw new IllegalArgumentException("unknown option --" + e.getKey() + "\n" + USAGE);
            }
        }
        for (String s : o.subjects) {
            if (!List.of("community", "server", "legacy").contains(s)) {
                throw new IllegalArgumentException("unknown subject '" + s + "'");
            }
        }
        return o;
    }

    /** The options a forked case needs, as arguments. */
    List<String> childArgs(String scenario, String subject, int threadCount) {
        List<String> a = new ArrayList<>();
        add(a, "events", events);
        add(a, "slow-events", slowEvents);
        add(a, "slow-delay-ms", slowDelayMs);
        add(a, "retry-events", retryEvents);
        if (retryAfterS != null) {
            add(a, "retry-after-s", retryAfterS);
        }
        add(a, "flushclose-events", flushCloseEvents);
        add(a, "hang-events", hangEvents);
        add(a, "remote-events", remoteEvents);
        add(a, "remote-delay-ms", remoteDelayMs);
        add(a, "remote-threads", remoteThreads);
        add(a, "batch", batch);
        add(a, "flush-interval-ms", flushIntervalMs);
        add(a, "queue", queue);
        add(a, "shutdown-timeout-ms", shutdownTimeoutMs);
        add(a, "timeout-s", timeoutS);
        add(a, "grace-ms", graceMs);
        add(a, "hang-timeout-s", hangTimeoutS);
        add(a, "gzip", gzip ? "on" : "off");
        add(a, "protocol", protocol.name().toLowerCase(java.util.Locale.ROOT));
        add(a, "dump-bodies", dumpBodies);
        add(a, "timeline", timeline);
        add(a, "out", out);
        if (senderThreads != null) {
            add(a, "sender-threads", senderThreads);
        }
        add(a, "child-scenario", scenario);
        add(a, "child-subject", subject);
        add(a, "child-threads", threadCount);
        return a;
    }

    private static void add(List<String> a, String name, Object value) {
        a.add("--" + name);
        a.add(String.valueOf(value));
    }

    /** Producer thread counts a scenario runs with: the fast one every --threads value, remote its own. */
    List<Integer> threadsOf(String scenario) {
        return switch (scenario) {
            case "fast" -> threads;
            case "remote" -> List.of(remoteThreads);
            default -> List.of(1);
        };
    }

    /** The hard bound of one case of a scenario, in seconds. */
    int limitOf(String scenario) {
        return scenario.equals("hang") ? Math.min(timeoutS, hangTimeoutS) : timeoutS;
    }

    /** Events of a scenario. */
    int eventsOf(String scenario) {
        return switch (scenario) {
            case "fast" -> events;
            case "slow" -> slowEvents;
            case "retry" -> retryEvents;
            case "flushclose" -> flushCloseEvents;
            case "hang" -> hangEvents;
            case "remote" -> remoteEvents;
            default -> throw new IllegalArgumentException(scenario);
        };
    }

    Subject.Settings settings(String scenario) {
        int capacity = queue > 0 ? queue : Math.max(10_000, eventsOf(scenario));
        return new Subject.Settings(batch, Duration.ofMillis(flushIntervalMs), capacity,
                Duration.ofMillis(shutdownTimeoutMs), gzip);
    }

    Subject subject(String name) {
        return switch (name) {
            case "community" -> new CommunitySubject(senderThreads, protocol);
            case "server" -> new ServerSdkSubject();
            case "legacy" -> new LegacySubject();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static List<String> scenarios(String v) {
        List<String> result = new ArrayList<>();
        for (String s : list(v)) {
            String name = switch (s) {
                case "a", "fast" -> "fast";
                case "b", "slow" -> "slow";
                case "c", "retry" -> "retry";
                case "d", "flushclose" -> "flushclose";
                case "e", "hang" -> "hang";
                case "f", "remote" -> "remote";
                default -> throw new IllegalArgumentException("unknown scenario '" + s + "'");
            };
            result.add(name);
        }
        return result;
    }

    private static List<String> list(String v) {
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static int positive(String name, String v) {
        int n = Integer.parseInt(v);
        if (n <= 0) {
            throw new IllegalArgumentException("--" + name + " must be > 0");
        }
        return n;
    }
}
