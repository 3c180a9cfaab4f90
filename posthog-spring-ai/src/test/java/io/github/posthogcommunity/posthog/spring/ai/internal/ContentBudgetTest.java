package io.github.posthogcommunity.posthog.spring.ai.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContentBudgetTest {

    @Test
    void aCutNeverSplitsASurrogatePair() {
        ContentBudget budget = new ContentBudget(false, 3, null);
        String emoji = "ab\uD83D\uDE00cd"; // a, b, one emoji (two chars), c, d

        String cut = budget.content(emoji);

        assertThat(cut).isEqualTo("ab… [truncated: 4 more characters]");
    }

    @Test
    void aZeroBudgetKeepsTheStructureAndCountsWhatWasLeftOut() {
        ContentBudget budget = new ContentBudget(false, 0, null);

        assertThat(budget.list(List.of("a", "b"), budget::content)).containsExactly("[truncated: 2 more items]");
        assertThat(budget.content("hello")).isEqualTo("… [truncated: 5 more characters]");
    }

    @Test
    void privacyModeDropsContentButKeepsMetadataText() {
        ContentBudget budget = new ContentBudget(true, 100, text -> text.replace("secret", "***"));

        assertThat(budget.capturesContent()).isFalse();
        assertThat(budget.content("secret")).isNull();
        assertThat(budget.list(List.of("a"), budget::content)).isNull();
        assertThat(budget.metadata("java.io.IOException: secret")).isEqualTo("java.io.IOException: ***");
    }

    @Test
    void aRedactorReturningNullSendsNothingForThatPiece() {
        ContentBudget budget = new ContentBudget(false, 100, text -> null);

        assertThat(budget.content("anything")).isNull();
    }

    @Test
    void spanIdsAreVersion4Uuids() {
        java.util.UUID id = java.util.UUID.fromString(Ids.random());

        assertThat(id.version()).isEqualTo(4);
        assertThat(id.variant()).isEqualTo(2);
    }
}
