package io.github.posthogcommunity.posthog.internal.exceptions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link Throwable} into the properties of a {@code $exception} event: {@code $exception_list},
 * {@code $exception_type}, {@code $exception_message} and {@code $exception_level}.
 *
 * <p>The list is the caught exception first, then, depth first, its suppressed exceptions (in order, each followed
 * by its own suppressed and causes) and last its cause chain, so the root cause of the main chain is the last entry.
 * Each entry has {@code type} (the class name without its package), {@code value} (the message, {@code ""} when
 * there is none), {@code module} (the package), {@code mechanism} and a raw {@code stacktrace} whose frames run
 * from the entry point to the crash site (the reverse of the JVM order).
 *
 * <p>The shape is stable for fingerprinting: keys in a fixed order, no timestamps, hash codes or thread names.
 *
 * <p>Bounds: at most {@link #MAX_EXCEPTIONS} entries (cycles in the cause/suppressed graph end the branch at the
 * repeated exception), at most {@link #MAX_FRAMES} frames per entry and {@link #MAX_TOTAL_FRAMES} in all (the frames
 * nearest the crash site are kept), messages cut to {@link #MAX_VALUE_LENGTH} characters. Never throws for a
 * misbehaving Throwable: a {@code getMessage}, {@code getStackTrace}, {@code getCause} or {@code getSuppressed} that
 * throws yields a placeholder or nothing for that part.
 */
public final class ExceptionProperties {

    public static final int MAX_EXCEPTIONS = 20;
    public static final int MAX_FRAMES = 200;
    public static final int MAX_TOTAL_FRAMES = 1000;
    public static final int MAX_VALUE_LENGTH = 8192;

    /** The keys this class sets; caller properties never override them. */
    public static final List<String> RESERVED_KEYS =
            List.of("$exception_list", "$exception_type", "$exception_message", "$exception_level");

    /** Frames of these packages are not in-app when no in-app packages are configured. */
    static final List<String> LIBRARY_PACKAGES = List.of("java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.",
            "kotlin.", "kotlinx.", "scala.", "groovy.", "org.springframework.", "org.apache.", "org.eclipse.",
            "io.undertow.", "io.netty.", "reactor.", "org.hibernate.", "com.fasterxml.", "tools.jackson.",
            "org.junit.", "org.slf4j.", "ch.qos.logback.", "io.micrometer.", "com.zaxxer.", "org.aspectj.",
            "net.bytebuddy.", "org.mockito.", "io.github.posthogcommunity.posthog.");

    private final List<String> inAppPackages;

    public ExceptionProperties(List<String> inAppPackages) {
        this.inAppPackages = List.copyOf(inAppPackages);
    }

    /**
     * The event properties: the caller's (except {@link #RESERVED_KEYS}) then the exception's.
     *
     * @param callerProperties may be {@code null}; when it cannot be read the exception is still described
     */
    public LinkedHashMap<String, Object> build(Throwable throwable, boolean handled, Map<String, ?> callerProperties) {
        return build(throwable, handled, false, "error", callerProperties);
    }

    /**
     * The event properties: the caller's (except {@link #RESERVED_KEYS}) then the exception's.
     *
     * @param synthetic marks the first entry {@code mechanism.synthetic} (an exception made up to carry a message)
     * @param level the {@code $exception_level}
     * @param callerProperties may be {@code null}; when it cannot be read the exception is still described
     */
    public LinkedHashMap<String, Object> build(Throwable throwable, boolean handled, boolean synthetic, String level,
                                               Map<String, ?> callerProperties) {
        LinkedHashMap<String, Object> props = new LinkedHashMap<>();
        if (callerProperties != null) {
            try {
                for (Map.Entry<String, ?> e : callerProperties.entrySet()) {
                    if (!RESERVED_KEYS.contains(e.getKey())) {
                        props.put(e.getKey(), e.getValue());
                    }
                }
            } catch (RuntimeException unreadable) {
                props.clear();
            }
        }
        List<Map<String, Object>> list = exceptionList(throwable, handled);
        Map<String, Object> first = list.get(0);
        if (synthetic && first.get("mechanism") instanceof Map<?, ?> mechanism) {
            @SuppressWarnings("unchecked")
            Map<String, Object> writable = (Map<String, Object>) mechanism;
            writable.put("synthetic", true);
        }
        props.put("$exception_list", list);
        props.put("$exception_type", first.get("type"));
        props.put("$exception_message", first.get("value"));
        props.put("$exception_level", level);
        return props;
    }

    /** The {@code $exception_list}: never empty for a non-null throwable. */
    List<Map<String, Object>> exceptionList(Throwable throwable, boolean handled) {
        List<Map<String, Object>> list = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Pending> stack = new ArrayDeque<>();
        stack.push(new Pending(throwable, -1, null));
        int framesLeft = MAX_TOTAL_FRAMES;
        while (!stack.isEmpty() && list.size() < MAX_EXCEPTIONS) {
            Pending next = stack.pop();
            if (!seen.add(next.throwable)) {
                continue; // a cycle, or the same exception reachable twice: described once
            }
            int id = list.size();
            StackTraceElement[] trace = stackTrace(next.throwable);
            int frames = Math.min(Math.min(trace.length, MAX_FRAMES), framesLeft);
            framesLeft -= frames;
            list.add(entry(next, id, handled, trace, frames));
            // Popped in this order: suppressed (in order), then the cause.
            Throwable cause = cause(next.throwable);
            if (cause != null) {
                stack.push(new Pending(cause, id, "cause"));
            }
            Throwable[] suppressed = suppressed(next.throwable);
            for (int i = suppressed.length - 1; i >= 0; i--) {
                if (suppressed[i] != null) {
                    stack.push(new Pending(suppressed[i], id, "suppressed[" + i + "]"));
                }
            }
        }
        return list;
    }

    private Map<String, Object> entry(Pending pending, int id, boolean handled, StackTraceElement[] trace,
                                      int frameCount) {
        Class<?> type = pending.throwable.getClass();
        String name = type.getName();
        int dot = name.lastIndexOf('.');
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", dot < 0 ? name : name.substring(dot + 1));
        entry.put("value", message(pending.throwable));
        if (dot > 0) {
            entry.put("module", name.substring(0, dot));
        }
        Map<String, Object> mechanism = new LinkedHashMap<>();
        mechanism.put("type", id == 0 ? "generic" : "chained");
        mechanism.put("handled", handled);
        mechanism.put("synthetic", false);
        mechanism.put("exception_id", id);
        if (pending.parentId >= 0) {
            mechanism.put("parent_id", pending.parentId);
            mechanism.put("source", pending.source);
        }
        entry.put("mechanism", mechanism);
        List<Map<String, Object>> frames = new ArrayList<>(frameCount);
        for (int i = frameCount - 1; i >= 0; i--) { // JVM order is crash site first: reverse it
            frames.add(frame(trace[i]));
        }
        Map<String, Object> stacktrace = new LinkedHashMap<>();
        stacktrace.put("type", "raw");
        stacktrace.put("frames", frames);
        entry.put("stacktrace", stacktrace);
        return entry;
    }

    private Map<String, Object> frame(StackTraceElement element) {
        Map<String, Object> frame = new LinkedHashMap<>();
        String className = element.getClassName();
        frame.put("platform", "java");
        if (element.getFileName() != null) {
            frame.put("filename", element.getFileName());
        }
        frame.put("function", element.getMethodName());
        frame.put("module", className);
        if (element.getLineNumber() > 0) {
            frame.put("lineno", element.getLineNumber());
        }
        frame.put("in_app", isInApp(className));
        return frame;
    }

    boolean isInApp(String className) {
        if (inAppPackages.isEmpty()) {
            for (String library : LIBRARY_PACKAGES) {
                if (className.startsWith(library)) {
                    return false;
                }
            }
            return true;
        }
        for (String prefix : inAppPackages) {
            if (className.startsWith(prefix) && (className.length() == prefix.length() || prefix.endsWith(".")
                    || className.charAt(prefix.length()) == '.' || className.charAt(prefix.length()) == '$')) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable throwable) {
        String message;
        try {
            message = throwable.getMessage();
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            return "<getMessage() threw " + e.getClass().getName() + ">";
        }
        if (message == null) {
            return "";
        }
        return message.length() <= MAX_VALUE_LENGTH ? message : message.substring(0, MAX_VALUE_LENGTH) + "...";
    }

    private static StackTraceElement[] stackTrace(Throwable throwable) {
        try {
            StackTraceElement[] trace = throwable.getStackTrace();
            if (trace == null) {
                return new StackTraceElement[0];
            }
            List<StackTraceElement> valid = new ArrayList<>(trace.length);
            for (StackTraceElement element : trace) {
                if (element != null) {
                    valid.add(element);
                }
            }
            return valid.toArray(new StackTraceElement[0]);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            return new StackTraceElement[0];
        }
    }

    private static Throwable cause(Throwable throwable) {
        try {
            Throwable cause = throwable.getCause();
            return cause == throwable ? null : cause;
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            return null;
        }
    }

    private static Throwable[] suppressed(Throwable throwable) {
        try {
            Throwable[] suppressed = throwable.getSuppressed();
            return suppressed == null ? new Throwable[0] : suppressed;
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            return new Throwable[0];
        }
    }

    private record Pending(Throwable throwable, int parentId, String source) {
    }
}
