package io.github.posthogcommunity.posthog.spring.ai;

/**
 * Keys a {@code ChatClient} call can set in its advisor context to steer the events of that call.
 *
 * <pre>{@code
 * chatClient.prompt()
 *     .user("Hello")
 *     .advisors(a -> a.param(PostHogAiParams.DISTINCT_ID, user.id()))
 *     .call().content();
 * }</pre>
 */
public final class PostHogAiParams {

    /**
     * The distinct id the events of this call are attributed to (a non-blank {@code String}), overriding the
     * ambient {@code PostHogContext} identity.
     */
    public static final String DISTINCT_ID = "posthog_distinct_id";

    private PostHogAiParams() {
    }
}
