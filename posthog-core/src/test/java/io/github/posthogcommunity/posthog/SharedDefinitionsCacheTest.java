package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.flags.CachedFlagDefinitions;
import io.github.posthogcommunity.posthog.flags.FlagDefinitionsCache;
import io.github.posthogcommunity.posthog.flags.FlagDefinitionsCacheStats;
import io.github.posthogcommunity.posthog.support.LogCapture;
import io.github.posthogcommunity.posthog.support.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.github.posthogcommunity.posthog.LocalFeatureFlagsTest.DEFINITIONS;
import static io.github.posthogcommunity.posthog.LocalFeatureFlagsTest.PERSONAL_KEY;
import static io.github.posthogcommunity.posthog.LocalFeatureFlagsTest.PRO;
import static io.github.posthogcommunity.posthog.LocalFeatureFlagsTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fleet-wide definitions cache seen from the core: one lease holder fetches per poll, the others evaluate from
 * its document; a failing cache makes every instance fetch by itself (logged once per streak, counted), never
 * "no flags"; closing the holder releases the lease. An in-memory cache stands in for a shared store. The clock
 * is manual and never moves, so the only polls are the first ones and those asked with {@code reloadFeatureFlags()}
 * (a request that is never lost, even while a poll is still running): every step is explicit.
 */
class SharedDefinitionsCacheTest extends FlagsServerTestBase {

    static final Duration INTERVAL = Duration.ofSeconds(30);

    /** One shared store; each client has its own view with its own instance id. */
    static final class MemoryStore {
        String holder;
        CachedFlagDefinitions document;
        volatile boolean down;
    }

    static final class MemoryCache implements FlagDefinitionsCache {
        final MemoryStore store;
        final String id;

        MemoryCache(MemoryStore store, String id) {
            this.store = store;
            this.id = id;
        }

        private void check() throws IOException {
            if (store.down) {
                throw new IOException("store down");
            }
        }

        @Override
        public boolean acquireOrRenewLease() throws IOException {
            check();
            synchronized (store) {
                if (store.holder == null || store.holder.equals(id)) {
                    store.holder = id;
                    return true;
                }
                return false;
            }
        }

        @Override
        public CachedFlagDefinitions read() throws IOException {
            check();
            synchronized (store) {
                return store.document;
            }
        }

        @Override
        public void write(CachedFlagDefinitions definitions) throws IOException {
            check();
            synchronized (store) {
                store.document = definitions;
            }
        }

        @Override
        public void release() {
            synchronized (store) {
                if (id.equals(store.holder)) {
                    store.holder = null;
                }
            }
        }

        @Override
        public String name() {
            return "memory";
        }
    }

    private final ManualClock clock = new ManualClock();
    private final MemoryStore store = new MemoryStore();
    private final List<PostHogClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(PostHogClient::close);
    }

    private PostHogClient client(String id) {
        PostHogClient client = server.client().personalApiKey(PERSONAL_KEY).clock(clock)
                .featureFlagsPollInterval(INTERVAL).featureFlagsWaitForFirstLoad(WAIT)
                .featureFlagDefinitionsCache(new MemoryCache(store, id)).build();
        clients.add(client);
        return client;
    }

    /** One more poll of each client. */
    private static void pollAll(PostHogClient... clients) {
        for (PostHogClient client : clients) {
            client.reloadFeatureFlags();
        }
    }

    private static FlagDefinitionsCacheStats cache(PostHogClient client) {
        return client.flagStats().definitionsCache();
    }

    @Test
    void oneInstanceFetchesPerIntervalAndTheOthersEvaluateFromItsDocument() {
        server.definitions(200, DEFINITIONS);
        PostHogClient a = client("a");
        PostHogClient b = client("b");
        PostHogClient c = client("c");

        assertThat(server.definitionRequests()).hasSize(1);
        assertThat(cache(a).leaseHeld()).isTrue();
        assertThat(cache(b).leaseHeld()).isFalse();
        for (PostHogClient client : List.of(a, b, c)) {
            assertThat(client.flagStats().definitionsCount()).isEqualTo(3);
            assertThat(client.isFeatureEnabled("local-on", "user-1", false, PRO)).isTrue();
            assertThat(client.getFeatureFlagPayload("local-on", "user-1", PRO)).isEqualTo("{\"a\":1}");
        }
        assertThat(server.flagRequests()).isEmpty();
        assertThat(store.document.isReadable()).isTrue();
        assertThat(store.document.jsonText()).isEqualTo(DEFINITIONS);

        long readsB = cache(b).reads();
        long readsC = cache(c).reads();
        pollAll(a, b, c);
        await().atMost(WAIT).until(() -> cache(a).writes() == 2 && cache(b).reads() > readsB
                && cache(c).reads() > readsC);
        assertThat(server.definitionRequests()).hasSize(2);
        assertThat(cache(b).failures()).isZero();
        assertThat(cache(b).fallbackFetches()).isZero();
    }

    @Test
    void aFailingCacheMakesEveryInstanceFetchByItselfLoggedOncePerStreakThenTheyConverge() {
        server.definitions(200, DEFINITIONS);
        PostHogClient a = client("a");
        PostHogClient b = client("b");
        try (LogCapture logs = new LogCapture()) {
            store.down = true;
            pollAll(a, b);
            await().atMost(WAIT).until(() -> server.definitionRequests().size() == 3);
            pollAll(a, b);
            await().atMost(WAIT).until(() -> server.definitionRequests().size() == 5);
            for (PostHogClient client : List.of(a, b)) {
                assertThat(cache(client).fallbackFetches()).isEqualTo(2);
                assertThat(cache(client).failures()).isEqualTo(2);
                assertThat(client.isFeatureEnabled("local-on", "user-1", false, PRO)).isTrue();
            }
            assertThat(logs.warningsContaining("flag definitions cache (memory) could not")).isEqualTo(2);

            store.down = false;
            pollAll(a, b);
            await().atMost(WAIT).until(() -> cache(a).writes() + cache(b).writes() >= 2 && cache(b).reads()
                    + cache(a).reads() >= 1);
            assertThat(server.definitionRequests()).hasSize(6);
            pollAll(a, b);
            await().atMost(WAIT).until(() -> server.definitionRequests().size() == 7
                    && cache(a).reads() + cache(b).reads() >= 2);
            assertThat(server.definitionRequests()).hasSize(7);
            assertThat(logs.text()).contains("answers again");
        }
    }

    @Test
    void theHolderReleasesTheLeaseOnCloseAndAnotherInstanceTakesOver() {
        server.definitions(200, DEFINITIONS);
        PostHogClient a = client("a");
        PostHogClient b = client("b");
        assertThat(store.holder).isEqualTo("a");
        a.close();
        assertThat(store.holder).isNull();

        pollAll(b);
        await().atMost(WAIT).until(() -> cache(b).leaseHeld() && cache(b).writes() == 1);
        assertThat(store.holder).isEqualTo("b");
        assertThat(server.definitionRequests()).hasSize(2);
        assertThat(b.isFeatureEnabled("local-on", "user-1", false, PRO)).isTrue();
    }

    @Test
    void aDocumentOfAnotherSchemaVersionIsNotUsedAndTheInstanceFetchesByItself() {
        server.definitions(200, DEFINITIONS);
        store.holder = "someone-else";
        store.document = new CachedFlagDefinitions(99, "{\"flags\":[]}".getBytes(StandardCharsets.UTF_8), null,
                Instant.EPOCH);
        PostHogClient b = client("b");
        assertThat(server.definitionRequests()).hasSize(1);
        assertThat(b.flagStats().definitionsCount()).isEqualTo(3);
        assertThat(cache(b).fallbackFetches()).isEqualTo(1);
    }

    @Test
    void anInstanceThatIsNotTheHolderUsesTheDocumentsFetchTimeAsTheDefinitionsAge() {
        server.definitions(200, DEFINITIONS);
        Instant fetched = clock.now().minusSeconds(12);
        store.holder = "someone-else";
        store.document = CachedFlagDefinitions.of(DEFINITIONS.getBytes(StandardCharsets.UTF_8), "\"v1\"", fetched);
        PostHogClient b = client("b");
        assertThat(server.definitionRequests()).isEmpty();
        assertThat(b.flagStats().lastSuccessfulLoad()).isEqualTo(fetched);
        assertThat(b.flagStats().definitionsAge(clock.now())).contains(Duration.ofSeconds(12));
        assertThat(b.isFeatureEnabled("local-on", "user-1", false, PRO)).isTrue();
    }

    @Test
    void theDocumentNeverShowsItsBodyInToString() {
        CachedFlagDefinitions document = CachedFlagDefinitions.of("{\"flags\":[]}".getBytes(StandardCharsets.UTF_8),
                null, Instant.EPOCH);
        assertThat(document.toString()).doesNotContain("flags").contains("bytes=12");
    }
}
