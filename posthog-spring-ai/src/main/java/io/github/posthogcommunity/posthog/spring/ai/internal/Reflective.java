package io.github.posthogcommunity.posthog.spring.ai.internal;

import org.jspecify.annotations.Nullable;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;

/**
 * Reads what Spring AI's portable types do not carry (the provider's base URL, the HTTP status of a failed call)
 * from provider types by well-known accessor names, so that this module depends on no provider. Lookups are cached
 * per class; a provider without the accessor simply yields nothing.
 */
final class Reflective {

    private static final ClassValue<Optional<Method>> BASE_URL = accessor("getBaseUrl");
    private static final ClassValue<Optional<Method>> STATUS_CODE = accessor("statusCode");
    private static final ClassValue<Optional<Method>> GET_STATUS_CODE = accessor("getStatusCode");
    private static final ClassValue<Optional<Method>> VALUE = accessor("value");
    private static final int MAX_CAUSES = 8;

    private Reflective() {
    }

    /** The base URL of a provider's options (for example OpenAI's {@code getBaseUrl()}), or {@code null}. */
    static @Nullable String baseUrl(@Nullable Object options) {
        if (options == null) {
            return null;
        }
        Object value = invoke(BASE_URL, options);
        return value instanceof String url && !url.isBlank() ? url : null;
    }

    /**
     * The HTTP status carried by {@code error} or one of its causes ({@code statusCode()} as the OpenAI SDK has,
     * {@code getStatusCode()} as Spring's HTTP client exceptions have), or {@code null}.
     */
    static @Nullable Integer httpStatus(@Nullable Throwable error) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
            Integer status = status(invoke(STATUS_CODE, current));
            if (status == null) {
                status = status(invoke(GET_STATUS_CODE, current));
            }
            if (status != null) {
                return status;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return null;
    }

    private static @Nullable Integer status(@Nullable Object value) {
        if (value instanceof Number number) {
            int status = number.intValue();
            return status >= 100 && status <= 599 ? status : null;
        }
        if (value != null && !(value instanceof String)) {
            return status(invoke(VALUE, value)); // an HttpStatusCode
        }
        return null;
    }

    private static @Nullable Object invoke(ClassValue<Optional<Method>> accessor, Object target) {
        Optional<Method> method = accessor.get(target.getClass());
        if (method.isEmpty()) {
            return null;
        }
        try {
            return method.get().invoke(target);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static ClassValue<Optional<Method>> accessor(String name) {
        return new ClassValue<>() {
            @Override
            protected Optional<Method> computeValue(Class<?> type) {
                Method method = publicMethod(type, name);
                return Optional.ofNullable(method);
            }
        };
    }

    /** A public no-argument method reachable through a public class or interface (never setAccessible). */
    private static @Nullable Method publicMethod(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Method m = declared(c, name);
            if (m != null) {
                return m;
            }
            for (Class<?> i : c.getInterfaces()) {
                m = declared(i, name);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }

    private static @Nullable Method declared(Class<?> c, String name) {
        if (!Modifier.isPublic(c.getModifiers())) {
            return null;
        }
        try {
            Method m = c.getDeclaredMethod(name);
            return Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) ? m : null;
        } catch (NoSuchMethodException | SecurityException | LinkageError e) {
            return null;
        }
    }
}
