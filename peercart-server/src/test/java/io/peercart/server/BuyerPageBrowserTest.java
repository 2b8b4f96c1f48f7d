package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/** The buyer page's shell on a phone-sized Chromium: what anyone may see of an activity, from its public view. */
class BuyerPageBrowserTest {
    static final String OPERATOR = "pck_buyerpagebrowsertestoperatorkey000001";
    @RegisterExtension
    static final TestNode node = new TestNode(OPERATOR);
    @RegisterExtension
    static final Browser browser = new Browser();

    private static String base() {
        return "http://127.0.0.1:" + node.server.port();
    }

    @Test
    void aBuyerSeesTheActivityNameStatusAndCountdown() {
        String name = "限时秒杀·明前龙井";
        String id = node.api.createActivity(OPERATOR, seckill(name, "tea-" + UUID.randomUUID(), 10, 1, node.clock.instant()));
        browser.driver.manage().window().setSize(new Dimension(375, 800));
        browser.open(base() + "/h5/" + id);
        browser.await(d -> d.findElements(By.id("name")).size() == 1);
        // the page redraws when its live stream connects: read each text afresh (Browser.fresh)
        assertThat(browser.fresh("#name", WebElement::getText)).isEqualTo(name);
        assertThat(browser.driver.getTitle()).isEqualTo(name);
        assertThat(browser.fresh("#status", WebElement::getText)).isEqualTo("进行中");
        assertThat(browser.fresh("#countdown", WebElement::getText)).matches("距结束 (1天 )?\\d\\d:\\d\\d:\\d\\d");
        assertThat(browser.requestedUrls()).allMatch(u -> u.startsWith(base() + "/"));
        System.out.println("buyer page load (375 px): " + browser.loadTimes());
    }

    @Test
    void anUnknownActivitySaysSo() {
        browser.expectFailedRequest("/v1/activities/act_00000000000000000000000000/public", 404);
        browser.open(base() + "/h5/act_00000000000000000000000000");
        browser.await(d -> browser.find("#state").getText().equals("活动不存在"));
    }
}
