package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostHogScopeTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;

    @AfterEach
    void clearThread() {
        PostHogContext.clear();
    }

    @Test
    void aScopeSetsIdentityAndTagsAndCloseRestoresNothing() {
        try (PostHogScope scope = PostHogContext.scope().distinctId("u1").sessionId("s1").tag("tenant", "acme").open()) {
            assertThat(PostHogContext.current()).isSameAs(scope.context());
            assertThat(scope.context()).isEqualTo(new EventContext("u1", "s1", Map.of("tenant", "acme")));
        }
        assertThat(PostHogContext.current()).isNull();
    }

    @Test
    void nestedScopesInheritAndTheirOwnValuesWin() {
        try (PostHogScope outer = PostHogContext.scope().distinctId("u1").sessionId("s1").tag("tenant", "acme")
                .tag("region", "eu").open()) {
            try (PostHogScope inner = PostHogContext.scope().tag("region", "us").tag("job", "export").open()) {
                assertThat(inner.context()).isEqualTo(new EventContext("u1", "s1",
                        Map.of("tenant", "acme", "region", "us", "job", "export")));
            }
            assertThat(PostHogContext.current()).isSameAs(outer.context());
        }
    }

    @Test
    void aFreshScopeStartsEmptyAndStillRestoresItsParent() {
        try (PostHogScope outer = PostHogContext.scope().distinctId("u1").tag("tenant", "acme").open()) {
            try (PostHogScope inner = PostHogContext.scope().fresh().tag("job", "export").open()) {
                assertThat(inner.context()).isEqualTo(new EventContext(null, null, Map.of("job", "export")));
            }
            assertThat(PostHogContext.current()).isSameAs(outer.context());
        }
    }

    @Test
    void closeRestoresOnExceptions() {
        EventContext request = new EventContext("request-user", null);
        PostHogContext.set(request);
        assertThatThrownBy(() -> {
            try (PostHogScope scope = PostHogContext.scope().distinctId("job").open()) {
                throw new IllegalStateException("boom");
            }
        }).isInstanceOf(IllegalStateException.class);
        assertThat(PostHogContext.current()).isSameAs(request);
    }

    @Test
    void scopesClosedOutOfOrderRestoreWhatTheOutermostReplaced() {
        EventContext request = new EventContext("request-user", null);
        PostHogContext.set(request);
        PostHogScope outer = PostHogContext.scope().distinctId("a").open();
        PostHogScope inner = PostHogContext.scope().distinctId("b").open();
        outer.close(); // out of order: the inner scope stays current
        assertThat(PostHogContext.current()).isSameAs(inner.context());
        inner.close(); // skips the closed outer scope
        assertThat(PostHogContext.current()).isSameAs(request);
        inner.close();
        outer.close();
        assertThat(PostHogContext.current()).isSameAs(request);
    }

    @Test
    void threeScopesClosedMiddleFirst() {
        PostHogScope a = PostHogContext.scope().distinctId("a").open();
        PostHogScope b = PostHogContext.scope().distinctId("b").open();
        PostHogScope c = PostHogContext.scope().distinctId("c").open();
        b.close();
        assertThat(PostHogContext.current()).isSameAs(c.context());
        c.close();
        assertThat(PostHogContext.current()).isSameAs(a.context());
        a.close();
        assertThat(PostHogContext.current()).isNull();
    }

    @Test
    void aPropagationLibraryRestoringTheScopesContextKeepsTheScopeClosable() {
        try (PostHogScope scope = PostHogContext.scope().distinctId("u1").open()) {
            // What a context-propagation accessor does around a task run on this same thread.
            EventContext previous = PostHogContext.get();
            PostHogContext.set(new EventContext("propagated", null));
            PostHogContext.set(previous);
            assertThat(PostHogContext.current()).isSameAs(scope.context());
        }
        assertThat(PostHogContext.current()).isNull();
    }

    @Test
    void clearDiscardsOpenScopesAndClosingThemLaterChangesNothing() {
        PostHogScope scope = PostHogContext.scope().distinctId("u1").open();
        PostHogContext.clear();
        EventContext next = new EventContext("next-request", null);
        PostHogContext.set(next);
        scope.close();
        assertThat(PostHogContext.current()).isSameAs(next);
    }

    @ParameterizedTest
    @EnumSource(CaptureProtocol.class)
    void eventsInAScopeCarryItsIdSessionAndTagsAndTheCallersPropertiesWin(CaptureProtocol protocol) {
        PostHogClient client = rig.start(TestClients.builder(server).captureProtocol(protocol));
        try (PostHogScope scope = PostHogContext.scope().distinctId("u1").sessionId("s1").tag("tenant", "acme")
                .tag("plan", "free").open()) {
            client.capture(null, "in scope", Map.of("plan", "pro"));
            client.capture("explicit", "explicit id");
        }
        client.capture(null, "outside");
        client.flush();
        List<JsonNode> events = server.events();
        JsonNode first = events.get(0);
        assertThat(first.get("distinct_id").asString()).isEqualTo("u1");
        assertThat(sessionId(first, protocol)).isEqualTo("s1");
        assertThat(first.get("properties").get("tenant").asString()).isEqualTo("acme");
        assertThat(first.get("properties").get("plan").asString()).isEqualTo("pro");
        JsonNode second = events.get(1);
        assertThat(second.get("distinct_id").asString()).isEqualTo("explicit");
        assertThat(second.get("properties").get("tenant").asString()).isEqualTo("acme");
        JsonNode outside = events.get(2);
        assertThat(outside.get("distinct_id").asString()).isNotIn("u1", "explicit");
        assertThat(outside.get("properties").has("tenant")).isFalse();
    }

    @Test
    void exceptionsCapturedInAScopeCarryItsTags() {
        PostHogClient client = rig.start(TestClients.builder(server));
        try (PostHogScope scope = PostHogContext.scope().distinctId("u1").tag("tenant", "acme").open()) {
            client.captureException(new IllegalStateException("order failed"));
        }
        client.flush();
        JsonNode event = server.events().get(0);
        assertThat(event.get("event").asString()).isEqualTo("$exception");
        assertThat(event.get("distinct_id").asString()).isEqualTo("u1");
        assertThat(event.get("properties").get("tenant").asString()).isEqualTo("acme");
    }

    @Test
    void aCustomContextSupplierStillWins() {
        PostHogClient client = rig.start(TestClients.builder(server)
                .contextSupplier(() -> new EventContext("from-supplier", null, Map.of("source", "supplier"))));
        try (PostHogScope scope = PostHogContext.scope().distinctId("u1").tag("tenant", "acme").open()) {
            client.capture(null, "e");
        }
        client.flush();
        JsonNode event = server.events().get(0);
        assertThat(event.get("distinct_id").asString()).isEqualTo("from-supplier");
        assertThat(event.get("properties").get("source").asString()).isEqualTo("supplier");
        assertThat(event.get("properties").has("tenant")).isFalse();
    }

    @Test
    void tagValuesAreSnapshotAtCapture() {
        PostHogClient client = rig.start(TestClients.builder(server));
        java.util.List<String> roles = new java.util.ArrayList<>(List.of("admin"));
        try (PostHogScope scope = PostHogContext.scope().distinctId("u1").tag("roles", roles).open()) {
            client.capture(null, "e");
            roles.add("later");
        }
        client.flush();
        assertThat(server.events().get(0).get("properties").get("roles").size()).isEqualTo(1);
    }

    private static String sessionId(JsonNode event, CaptureProtocol protocol) {
        return protocol == CaptureProtocol.V1 ? event.get("session_id").asString()
                : event.get("properties").get("$session_id").asString();
    }
}
