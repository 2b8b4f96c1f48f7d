package io.peercart.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event-stream format as the WHATWG text gives it, and the reset frame. */
class SseParserTest {
    static List<ServerSentEvent> parse(SseParser p, String text) {
        for (String line : text.split("\n", -1)) p.line(line);
        return null;
    }

    @Test
    void framesCommentsIdsMultiLineDataAndRetry() {
        List<ServerSentEvent> out = new ArrayList<>();
        SseParser p = new SseParser(out::add, "7");
        parse(p, "retry: 1500\n\n: heartbeat\n\nid: 8\nevent: order.created\ndata: {\"a\":1}\n\ndata:x\ndata: y\n\nevent: lonely\n\nid: 9\ndata\n\nunfinished: 1\ndata: cut");
        assertThat(p.retryMillis()).isEqualTo(1500);
        assertThat(out).containsExactly(new ServerSentEvent("8", "order.created", "{\"a\":1}"), new ServerSentEvent("8", "message", "x\ny"),
                new ServerSentEvent("9", "message", ""));
        assertThat(p.lastEventId()).isEqualTo("9");
    }

    @Test
    void aResetIsDispatchedEvenWithoutData() {
        List<ServerSentEvent> out = new ArrayList<>();
        SseParser p = new SseParser(out::add, null);
        parse(p, "id: 40\nevent: reset\n\nretry: abc\n\n");
        assertThat(out).containsExactly(new ServerSentEvent("40", "reset", ""));
        assertThat(out.getFirst().isReset()).isTrue();
        assertThat(p.retryMillis()).as("a retry that is not digits is ignored").isEqualTo(-1);
    }

    @Test
    void anOversizedFrameIsDroppedAndTheNextOneStillArrives() {
        List<ServerSentEvent> out = new ArrayList<>();
        SseParser p = new SseParser(out::add, null);
        String big = "x".repeat(SseParser.MAX_DATA_CHARS / 2);
        parse(p, "data: " + big + "\ndata: " + big + "\ndata: " + big + "\n\ndata: small\n\n");
        assertThat(out).containsExactly(new ServerSentEvent(null, "message", "small"));
    }
}
