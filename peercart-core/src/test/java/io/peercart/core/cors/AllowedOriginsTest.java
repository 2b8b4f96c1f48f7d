package io.peercart.core.cors;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedOriginsTest {

    @Test
    void originsAreKeptInCanonicalFormInTheirOrder() {
        assertThat(AllowedOrigins.validate(List.of("https://Shop.Example.com", "HTTP://127.0.0.1:8080", "https://pay.example.com:443",
                "http://localhost:80", "http://[::1]:3000", "https://xn--fsqu00a.xn--0zwm56d", "http://localhost:443")).value())
                .containsExactly("https://shop.example.com", "http://127.0.0.1:8080", "https://pay.example.com", "http://localhost",
                        "http://[::1]:3000", "https://xn--fsqu00a.xn--0zwm56d", "http://localhost:443");
    }

    @Test
    void emptyMeansClosedAndIsAllowed() {
        assertThat(AllowedOrigins.validate(List.of()).value()).isEmpty();
    }

    @Test
    void anythingButSchemeHostAndPortIsRefusedWithTheEntryNamed() {
        for (String bad : List.of("*", "https://*.example.com", "null", "shop.example.com", "ftp://shop.example.com", "https://",
                "https://shop.example.com/", "https://shop.example.com/path", "https://shop.example.com?x=1", "https://shop.example.com#top",
                "https://user:pw@shop.example.com", "https://shop.example.com:0", "https://shop.example.com:65536", "https://shop.example.com:",
                "https://shop..example.com", "https://-shop.example.com", "https://shop_x.example.com", "https://商店.example.com",
                "https://shop.example.com ", " https://shop.example.com", "https://999.1.1.1", "https://shop.example.com.", "",
                "https://" + "a".repeat(300) + ".com")) {
            Decision<List<String>> d = AllowedOrigins.validate(List.of("https://ok.example.com", bad));
            assertThat(d.accepted()).as("%s", bad).isFalse();
            assertThat(d.refusal().code()).isEqualTo(Code.VALIDATION_FAILED);
            assertThat(d.refusal().detail()).as("%s", bad).startsWith("allowedOrigins[1]: ");
        }
    }

    @Test
    void theListIsRequiredBoundedAndWithoutRepeats() {
        assertThat(AllowedOrigins.validate(null).refusal().detail()).startsWith("allowedOrigins: required");
        assertThat(AllowedOrigins.validate(Arrays.asList("https://a.example", null)).refusal().detail()).startsWith("allowedOrigins[1]");
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= AllowedOrigins.MAX_ORIGINS; i++) many.add("https://s" + i + ".example.com");
        assertThat(AllowedOrigins.validate(many).refusal().detail()).isEqualTo("allowedOrigins: at most 20 origins");
        assertThat(AllowedOrigins.validate(many.subList(0, AllowedOrigins.MAX_ORIGINS)).value()).hasSize(AllowedOrigins.MAX_ORIGINS);
        assertThat(AllowedOrigins.validate(List.of("https://a.example", "https://A.example:443")).refusal().detail())
                .isEqualTo("allowedOrigins[1]: https://a.example is listed twice");
        assertThat(AllowedOrigins.validate(Collections.nCopies(2, "http://a.example:8080")).accepted()).isFalse();
    }
}
