package io.github.posthogcommunity.posthog.benchmarks.e2e;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Ratios to the official server SDK, the markdown table and the target check. */
final class Report {

    /** The subject every ratio is relative to. */
    static final String BASELINE = "server";

    /** Column key, header. */
    private static final String[][] COLUMNS = {
            {"capture_ops_s", "capture ops/s"},
            {"p50_us", "p50 µs"},
            {"p99_us", "p99 µs"},
            {"p999_us", "p99.9 µs"},
            {"delivered_eps", "delivered ev/s"},
            {"cpu_s_per_100k", "CPU s /100k ev"},
            {"t99_ms", "t99% ms"},
            {"t100_ms", "t100% ms"},
            {"lost", "lost at close"},
            {"lost_after_grace", "lost +grace"},
            {"close_ms", "close ms"},
            {"peak_heap_mb", "peak heap MB"},
    };

    private Report() {
    }

    /** Adds {@code <key>_vs_server} to every result whose case also ran for the baseline subject. */
    static void ratios(List<Result> results) {
        for (Result r : results) {
            Result base = baseline(results, r);
            if (base == null) {
                continue;
            }
            for (String[] c : COLUMNS) {
                Double v = r.number(c[0]);
                Double b = base.number(c[0]);
                r.put(c[0] + "_vs_server", v != null && b != null && b != 0 ? v / b : null);
            }
        }
    }

    private static Result baseline(List<Result> results, Result r) {
        for (Result b : results) {
            if (BASELINE.equals(b.string("subject")) && Objects.equals(b.string("scenario"), r.string("scenario"))
                    && Objects.equals(b.get("threads"), r.get("threads"))) {
                return b;
            }
        }
        return null;
    }

    static String markdown(List<Result> results, Map<String, List<String>> notes, Options o, String stamp) {
        StringBuilder sb = new StringBuilder();
        sb.append("### End-to-end results ").append(stamp).append(" UTC\n\n");
        sb.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, JDK ")
                .append(System.getProperty("java.version")).append(" (").append(System.getProperty("java.vm.name"))
                .append("), ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(o.fork ? "; each case in a fresh JVM (" + o.jvmArgs + ")" : "; all cases in one JVM")
                .append(".\n");
        sb.append("Settings: batch ").append(o.batch).append(", flush interval ").append(o.flushIntervalMs)
                .append(" ms, queue capacity ").append(o.queue > 0 ? String.valueOf(o.queue)
                        : "= scenario events (min 10000)").append(", shutdown timeout ").append(o.shutdownTimeoutMs)
                .append(" ms, this SDK's gzip ").append(o.gzip ? "on" : "off").append(", case limit ")
                .append(o.timeoutS).append(" s (hang: ").append(o.limitOf("hang")).append(" s).\n");
        sb.append("Scenarios: fast = (a) ").append(o.events).append(" events; slow = (b) ").append(o.slowEvents)
                .append(" events, every answer delayed ").append(o.slowDelayMs).append(" ms; retry = (c) ")
                .append(o.retryEvents).append(" events, first request answered 503")
                .append(o.retryAfterS == null ? "" : " with Retry-After: " + o.retryAfterS)
                .append(", no flush; flushclose = (d) ")
                .append(o.flushCloseEvents).append(" events, flush() then close(); hang = (e) ").append(o.hangEvents)
                .append(" events, the sink never answers, close(); remote = (f) ").append(o.remoteEvents)
                .append(" events from ").append(o.remoteThreads).append(" threads, every answer delayed ")
                .append(o.remoteDelayMs).append(" ms.\n");
        sb.append("Cells: value (ratio to the official server SDK). Times from the first capture call. \"lost at close\" ")
                .append("counts events the sink had not received when close() returned; \"lost +grace\" those still ")
                .append("missing ").append(o.graceMs).append(" ms later (an SDK that returns from close() early keeps ")
                .append("sending in the background; hang scenario: no grace).\n\n");
        sb.append("| scenario | thr | SDK |");
        for (String[] c : COLUMNS) {
            sb.append(' ').append(c[1]).append(" |");
        }
        sb.append(" status |\n|---|---|---|");
        sb.append("---|".repeat(COLUMNS.length)).append("---|\n");
        for (Result r : results) {
            sb.append("| ").append(r.string("scenario")).append(" | ").append(r.get("threads")).append(" | ")
                    .append(r.string("subject")).append(" |");
            for (String[] c : COLUMNS) {
                Double v = r.number(c[0]);
                Double ratio = r.number(c[0] + "_vs_server");
                sb.append(' ').append(v == null ? "–" : fmt(v));
                if (ratio != null && !BASELINE.equals(r.string("subject"))) {
                    sb.append(" (").append(ratio(ratio)).append(')');
                }
                sb.append(" |");
            }
            sb.append(' ').append(r.string("status")).append(extra(r)).append(" |\n");
        }
        sb.append("\nNotes on options (what each SDK got, and what has no equivalent):\n\n");
        for (Map.Entry<String, List<String>> e : notes.entrySet()) {
            sb.append("- **").append(e.getKey()).append("**: ").append(String.join("; ", e.getValue())).append('\n');
        }
        sb.append("- Requests gzipped per SDK (from the sink): ");
        boolean first = true;
        for (Result r : results) {
            if ("fast".equals(r.string("scenario")) && r.number("requests") != null && r.number("requests") > 0) {
                sb.append(first ? "" : ", ").append(r.string("subject")).append(" t").append(r.get("threads")).append(' ')
                        .append(fmt(r.number("gzip_requests"))).append('/').append(fmt(r.number("requests")));
                first = false;
            }
        }
        sb.append('\n');
        sb.append("\nTargets (this SDK vs the official server SDK):\n\n");
        for (String line : targets(results, o)) {
            sb.append("- ").append(line).append('\n');
        }
        return sb.toString();
    }

    private static String extra(Result r) {
        StringBuilder sb = new StringBuilder();
        Double rejected = r.number("rejected_at_capture");
        if (rejected != null && rejected > 0) {
            sb.append(", ").append(fmt(rejected)).append(" dropped at capture");
        }
        if ("timeout".equals(r.string("close_status"))) {
            sb.append(", close() did not return");
        }
        if (Boolean.FALSE.equals(r.get("has_flush"))) {
            sb.append(", no flush()");
        }
        if (r.string("error") != null) {
            sb.append(": ").append(r.string("error").replace('|', '/'));
        }
        return sb.toString();
    }

    static List<String> targets(List<Result> results, Options o) {
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        for (Result r : results) {
            if (!"community".equals(r.string("subject"))) {
                continue;
            }
            String sc = r.string("scenario");
            switch (sc) {
                case "fast" -> {
                    lines.add(check("(a) threads=" + r.get("threads") + " delivered ev/s >= 3x"
                            + (o.gzip ? "" : " (gzip was OFF)"), r.number("delivered_eps_vs_server"), 3.0, true));
                    if (Objects.equals(r.get("threads"), 4L) || Objects.equals(r.get("threads"), 4)) {
                        lines.add(check("(a) threads=4 capture p99.9 <= 1/10", r.number("p999_us_vs_server"), 0.1, false));
                        lines.add(check("(a) threads=4 capture p50 no worse", r.number("p50_us_vs_server"), 1.0, false));
                    }
                }
                case "slow" -> lines.add(check("(b) delivered ev/s against the slow endpoint >= 4x",
                        r.number("delivered_eps_vs_server"), 4.0, true));
                case "retry" -> lines.add(check("(c) full delivery after one 503 < 2000 ms (value in ms)",
                        r.number("t100_ms"), 2000.0, false));
                case "flushclose" -> lines.add(check("(d) zero events lost (value = lost)", r.number("lost"), 0.0, false));
                case "remote" -> lines.add(check("(f) delivered ev/s behind a " + o.remoteDelayMs
                        + " ms endpoint >= 10x", r.number("delivered_eps_vs_server"), 10.0, true));
                case "hang" -> lines.add(check("(e) close() within shutdownTimeout + 200 ms (value in ms)",
                        r.number("close_ms"), o.shutdownTimeoutMs + 200.0, false));
                default -> {
                }
            }
        }
        return lines;
    }

    private static String check(String what, Double value, double bound, boolean atLeast) {
        if (value == null) {
            return what + ": n/a (no value)";
        }
        boolean met = atLeast ? value >= bound : value <= bound;
        return what + ": " + fmtPrecise(value) + " -> " + (met ? "MET" : "MISSED");
    }

    static String fmt(Double v) {
        if (v == null) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmtPrecise(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String ratio(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "×%.0f", v) : String.format(Locale.ROOT, "×%.2f", v);
    }
}
