package io.github.posthogcommunity.posthog.reliability;

import io.github.posthogcommunity.posthog.CaptureOptions;
import io.github.posthogcommunity.posthog.CaptureProtocol;
import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Hostile input to the public API. Each case has a defined outcome (sent, sanitised, or dropped with a reason), is
 * counted, never throws into the caller and never kills a pipeline thread: after each one, a normal event is still
 * delivered.
 */
class HostileInputTest {

    private final CaptureServer server = new CaptureServer();
    private PostHogClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.shutdown(Duration.ZERO);
        }
        server.close();
    }

    /** A bean whose getter and toString both throw: what a reflective serializer would choke on. */
    public static final class Booby {
        public String getValue() {
            throw new IllegalStateException("getter bug");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString bug");
        }
    }

    /** A number that cannot even say what it is. */
    static final class BrokenNumber extends Number {
        @Override public int intValue() { throw new ArithmeticException("broken"); }
        @Override public long longValue() { throw new ArithmeticException("broken"); }
        @Override public float floatValue() { throw new ArithmeticException("broken"); }
        @Override public double doubleValue() { throw new ArithmeticException("broken"); }
    }

    /** A map whose iteration blows up. */
    static final class ExplodingMap extends AbstractMap<String, Object> {
        @Override
        public Set<Entry<String, Object>> entrySet() {
            throw new UnsupportedOperationException("no entries for you");
        }
    }

    enum Case {
        NBSP_ID(c -> c.capture("\u00a0", "e"), Outcome.SENT),
        EM_SPACE_ID(c -> c.capture("\u2003\u2003", "e"), Outcome.INVALID),
        NEWLINES_NAME(c -> c.capture("u", "\r\n\t "), Outcome.INVALID),
        NULL_ID_NO_CONTEXT(c -> c.capture(null, null), Outcome.INVALID),
        SELF_CYCLE_LIST(c -> {
            List<Object> list = new ArrayList<>();
            list.add(list);
            return c.capture("u", "e", Map.of("l", list));
        }, Outcome.INVALID),
        CYCLE_THROUGH_ARRAY(c -> {
            Map<String, Object> map = new HashMap<>();
            map.put("a", new Object[] {map});
            return c.capture("u", "e", map);
        }, Outcome.INVALID),
        CYCLE_IN_SET_OPTION(c -> {
            Map<String, Object> set = new HashMap<>();
            set.put("me", set);
            return c.capture("u", "e", null, CaptureOptions.builder().set(set).build());
        }, Outcome.INVALID),
        THREAD_VALUE(c -> c.capture("u", "e", Map.of("v", new Thread("hostile-thread"))), Outcome.SENT),
        OPTIONALS(c -> c.capture("u", "e", Map.of("v", Optional.of(Optional.empty()), "w", Optional.of(3))),
                Outcome.SENT),
        THROWING_GETTER_AND_TOSTRING(c -> c.capture("u", "e", Map.of("v", new Booby())), Outcome.SENT),
        THROWING_TOSTRING_KEY(c -> {
            Map<Object, Object> map = new HashMap<>();
            map.put(new Booby(), 1);
            @SuppressWarnings("unchecked") Map<String, ?> props = (Map<String, ?>) (Map<?, ?>) map;
            return c.capture("u", "e", props);
        }, Outcome.INVALID),
        BROKEN_NUMBER(c -> c.capture("u", "e", Map.of("v", new BrokenNumber())), Outcome.INVALID),
        EXPLODING_MAP(c -> c.capture("u", "e", new ExplodingMap()), Outcome.INVALID),
        NAN_AND_INFINITIES(c -> c.capture("u", "e", Map.of("nan", Double.NaN, "inf", Double.POSITIVE_INFINITY,
                "ninf", Float.NEGATIVE_INFINITY, "list", List.of(Double.NaN, 1.5))), Outcome.SENT),
        TEN_MEGABYTE_STRING(c -> c.capture("u", "e", Map.of("big", "x".repeat(10 * 1024 * 1024))),
                Outcome.TOO_LARGE),
        TEN_MEGABYTE_NAME(c -> c.capture("u", "n".repeat(10 * 1024 * 1024)), Outcome.TOO_LARGE),
        NESTED_10000(c -> {
            Map<String, Object> deep = new HashMap<>();
            Map<String, Object> cursor = deep;
            for (int i = 0; i < 10_000; i++) {
                Map<String, Object> next = new HashMap<>();
                cursor.put("d", next);
                cursor = next;
            }
            return c.capture("u", "e", Map.of("root", deep));
        }, Outcome.INVALID),
        LISTS_NESTED_10000(c -> {
            List<Object> deep = new ArrayList<>();
            List<Object> cursor = deep;
            for (int i = 0; i < 10_000; i++) {
                List<Object> next = new ArrayList<>();
                cursor.add(next);
                cursor = next;
            }
            return c.capture("u", "e", Map.of("root", deep));
        }, Outcome.INVALID),
        NON_STRING_KEYS(c -> {
            Map<Object, Object> map = new LinkedHashMap<>();
            map.put(1, "int");
            map.put(null, "null key");
            map.put(UUID.fromString("00000000-0000-0000-0000-000000000001"), "uuid");
            map.put(List.of(1, 2), "list");
            @SuppressWarnings("unchecked") Map<String, ?> props = (Map<String, ?>) (Map<?, ?>) map;
            return c.capture("u", "e", props);
        }, Outcome.SENT),
        LONE_SURROGATES(c -> {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("k\uD800", "v\uDC00");
            map.put("list", List.of("\uD83D", "ok \uD83D\uDE00"));
            return c.capture("id\uDFFF", "name\uD800", map);
        }, Outcome.SENT),
        LONE_SURROGATES_V1(c -> c.capture("id\uDFFF", "name\uD800", Map.of("$session_id", "s\uD800")),
                Outcome.SENT),
        HOSTILE_GROUPS(c -> c.capture("u", "e", null,
                CaptureOptions.builder().groups(Map.of("company", "\uD800")).build()), Outcome.SENT),
        HOSTILE_IDENTIFY(c -> c.identify("u", Map.of("v", new Booby(), "n", Double.NaN)), Outcome.SENT),
        HOSTILE_GROUP_IDENTIFY(c -> c.groupIdentify("t", "k", Map.of("t", new Thread("g"))), Outcome.SENT);

        final java.util.function.Function<PostHogClient, UUID> action;
        final Outcome outcome;

        Case(java.util.function.Function<PostHogClient, UUID> action, Outcome outcome) {
            this.action = action;
            this.outcome = outcome;
        }
    }

    enum Outcome { SENT, INVALID, TOO_LARGE }

    @ParameterizedTest
    @EnumSource(Case.class)
    void hostileInputHasADefinedCountedOutcomeAndThePipelineSurvives(Case hostile) {
        client = TestClients.builder(server)
                .captureProtocol(hostile.name().endsWith("_V1") ? CaptureProtocol.V1 : CaptureProtocol.V0).build();
        AtomicReference<UUID> uuid = new AtomicReference<>();
        assertThatCode(() -> uuid.set(hostile.action.apply(client))).doesNotThrowAnyException();
        client.flush(Duration.ofSeconds(10));
        PostHogStats stats = client.stats();
        assertThat(stats.captured()).isEqualTo(1);
        switch (hostile.outcome) {
            case SENT -> {
                assertThat(uuid.get()).isNotNull();
                assertThat(stats.sent()).isEqualTo(1);
                assertThat(server.events()).hasSize(1);
                assertThat(server.events().get(0).get("uuid").asString()).isEqualTo(uuid.get().toString());
                String wire = new String(server.requests().get(0).body(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(wire).doesNotContain("NaN").doesNotContain("Infinity");
            }
            case INVALID -> {
                assertThat(uuid.get()).isNull();
                assertThat(stats.dropped(DropReason.INVALID)).isEqualTo(1);
                assertThat(server.requestCount()).isZero();
            }
            case TOO_LARGE -> {
                assertThat(stats.dropped(DropReason.TOO_LARGE)).isEqualTo(1);
                assertThat(server.requestCount()).isZero();
            }
        }
        assertThat(stats.pending()).isZero();
        assertThat(stats.captured()).isEqualTo(stats.sent() + stats.droppedTotal());

        UUID normal = client.capture("u", "normal-after-" + hostile.name(), Map.of("ok", true));
        assertThat(normal).isNotNull();
        assertThat(client.flush(Duration.ofSeconds(10)).sent()).isEqualTo(1);
        JsonNode last = server.events().get(server.events().size() - 1);
        assertThat(last.get("uuid").asString()).isEqualTo(normal.toString());
    }

    @Test
    void valuesAreSanitisedNotSentRaw() {
        client = TestClients.builder(server).build();
        Map<Object, Object> props = new LinkedHashMap<>();
        props.put("nan", Double.NaN);
        props.put(7, "seven");
        props.put("booby", new Booby());
        props.put("opt", Optional.of("inside"));
        props.put("lone", "a\uD800b");
        @SuppressWarnings("unchecked") Map<String, ?> map = (Map<String, ?>) (Map<?, ?>) props;
        client.capture("u", "e", map);
        client.flush();
        JsonNode p = server.events().get(0).get("properties");
        assertThat(p.get("nan").isNull()).isTrue();
        assertThat(p.get("7").asString()).isEqualTo("seven");
        assertThat(p.get("booby").asString()).startsWith("<unprintable ");
        assertThat(p.get("opt").asString()).isEqualTo("inside");
        assertThat(p.get("lone").asString()).isEqualTo("a\uFFFDb");
    }

    @Test
    void mutatingThePropertiesAfterCaptureReturnsDoesNotChangeWhatIsSent() {
        client = TestClients.builder(server).build();
        Map<String, Object> nested = new HashMap<>(Map.of("n", 1));
        List<Object> list = new ArrayList<>(List.of("a"));
        Map<String, Object> props = new HashMap<>(Map.of("k", "before", "nested", nested, "list", list));
        int[] array = {1, 2};
        props.put("array", array);
        client.capture("u", "e", props);
        props.put("k", "after");
        props.put("added", true);
        nested.put("n", 2);
        list.add("b");
        array[0] = 99;
        client.flush();
        JsonNode p = server.events().get(0).get("properties");
        assertThat(p.get("k").asString()).isEqualTo("before");
        assertThat(p.has("added")).isFalse();
        assertThat(p.get("nested").get("n").asInt()).isEqualTo(1);
        assertThat(p.get("list")).hasSize(1);
        assertThat(p.get("array").get(0).asInt()).isEqualTo(1);
    }

    @Test
    void mutatingThePropertiesFromAnotherThreadWhileCapturingNeverThrows() throws Exception {
        client = TestClients.builder(server).maxQueueSize(50_000).flushAt(500).build();
        Map<String, Object> shared = new HashMap<>();
        List<Object> sharedList = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            shared.put("k" + i, i);
            sharedList.add(i);
        }
        shared.put("list", sharedList);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Thread mutator = new Thread(() -> {
            int i = 0;
            started.countDown();
            while (!stop.get()) {
                shared.put("k" + (i % 100), i);
                shared.remove("k" + ((i + 50) % 100));
                sharedList.add(i);
                if (sharedList.size() > 100) {
                    sharedList.subList(0, 50).clear();
                }
                i++;
            }
        }, "hostile-mutator");
        mutator.setDaemon(true);
        mutator.start();
        started.await(5, TimeUnit.SECONDS);
        AtomicInteger returnedNull = new AtomicInteger();
        List<String> accepted = new ArrayList<>();
        int calls = 0;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (; calls < 5_000 && System.nanoTime() < deadline; calls++) {
                UUID uuid = client.capture("u", "racing", shared);
                if (uuid == null) {
                    returnedNull.incrementAndGet();
                } else {
                    accepted.add(uuid.toString());
                }
            }
        } finally {
            stop.set(true);
            mutator.join(5_000);
        }
        assertThat(client.flush(Duration.ofSeconds(20)).completed()).isTrue();
        // a copy torn by a concurrent writer is dropped as invalid, never thrown; the server got every other event
        // exactly once, each with a readable property map
        List<String> received = server.events().stream().map(e -> e.get("uuid").asString()).toList();
        assertThat(received).containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(server.events()).allSatisfy(e -> assertThat(e.get("properties").get("list").isArray()).isTrue());
        assertThat(accepted.size() + returnedNull.get()).isEqualTo(calls);
        PostHogStats stats = client.stats();
        assertThat(stats.captured()).isEqualTo(calls);
        assertThat(stats.dropped(DropReason.INVALID)).isEqualTo(returnedNull.get());
        assertThat(stats.pending()).isZero();
        UUID normal = client.capture("u", "normal");
        assertThat(client.flush().sent()).isEqualTo(1);
        assertThat(normal).isNotNull();
    }

    @Test
    void aConcurrentMapBeingMutatedIsCopiedConsistentlyEnough() throws Exception {
        client = TestClients.builder(server).flushAt(500).maxQueueSize(50_000).build();
        Map<String, Object> shared = new ConcurrentHashMap<>();
        Collection<Object> values = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        Thread mutator = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                shared.put("k" + (i % 64), i);
                values.add(i % 64);
                shared.put("set", values);
            }
        }, "hostile-mutator-2");
        mutator.setDaemon(true);
        mutator.start();
        try {
            for (int i = 0; i < 2_000; i++) {
                assertThat(client.capture("u", "racing", shared)).isNotNull(); // weakly consistent: always copyable
            }
        } finally {
            stop.set(true);
            mutator.join(5_000);
        }
        client.flush(Duration.ofSeconds(20));
        assertThat(client.stats().sent()).isEqualTo(2_000);
    }

    @Test
    void aBeforeSendHookInjectingHostileValuesIsSnapshottedAgain() {
        client = TestClients.builder(server)
                .beforeSend(e -> {
                    Map<String, Object> self = new HashMap<>();
                    self.put("self", self);
                    return e.event().equals("cyclic") ? e.withProperty("cycle", self)
                            : e.withProperty("thread", Thread.currentThread()).withProperty("nan", Double.NaN);
                })
                .build();
        assertThat(client.capture("u", "cyclic")).isNull();
        assertThat(client.capture("u", "fine")).isNotNull();
        client.flush();
        PostHogStats stats = client.stats();
        assertThat(stats.dropped(DropReason.INVALID)).isEqualTo(1);
        assertThat(stats.sent()).isEqualTo(1);
        assertThat(server.events().get(0).get("properties").get("nan").isNull()).isTrue();
    }

    @Test
    void nullOrNegativeTimeoutsNeverThrow() {
        client = TestClients.builder(server).build();
        client.capture("u", "a");
        assertThatCode(() -> client.flush(null)).doesNotThrowAnyException();
        assertThat(client.stats().sent()).isEqualTo(1); // null means the configured flushTimeout
        client.capture("u", "b");
        assertThatCode(() -> client.flush(Duration.ofSeconds(-1))).doesNotThrowAnyException();
        client.captureAi("u", "$ai_generation", null);
        assertThatCode(() -> client.flush(null)).doesNotThrowAnyException();
        assertThatCode(() -> client.shutdown(Duration.ofSeconds(-5))).doesNotThrowAnyException();
        assertThatCode(() -> client.shutdown(null)).doesNotThrowAnyException();
        PostHogStats stats = client.stats();
        assertThat(stats.pending()).isZero();
        assertThat(stats.captured()).isEqualTo(stats.sent() + stats.droppedTotal());
    }
}
