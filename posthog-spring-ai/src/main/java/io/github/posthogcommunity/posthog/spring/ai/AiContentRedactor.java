package io.github.posthogcommunity.posthog.spring.ai;

/**
 * Rewrites one piece of captured content (a message text, a tool call's arguments or result, an embedding input, an
 * error message) before it is truncated and sent, for example to mask e-mail addresses. Declare one as a bean and the
 * auto-configuration uses it.
 *
 * <p>Runs on the thread that ends the model call, after the call has returned; keep it fast. When it throws, the
 * content is replaced by a fixed marker (never sent unredacted) and the event is still sent.
 */
@FunctionalInterface
public interface AiContentRedactor {

    /**
     * @param content the original text, never {@code null}
     * @return the text to send instead; {@code null} sends nothing for that piece
     */
    String redact(String content);
}
