package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderValuesTests {

    @Test
    void trimsAndStripsControlCharacters() {
        assertThat(HeaderValues.clean("  user-1 \t")).isEqualTo("user-1");
        assertThat(HeaderValues.clean("us\u0000er\r\n-1\u0007\u007f")).isEqualTo("user-1");
        assertThat(HeaderValues.clean(" \u0001 visitor 7 ")).isEqualTo("visitor 7");
    }

    @Test
    void blankOrMissingIsAbsent() {
        assertThat(HeaderValues.clean(null)).isNull();
        assertThat(HeaderValues.clean("")).isNull();
        assertThat(HeaderValues.clean(" \t\r\n\u0000 ")).isNull();
    }

    @Test
    void capsAtOneThousandCharacters() {
        assertThat(HeaderValues.clean("a".repeat(5000))).hasSize(1000);
        assertThat(HeaderValues.clean("a".repeat(1000))).hasSize(1000);
        assertThat(HeaderValues.clean("\u0000".repeat(10) + "b".repeat(1000))).isEqualTo("b".repeat(1000));
    }

    @Test
    void neverCutsASurrogatePairInHalf() {
        String value = HeaderValues.clean("a".repeat(999) + "\uD83D\uDE00" + "tail");
        assertThat(value).hasSize(999);
        assertThat(Character.isHighSurrogate(value.charAt(value.length() - 1))).isFalse();
    }
}
