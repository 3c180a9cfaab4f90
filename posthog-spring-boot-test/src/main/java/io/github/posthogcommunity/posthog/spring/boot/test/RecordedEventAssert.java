package io.github.posthogcommunity.posthog.spring.boot.test;

import org.assertj.core.api.AbstractObjectAssert;
import org.jspecify.annotations.Nullable;

import java.util.function.Consumer;

/** AssertJ assertions on one {@link RecordedEvent}. */
public final class RecordedEventAssert extends AbstractObjectAssert<RecordedEventAssert, RecordedEvent> {

    RecordedEventAssert(RecordedEvent event) {
        super(event, RecordedEventAssert.class);
    }

    /** The event has this name. */
    public RecordedEventAssert hasName(String event) {
        isNotNull();
        if (!actual.event().equals(event)) {
            failWithMessage("Expected the event to be named <%s> but it was <%s>", event, actual.event());
        }
        return this;
    }

    /** The event was sent for this distinct id. */
    public RecordedEventAssert hasDistinctId(String distinctId) {
        isNotNull();
        if (!actual.distinctId().equals(distinctId)) {
            failWithMessage("Expected %s to have distinct id <%s> but it had <%s>", actual.event(), distinctId,
                    actual.distinctId());
        }
        return this;
    }

    /** The event has property {@code name} equal to {@code expected} (numbers compared by value: 42 equals 42.0). */
    public RecordedEventAssert hasProperty(String name, @Nullable Object expected) {
        hasProperty(name);
        Object value = actual.property(name);
        if (!Values.same(expected, value)) {
            failWithMessage("Expected property <%s> of %s to be <%s> but it was <%s>", name, actual.event(),
                    expected, value);
        }
        return this;
    }

    /** The event has property {@code name}, whatever its value. */
    public RecordedEventAssert hasProperty(String name) {
        isNotNull();
        if (!actual.properties().containsKey(name)) {
            failWithMessage("Expected %s to have property <%s> but its properties were %s", actual.event(), name,
                    actual.properties());
        }
        return this;
    }

    /** The event has property {@code name} and its value passes {@code requirements} (AssertJ assertions). */
    public RecordedEventAssert hasPropertySatisfying(String name, Consumer<@Nullable Object> requirements) {
        hasProperty(name);
        requirements.accept(actual.property(name));
        return this;
    }

    /** The event does not have property {@code name}. */
    public RecordedEventAssert doesNotHaveProperty(String name) {
        isNotNull();
        if (actual.properties().containsKey(name)) {
            failWithMessage("Expected %s not to have property <%s> but it was <%s>", actual.event(), name,
                    actual.property(name));
        }
        return this;
    }

    /** The event was sent without a person profile ({@code $process_person_profile} false). */
    public RecordedEventAssert isPersonless() {
        isNotNull();
        if (!actual.isPersonless()) {
            failWithMessage("Expected %s to be personless ($process_person_profile false) but it was not",
                    actual.event());
        }
        return this;
    }
}
