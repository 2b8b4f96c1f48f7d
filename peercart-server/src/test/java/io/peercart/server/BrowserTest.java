package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The browser harness itself: it must see what it promises to catch, or every browser test is blind. */
class BrowserTest {
    @RegisterExtension
    static final TestNode node = new TestNode("operator-key-browser-test");
    @RegisterExtension
    static final Browser browser = new Browser();

    private String base() {
        return "http://127.0.0.1:" + node.server.port();
    }

    @Test
    void seesJavaScriptErrorsAndFailedRequests() {
        browser.open(base() + "/docs");
        browser.script("setTimeout(() => { throw new Error('probe-uncaught') }); console.error('probe-logged');"
                + " fetch('/no/such/file').catch(() => {});");
        browser.await(d -> browser.jsErrors().size() >= 2 && !browser.failedRequests().isEmpty());
        assertThat(browser.jsErrors()).anyMatch(m -> m.contains("probe-uncaught")).anyMatch(m -> m.contains("probe-logged"));
        assertThat(browser.failedRequests()).extracting(Browser.FailedRequest::status).containsExactly(404);
        browser.expectJsError("probe-");
        browser.expectFailedRequest("/no/such/file", 404);
    }

    @Test
    void theApiDocsPageLoadsWithoutErrors() {
        browser.open(base() + "/docs");
        browser.await(d -> browser.find("main").getText().contains("Error codes"));
        // the webhooks section is rendered too: an event type with its data's fields
        assertThat(browser.find("main").getText()).contains("points.earned", "counterpartyId", "PeerCart-Signature");
        assertThat(browser.requestedUrls()).allMatch(u -> u.startsWith(base()) || u.startsWith("data:"));
    }
}
