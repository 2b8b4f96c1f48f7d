package io.peercart.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {
    static final List<String> ORDER = List.of("sku", "quantity", "groupId", "expectedPrice", "code", "shareId");

    @Test
    void typosPrefixesAndAbbreviationsFindTheName() {
        assertThat(Suggest.closest("qty", ORDER)).contains("quantity");
        assertThat(Suggest.closest("quantiy", ORDER)).contains("quantity");
        assertThat(Suggest.closest("qunatity", ORDER)).contains("quantity"); // a swap is one edit
        assertThat(Suggest.closest("Quantity", ORDER)).contains("quantity");
        assertThat(Suggest.closest("groupid", ORDER)).contains("groupId");
        assertThat(Suggest.closest("group", ORDER)).contains("groupId");
        assertThat(Suggest.closest("expected", ORDER)).contains("expectedPrice");
        assertThat(Suggest.closest("skus", ORDER)).contains("sku");
        assertThat(Suggest.closest("price", ORDER)).contains("expectedPrice");
        assertThat(Suggest.closest("dropInterval", List.of("startPrice", "dropAmount", "dropIntervalSeconds"))).contains("dropIntervalSeconds");
    }

    @Test
    void farOrShortNamesGetNone() {
        assertThat(Suggest.closest("colour", ORDER)).isEmpty();
        assertThat(Suggest.closest("x", ORDER)).isEmpty();
        assertThat(Suggest.closest("id", ORDER)).isEmpty();
        assertThat(Suggest.closest("", ORDER)).isEmpty();
        assertThat(Suggest.closest("anything", List.of())).isEmpty();
    }

    @Test
    void theClosestWins() {
        assertThat(Suggest.closest("prce", List.of("price", "pointsPrice", "groupPrice"))).contains("price");
        assertThat(Suggest.closest("groupPrize", List.of("price", "groupPrice", "joinPrice"))).contains("groupPrice");
        assertThat(Suggest.distance("ab", "ba")).isEqualTo(1);
    }
}
