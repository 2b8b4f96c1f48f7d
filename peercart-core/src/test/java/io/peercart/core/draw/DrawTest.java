package io.peercart.core.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class DrawTest {
    private static final String SEED = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @Test
    void theCommitmentIsTheSha256OfTheSeedBytes() throws Exception {
        byte[] seed = HexFormat.of().parseHex(SEED);
        assertThat(Draw.commitment(SEED)).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed)));
    }

    @Test
    void winnersAreTheSmallestHmacsAsAnyoneCanRecomputeThem() throws Exception {
        List<String> entries = IntStream.range(0, 50).mapToObj(i -> "ord_" + i).toList();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HexFormat.of().parseHex(SEED), "HmacSHA256"));
        List<String> expected = new ArrayList<>(entries);
        expected.sort(Comparator.comparing(e -> new BigInteger(1, mac.doFinal(e.getBytes(StandardCharsets.UTF_8)))));
        assertThat(Draw.winners(SEED, entries, 5)).containsExactlyElementsOf(expected.subList(0, 5));
        assertThat(Draw.winners(SEED, entries.reversed(), 5)).as("order of entries does not matter").containsExactlyElementsOf(expected.subList(0, 5));
    }

    @Test
    void fewerEntriesThanPrizesAllWin() {
        assertThat(Draw.winners(SEED, List.of("a", "b"), 5)).containsExactlyInAnyOrder("a", "b");
        assertThat(Draw.winners(SEED, List.of(), 5)).isEmpty();
    }

    @Test
    void anotherSeedDrawsOtherWinners() {
        List<String> entries = IntStream.range(0, 50).mapToObj(i -> "ord_" + i).toList();
        String other = "ff" + SEED.substring(2);
        assertThat(Draw.winners(other, entries, 5)).isNotEqualTo(Draw.winners(SEED, entries, 5));
        assertThatThrownBy(() -> Draw.winners("abcd", entries, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
