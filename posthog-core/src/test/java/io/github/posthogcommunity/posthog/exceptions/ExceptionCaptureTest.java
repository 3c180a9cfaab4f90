package io.github.posthogcommunity.posthog.exceptions;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ExceptionCaptureTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;

    private JsonNode captureOne(PostHogClient client, Runnable action) {
        action.run();
        assertThat(client.flush().completed()).isTrue();
        List<JsonNode> events = server.events();
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    static StackTraceElement frame(String className, String method, String file, int line) {
        return new StackTraceElement(className, method, file, line);
    }

    /** A trace in JVM order: crash site first, entry point last. */
    static StackTraceElement[] trace(String crashMethod) {
        return new StackTraceElement[] {
            frame("com.acme.shop.Inventory", crashMethod, "Inventory.java", 42),
            frame("org.springframework.web.Dispatcher", "dispatch", "Dispatcher.java", 100),
            frame("com.acme.shop.Main", "main", "Main.java", 7),
        };
    }

    static IllegalStateException nestedWithSuppressed() {
        IllegalArgumentException root = new IllegalArgumentException("bad sku");
        root.setStackTrace(trace("parse"));
        IOException middle = new IOException("read failed", root);
        middle.setStackTrace(trace("read"));
        IllegalStateException top = new IllegalStateException("order failed", middle);
        top.setStackTrace(trace("order"));
        RuntimeException suppressed = new RuntimeException("close failed");
        suppressed.setStackTrace(trace("close"));
        top.addSuppressed(suppressed);
        return top;
    }

    @Test
    void nestedCauseChainWithSuppressedFieldByField() {
        PostHogClient client = rig.start(rig.builder().inAppPackages("com.acme"));
        UUID[] uuid = new UUID[1];
        JsonNode event = captureOne(client,
                () -> uuid[0] = client.captureException(nestedWithSuppressed(), "user-1", Map.of("plan", "pro")));
        System.out.println("captured $exception event: " + event);

        assertThat(event.get("event").asString()).isEqualTo("$exception");
        assertThat(event.get("distinct_id").asString()).isEqualTo("user-1");
        assertThat(event.get("uuid").asString()).isEqualTo(uuid[0].toString());
        JsonNode props = event.get("properties");
        assertThat(props.propertyNames()).containsExactly("plan", "$exception_list", "$exception_type",
                "$exception_message", "$exception_level", "$is_server", "$lib", "$lib_version");
        assertThat(props.get("$exception_type").asString()).isEqualTo("IllegalStateException");
        assertThat(props.get("$exception_message").asString()).isEqualTo("order failed");
        assertThat(props.get("$exception_level").asString()).isEqualTo("error");

        JsonNode list = props.get("$exception_list");
        assertThat(list).hasSize(4);
        // caught first, then its suppressed exception, then the cause chain down to the root cause
        assertEntry(list.get(0), "IllegalStateException", "java.lang", "order failed", "order");
        assertEntry(list.get(1), "RuntimeException", "java.lang", "close failed", "close");
        assertEntry(list.get(2), "IOException", "java.io", "read failed", "read");
        assertEntry(list.get(3), "IllegalArgumentException", "java.lang", "bad sku", "parse");

        assertThat(list.get(0).get("mechanism").toString())
                .isEqualTo("{\"type\":\"generic\",\"handled\":true,\"synthetic\":false,\"exception_id\":0}");
        assertThat(list.get(1).get("mechanism").toString()).isEqualTo("{\"type\":\"chained\",\"handled\":true,"
                + "\"synthetic\":false,\"exception_id\":1,\"parent_id\":0,\"source\":\"suppressed[0]\"}");
        assertThat(list.get(2).get("mechanism").toString()).isEqualTo("{\"type\":\"chained\",\"handled\":true,"
                + "\"synthetic\":false,\"exception_id\":2,\"parent_id\":0,\"source\":\"cause\"}");
        assertThat(list.get(3).get("mechanism").toString()).isEqualTo("{\"type\":\"chained\",\"handled\":true,"
                + "\"synthetic\":false,\"exception_id\":3,\"parent_id\":2,\"source\":\"cause\"}");
    }

    private static void assertEntry(JsonNode entry, String type, String module, String value, String crashMethod) {
        assertThat(entry.propertyNames()).containsExactly("type", "value", "module", "mechanism", "stacktrace");
        assertThat(entry.get("type").asString()).isEqualTo(type);
        assertThat(entry.get("module").asString()).isEqualTo(module);
        assertThat(entry.get("value").asString()).isEqualTo(value);
        JsonNode stacktrace = entry.get("stacktrace");
        assertThat(stacktrace.get("type").asString()).isEqualTo("raw");
        JsonNode frames = stacktrace.get("frames");
        assertThat(frames).hasSize(3);
        // entry point first, crash site last
        assertThat(frames.get(0).toString()).isEqualTo("{\"platform\":\"java\",\"filename\":\"Main.java\","
                + "\"function\":\"main\",\"module\":\"com.acme.shop.Main\",\"lineno\":7,\"in_app\":true}");
        assertThat(frames.get(1).get("module").asString()).isEqualTo("org.springframework.web.Dispatcher");
        assertThat(frames.get(1).get("in_app").asBoolean()).isFalse();
        assertThat(frames.get(2).toString()).isEqualTo("{\"platform\":\"java\",\"filename\":\"Inventory.java\","
                + "\"function\":\"" + crashMethod + "\",\"module\":\"com.acme.shop.Inventory\",\"lineno\":42,"
                + "\"in_app\":true}");
    }

    @Test
    void realStackTraceRunsFromEntryPointToCrashSite() {
        PostHogClient client = rig.start(rig.builder());
        IllegalStateException thrown = new IllegalStateException("here");
        JsonNode event = captureOne(client, () -> client.captureException(thrown, "u"));
        JsonNode frames = event.get("properties").get("$exception_list").get(0).get("stacktrace").get("frames");
        StackTraceElement[] jvm = thrown.getStackTrace();
        assertThat(frames).hasSize(jvm.length);
        assertThat(frames.get(frames.size() - 1).get("function").asString())
                .isEqualTo("realStackTraceRunsFromEntryPointToCrashSite");
        assertThat(frames.get(0).get("module").asString()).isEqualTo(jvm[jvm.length - 1].getClassName());
    }

    @Test
    void noDistinctIdSendsAPersonlessEvent() {
        PostHogClient client = rig.start(rig.builder());
        JsonNode event = captureOne(client, () -> client.captureException(new RuntimeException("x")));
        assertThat(UUID.fromString(event.get("distinct_id").asString())).isNotNull();
        assertThat(event.get("properties").get("$process_person_profile").asBoolean(true)).isFalse();
    }

    @Test
    void callerPropertiesCannotOverrideExceptionKeys() {
        PostHogClient client = rig.start(rig.builder());
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("$exception_list", List.of());
        props.put("$exception_type", "Fake");
        props.put("$exception_message", "fake");
        props.put("$exception_level", "info");
        props.put("$exception_fingerprint", "custom-group");
        props.put("kept", 1);
        JsonNode event = captureOne(client, () -> client.captureException(new IllegalStateException("real"), "u", props));
        JsonNode p = event.get("properties");
        assertThat(p.get("$exception_type").asString()).isEqualTo("IllegalStateException");
        assertThat(p.get("$exception_message").asString()).isEqualTo("real");
        assertThat(p.get("$exception_level").asString()).isEqualTo("error");
        assertThat(p.get("$exception_list")).hasSize(1);
        assertThat(p.get("$exception_fingerprint").asString()).isEqualTo("custom-group");
        assertThat(p.get("kept").asInt()).isEqualTo(1);
    }

    @Test
    void throwingGetMessageAndToStringIsStillCaptured() {
        PostHogClient client = rig.start(rig.builder());
        RuntimeException hostile = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new IllegalStateException("no message for you");
            }

            @Override
            public String toString() {
                throw new IllegalStateException("no string for you");
            }
        };
        UUID[] uuid = new UUID[1];
        JsonNode event = captureOne(client, () -> uuid[0] = client.captureException(hostile, "u"));
        assertThat(uuid[0]).isNotNull();
        assertThat(event.get("properties").get("$exception_message").asString())
                .isEqualTo("<getMessage() threw java.lang.IllegalStateException>");
    }

    @Test
    void unhandledOptionMarksEveryEntryUnhandled() {
        PostHogClient client = rig.start(rig.builder());
        JsonNode event = captureOne(client, () -> client.captureException(nestedWithSuppressed(), "u", null,
                ExceptionOptions.unhandled()));
        JsonNode list = event.get("properties").get("$exception_list");
        // the exception, its suppressed one and its two causes
        assertThat(list).hasSize(4);
        for (JsonNode entry : list) {
            assertThat(entry.get("mechanism").get("handled").asBoolean(true)).isFalse();
        }
    }

    @Test
    void nullThrowableAndDisabledClientSendNothingAndDoNotThrow() {
        PostHogClient client = rig.start(rig.builder());
        assertThat(client.captureException(null)).isNull();
        assertThat(PostHogClient.disabled().captureException(new RuntimeException())).isNull();
        assertThat(client.flush().completed()).isTrue();
        assertThat(server.events()).isEmpty();
    }

    @Test
    void uncaughtExceptionHandlerCapturesDelegatesAndIsRestoredOnClose() throws Exception {
        Thread.UncaughtExceptionHandler original = Thread.getDefaultUncaughtExceptionHandler();
        List<Throwable> delegated = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = (t, e) -> delegated.add(e);
        Thread.setDefaultUncaughtExceptionHandler(previous);
        try {
            PostHogClient client = rig.start(rig.builder().captureUncaughtExceptions(true));
            assertThat(Thread.getDefaultUncaughtExceptionHandler()).isNotSameAs(previous);

            IllegalStateException boom = new IllegalStateException("thread died");
            Thread worker = new Thread(() -> {
                throw boom;
            }, "worker");
            worker.start();
            worker.join(Duration.ofSeconds(10).toMillis());

            await().atMost(Duration.ofSeconds(10)).until(() -> server.events().size() == 1);
            JsonNode entry = server.events().get(0).get("properties").get("$exception_list").get(0);
            assertThat(entry.get("value").asString()).isEqualTo("thread died");
            assertThat(entry.get("mechanism").get("handled").asBoolean(true)).isFalse();
            assertThat(delegated).containsExactly(boom);

            client.close();
            assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(previous);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(original);
        }
    }

    @Test
    void uncaughtExceptionHandlerIsNotInstalledByDefault() {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        rig.start(rig.builder());
        assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(before);
    }

    @Test
    void aHandlerInstalledOnTopIsLeftInPlaceOnClose() {
        Thread.UncaughtExceptionHandler original = Thread.getDefaultUncaughtExceptionHandler();
        try {
            PostHogClient client = rig.start(rig.builder().captureUncaughtExceptions(true));
            Thread.UncaughtExceptionHandler later = (t, e) -> { };
            Thread.setDefaultUncaughtExceptionHandler(later);
            client.close();
            assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(later);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(original);
        }
    }

    static List<Throwable> chain(int depth) {
        List<Throwable> all = new ArrayList<>();
        Throwable cause = null;
        for (int i = depth - 1; i >= 0; i--) {
            cause = new RuntimeException("level " + i, cause);
            all.add(0, cause);
        }
        return all;
    }
}
