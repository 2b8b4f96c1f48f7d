package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
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
    void theTryItPageSendsARealRequestWithTheKeyGivenToAuthorize() {
        browser.open(base() + "/docs");
        browser.await(d -> browser.find("#try-it").isDisplayed());
        browser.find("#try-it").click();
        browser.await(d -> !d.findElements(By.cssSelector(".opblock-summary-path[data-path='/v1/activities']")).isEmpty());
        browser.find("button.authorize").click();
        browser.await(d -> !d.findElements(By.cssSelector(".auth-container input")).isEmpty());
        browser.find(".auth-container input").sendKeys(node.operatorKey);
        browser.find(".auth-container button.authorize").click();
        browser.find("button.btn-done").click();

        // one lookup, not one round trip per operation on the page
        WebElement list = browser.find(".opblock-get:has(.opblock-summary-path[data-path='/v1/activities'])");
        list.findElement(By.cssSelector(".opblock-summary-control")).click();
        browser.await(d -> !list.findElements(By.cssSelector(".try-out__btn")).isEmpty());
        list.findElement(By.cssSelector(".try-out__btn")).click();
        browser.await(d -> !list.findElements(By.cssSelector("button.execute")).isEmpty());
        list.findElement(By.cssSelector("button.execute")).click();
        String status = browser.await(d -> list.findElements(By.cssSelector(".live-responses-table .response-col_status")).stream()
                .map(WebElement::getText).filter(t -> t.matches("\\d{3}")).findFirst().orElse(null));
        assertThat(status).as("the key reached the server").isEqualTo("200");
        assertThat(list.findElement(By.cssSelector(".live-responses-table")).getText()).contains("\"items\"");
        assertThat(browser.requestedUrls()).allMatch(u -> u.startsWith(base()) || u.startsWith("data:"));
    }

    @Test
    void theApiDocsPageLoadsWithoutErrors() {
        browser.open(base() + "/docs");
        browser.await(d -> !d.findElements(By.cssSelector("main h2#codes")).isEmpty());
        // the webhooks section is rendered too: an event type with its data's fields. The text is
        // read as the DOM's textContent: WebDriver's getText lays out the whole ~1.4 MB page, and
        // polling it took most of this test's 10-24 s
        assertThat((String) browser.script("return document.querySelector('main').textContent;"))
                .contains("Error codes", "points.earned", "counterpartyId", "PeerCart-Signature");
        assertThat(browser.requestedUrls()).allMatch(u -> u.startsWith(base()) || u.startsWith("data:"));
    }
}
