package io.github.posthogcommunity.posthog.spring.boot.test;

import org.assertj.core.api.AbstractListAssert;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * AssertJ assertions on recorded events, with filters that narrow the list: {@code named}, {@code forUser},
 * {@code withProperty}, {@code forFlag}. Every AssertJ list assertion applies ({@code hasSize}, {@code isEmpty},
 * {@code extracting}, ...); {@code singleElement()}, {@code first()} and {@code element(i)} lead to a
 * {@link RecordedEventAssert}.
 */
public final class RecordedEventsAssert
        extends AbstractListAssert<RecordedEventsAssert, List<RecordedEvent>, RecordedEvent, RecordedEventAssert> {

    RecordedEventsAssert(List<RecordedEvent> events) {
        super(events, RecordedEventsAssert.class);
    }

    /** Only the events with this name. */
    public RecordedEventsAssert named(String event) {
        return filter(e -> e.event().equals(event), "named '" + event + "'");
    }

    /** Only the events of this distinct id. */
    public RecordedEventsAssert forUser(String distinctId) {
        return filter(e -> e.distinctId().equals(distinctId), "for user '" + distinctId + "'");
    }

    /** Only the events whose property {@code name} equals {@code value} (numbers compared by value). */
    public RecordedEventsAssert withProperty(String name, @Nullable Object value) {
        return filter(e -> e.properties().containsKey(name) && Values.same(value, e.property(name)),
                "with " + name + "=" + value);
    }

    /** Only the {@code $feature_flag_called} events of this flag. */
    public RecordedEventsAssert forFlag(String flagKey) {
        return filter(e -> e.event().equals("$feature_flag_called") && Objects.equals(flagKey,
                e.property("$feature_flag")), "for flag '" + flagKey + "'");
    }

    private RecordedEventsAssert filter(Predicate<RecordedEvent> predicate, String what) {
        isNotNull();
        List<RecordedEvent> kept = new ArrayList<>();
        for (RecordedEvent event : actual) {
            if (predicate.test(event)) {
                kept.add(event);
            }
        }
        String description = info.descriptionText();
        return new RecordedEventsAssert(kept).as((description.isEmpty() ? "events" : description) + " " + what
                + " (of " + actual.size() + " recorded: " + actual + ")");
    }

    @Override
    protected RecordedEventAssert toAssert(RecordedEvent value, String description) {
        return new RecordedEventAssert(value).as(description);
    }

    @Override
    protected RecordedEventsAssert newAbstractIterableAssert(Iterable<? extends RecordedEvent> iterable) {
        List<RecordedEvent> list = new ArrayList<>();
        iterable.forEach(list::add);
        return new RecordedEventsAssert(list);
    }
}
