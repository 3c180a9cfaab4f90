package io.github.posthogcommunity.posthog.internal.flags.local;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One property filter of a condition or cohort: a person/group property test, a cohort reference or a flag
 * dependency. Everything that depends only on the definition (case-folded values, the compiled regex, the
 * parsed number or version) is computed once here.
 */
final class Filter {

    enum Kind { PROPERTY, COHORT, FLAG }

    enum Op {
        EXACT, IS_NOT, IS_SET, IS_NOT_SET, ICONTAINS, NOT_ICONTAINS, REGEX, NOT_REGEX, GT, GTE, LT, LTE,
        IS_DATE_BEFORE, IS_DATE_AFTER, STARTS_WITH, NOT_STARTS_WITH, ENDS_WITH, NOT_ENDS_WITH,
        SEMVER_EQ, SEMVER_NEQ, SEMVER_GT, SEMVER_GTE, SEMVER_LT, SEMVER_LTE, SEMVER_TILDE, SEMVER_CARET,
        SEMVER_WILDCARD, UNKNOWN;

        static Op of(String operator) {
            if (operator == null || operator.isEmpty()) {
                return EXACT;
            }
            try {
                return valueOf(operator.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return UNKNOWN;
            }
        }
    }

    final Kind kind;
    final String key;
    final Op op;
    final Object value;
    final boolean negation;

    // PROPERTY
    private final List<String> foldedList;
    private final String folded;
    private final Pattern regex;
    private final Double number;
    private final String strValue;
    private final long[] semver;
    private final long[][] semverRange;

    // COHORT
    final String cohortId;
    final boolean notIn;

    // FLAG
    final List<String> dependencyChain;
    final boolean malformedDependency;

    private Filter(Map<?, ?> map) {
        Object type = map.get("type");
        this.kind = "cohort".equals(type) ? Kind.COHORT : "flag".equals(type) ? Kind.FLAG : Kind.PROPERTY;
        Object k = map.get("key");
        this.key = k == null ? null : PyValues.str(k);
        Object operator = map.get("operator");
        this.value = map.get("value");
        this.negation = Boolean.TRUE.equals(map.get("negation"));
        this.op = kind == Kind.PROPERTY ? Op.of(operator == null ? null : PyValues.str(operator)) : Op.UNKNOWN;
        this.strValue = PyValues.str(value);

        List<String> list = null;
        if (value instanceof List<?> values) {
            list = new ArrayList<>(values.size());
            for (Object v : values) {
                list.add(PyValues.casefold(PyValues.str(v)));
            }
        }
        this.foldedList = list == null ? null : List.copyOf(list);
        this.folded = PyValues.casefold(strValue);
        this.regex = (op == Op.REGEX || op == Op.NOT_REGEX) ? compile(strValue) : null;
        this.number = PyValues.toFloat(value);
        this.semver = op.name().startsWith("SEMVER_") ? SemVer.parse(strValue) : null;
        this.semverRange = switch (op) {
            case SEMVER_TILDE -> SemVer.tildeBounds(strValue);
            case SEMVER_CARET -> SemVer.caretBounds(strValue);
            case SEMVER_WILDCARD -> SemVer.wildcardBounds(strValue);
            default -> null;
        };

        this.cohortId = kind == Kind.COHORT ? PyValues.str(value) : null;
        this.notIn = kind == Kind.COHORT && "not_in".equals(operator);

        if (kind == Kind.FLAG) {
            List<String> chain = null;
            if (map.containsKey("dependency_chain")) {
                chain = new ArrayList<>();
                if (map.get("dependency_chain") instanceof List<?> deps) {
                    for (Object d : deps) {
                        chain.add(PyValues.str(d));
                    }
                }
            }
            this.dependencyChain = chain == null ? null : List.copyOf(chain);
            this.malformedDependency = key == null || key.isEmpty() || value == null
                    || !"flag_evaluates_to".equals(operator == null ? "exact" : operator);
        } else {
            this.dependencyChain = null;
            this.malformedDependency = false;
        }
    }

    static Filter parse(Map<?, ?> map) {
        return new Filter(map);
    }

    private static Pattern compile(String pattern) {
        try {
            // Python's named groups (?P<name>...) and back-references (?P=name) in Java syntax
            String java = pattern.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>");
            return Pattern.compile(java);
        } catch (PatternSyntaxException e) {
            return null; // an invalid regex never matches (and is not inconclusive)
        }
    }

    /**
     * Matches a person or group property filter against the property map.
     *
     * @throws Undecidable (inconclusive) for a missing property, an unknown operator, an unparseable date or an
     *     invalid version
     */
    boolean matchProperty(Map<String, ?> properties, Supplier<Instant> now) {
        if (key == null || !properties.containsKey(key)) {
            throw Undecidable.INCONCLUSIVE;
        }
        Object actual = properties.get(key);
        if (actual == null) {
            // a null value only satisfies is_not (Python compares str(None) == "None") and is_not_set
            return switch (op) {
                case IS_NOT -> !exactMatch("none");
                case IS_NOT_SET -> true;
                default -> false;
            };
        }
        switch (op) {
            case EXACT:
                return exactMatch(PyValues.casefold(PyValues.str(actual)));
            case IS_NOT:
                return !exactMatch(PyValues.casefold(PyValues.str(actual)));
            case IS_SET:
                return true;
            case IS_NOT_SET:
                return false;
            case ICONTAINS:
                return PyValues.casefold(PyValues.str(actual)).contains(folded);
            case NOT_ICONTAINS:
                return !PyValues.casefold(PyValues.str(actual)).contains(folded);
            case STARTS_WITH:
                return PyValues.casefold(PyValues.str(actual)).startsWith(folded);
            case NOT_STARTS_WITH:
                return !PyValues.casefold(PyValues.str(actual)).startsWith(folded);
            case ENDS_WITH:
                return PyValues.casefold(PyValues.str(actual)).endsWith(folded);
            case NOT_ENDS_WITH:
                return !PyValues.casefold(PyValues.str(actual)).endsWith(folded);
            case REGEX:
                return regex != null && regex.matcher(PyValues.str(actual)).find();
            case NOT_REGEX:
                return regex != null && !regex.matcher(PyValues.str(actual)).find();
            case GT:
            case GTE:
            case LT:
            case LTE:
                return compareOrdered(actual);
            case IS_DATE_BEFORE:
            case IS_DATE_AFTER:
                return compareDates(actual, now.get());
            case SEMVER_EQ:
            case SEMVER_NEQ:
            case SEMVER_GT:
            case SEMVER_GTE:
            case SEMVER_LT:
            case SEMVER_LTE:
            case SEMVER_TILDE:
            case SEMVER_CARET:
            case SEMVER_WILDCARD:
                return compareVersions(actual);
            default:
                throw Undecidable.INCONCLUSIVE;
        }
    }

    private boolean exactMatch(String foldedActual) {
        if (foldedList != null) {
            return foldedList.contains(foldedActual);
        }
        return folded.equals(foldedActual);
    }

    private boolean compareOrdered(Object actual) {
        int c;
        if (number != null) {
            if (actual instanceof String s) {
                c = PyValues.compareCodePoints(s, strValue);
            } else if (actual instanceof Number n) {
                c = PyValues.compareNumbers(n, number);
            } else if (actual instanceof Boolean b) {
                c = PyValues.compareNumbers(b ? 1L : 0L, number);
            } else {
                throw Undecidable.INCONCLUSIVE; // Python cannot order a list or dict against a float
            }
        } else {
            c = PyValues.compareCodePoints(PyValues.str(actual), strValue);
        }
        if (c == 2) {
            return false; // NaN
        }
        return switch (op) {
            case GT -> c > 0;
            case GTE -> c >= 0;
            case LT -> c < 0;
            default -> c <= 0;
        };
    }

    private boolean compareDates(Object actual, Instant now) {
        if (value instanceof Boolean) {
            throw Undecidable.INCONCLUSIVE;
        }
        Instant target = DateValues.relative(strValue, now);
        if (target == null) {
            target = DateValues.absolute(strValue, now);
        }
        if (target == null) {
            throw Undecidable.INCONCLUSIVE; // the date on the flag is not valid
        }
        boolean before = op == Op.IS_DATE_BEFORE;
        if (actual instanceof LocalDate date) {
            LocalDate targetDate = target.atZone(ZoneOffset.UTC).toLocalDate();
            return before ? date.isBefore(targetDate) : date.isAfter(targetDate);
        }
        Instant when = DateValues.temporal(actual);
        if (when == null) {
            if (!(actual instanceof String s)) {
                throw Undecidable.INCONCLUSIVE; // a number or boolean is not a date
            }
            when = DateValues.absolute(s, now);
            if (when == null) {
                throw Undecidable.INCONCLUSIVE;
            }
        }
        return before ? when.isBefore(target) : when.isAfter(target);
    }

    private boolean compareVersions(Object actual) {
        long[] person = SemVer.parse(PyValues.str(actual));
        if (person == null) {
            throw Undecidable.INCONCLUSIVE;
        }
        if (semverRange != null || op == Op.SEMVER_TILDE || op == Op.SEMVER_CARET || op == Op.SEMVER_WILDCARD) {
            if (semverRange == null) {
                throw Undecidable.INCONCLUSIVE;
            }
            return SemVer.compare(person, semverRange[0]) >= 0 && SemVer.compare(person, semverRange[1]) < 0;
        }
        if (semver == null) {
            throw Undecidable.INCONCLUSIVE;
        }
        int c = SemVer.compare(person, semver);
        return switch (op) {
            case SEMVER_EQ -> c == 0;
            case SEMVER_NEQ -> c != 0;
            case SEMVER_GT -> c > 0;
            case SEMVER_GTE -> c >= 0;
            case SEMVER_LT -> c < 0;
            default -> c <= 0;
        };
    }

    @Override
    public String toString() {
        return "Filter{" + kind + " " + key + " " + op + "}";
    }
}
