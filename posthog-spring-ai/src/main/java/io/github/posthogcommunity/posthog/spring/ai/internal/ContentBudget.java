package io.github.posthogcommunity.posthog.spring.ai.internal;

import io.github.posthogcommunity.posthog.spring.ai.AiContentRedactor;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The content of one event: redacts each piece, then charges it against a character budget shared by the whole
 * event, cutting what does not fit with a marker. The event's structure is kept (every message stays a message), so
 * a huge prompt costs at most the budget plus a few markers and never makes the event too large to send.
 * Not thread-safe: one per event, used by the thread that builds it.
 */
public final class ContentBudget {

    /** Characters charged for each list item, so that a million empty messages still exhaust the budget. */
    static final int ITEM_COST = 16;
    static final String REDACTION_FAILED = "[redacted: the content redactor failed]";

    private final boolean privacyMode;
    private final @Nullable AiContentRedactor redactor;
    private long remaining;

    public ContentBudget(boolean privacyMode, int maxChars, @Nullable AiContentRedactor redactor) {
        this.privacyMode = privacyMode;
        this.redactor = redactor;
        this.remaining = maxChars;
    }

    /** {@code false} in privacy mode: content properties are left out. */
    public boolean capturesContent() {
        return !privacyMode;
    }

    /** A piece of content, redacted and cut to what is left of the budget; {@code null} in privacy mode. */
    public @Nullable String content(@Nullable String text) {
        return privacyMode ? null : fit(text);
    }

    /** Text sent even in privacy mode (an error message): redacted and cut like content. */
    public @Nullable String metadata(@Nullable String text) {
        return fit(text);
    }

    /**
     * Maps {@code items} until the budget runs out; the rest is replaced by one marker item. {@code null} in privacy
     * mode.
     */
    public <T> @Nullable List<Object> list(List<T> items, Function<T, @Nullable Object> mapper) {
        if (privacyMode) {
            return null;
        }
        List<Object> out = new ArrayList<>(Math.min(items.size(), 64));
        int index = 0;
        for (T item : items) {
            if (remaining <= 0) {
                out.add(Truncation.items(items.size() - index));
                break;
            }
            remaining -= ITEM_COST;
            Object mapped = mapper.apply(item);
            if (mapped != null) {
                out.add(mapped);
            }
            index++;
        }
        return out;
    }

    private @Nullable String fit(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String value = redact(text);
        if (value == null) {
            return null;
        }
        if (value.length() <= remaining) {
            remaining -= value.length();
            return value;
        }
        int keep = (int) Math.max(0, remaining);
        if (keep > 0 && Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--; // never split a surrogate pair
        }
        remaining = 0;
        return value.substring(0, keep) + Truncation.chars(value.length() - keep);
    }

    private @Nullable String redact(String text) {
        if (redactor == null) {
            return text;
        }
        try {
            return redactor.redact(text);
        } catch (Exception | LinkageError | AssertionError e) {
            Failures.warn("the AI content redactor threw " + e.getClass().getName()
                    + "; the content was replaced by a marker");
            return REDACTION_FAILED;
        }
    }
}
