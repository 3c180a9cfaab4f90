package io.github.posthogcommunity.posthog.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event every benchmark captures: a typical server-side product event (about 10 properties: strings, numbers, a
 * boolean, a small list and a nested map; about 400 bytes of JSON). Shared by JMH and the end-to-end runner so the
 * numbers describe the same payload.
 */
public final class Workload {

    /** The event name. */
    public static final String EVENT = "order_completed";

    private Workload() {
    }

    /** The distinct id of producer {@code thread}'s {@code i}-th event (a small rotating set of users). */
    public static String distinctId(int thread, long i) {
        return USERS[(int) ((i + thread) & (USERS.length - 1))];
    }

    private static final String[] USERS = new String[64];

    static {
        for (int i = 0; i < USERS.length; i++) {
            USERS[i] = "user-" + (100_000 + i * 7919);
        }
    }

    /**
     * A fresh mutable properties map, as application code builds one per event.
     *
     * @param seq the event's number, sent as {@code bench_seq} (the sink counts distinct deliveries with it);
     *            negative to leave it out
     */
    public static Map<String, Object> properties(long seq) {
        Map<String, Object> p = new LinkedHashMap<>(16);
        if (seq >= 0) {
            p.put("bench_seq", seq);
        }
        p.put("order_id", "ord_" + (seq < 0 ? 42 : seq));
        p.put("plan", "pro");
        p.put("amount_cents", 12_990);
        p.put("currency", "EUR");
        p.put("items", 3);
        p.put("coupon_applied", Boolean.TRUE);
        p.put("tags", List.of("checkout", "web", "eu"));
        p.put("$current_url", "https://shop.example.com/checkout/confirm?step=3");
        p.put("shipping", Map.of("country", "DE", "method", "express", "days", 2));
        p.put("ratio", 0.8125);
        return p;
    }
}
