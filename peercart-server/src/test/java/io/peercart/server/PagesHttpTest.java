package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.server.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web pages' files as HTTP sees them: types, caching, the home redirect, and no way out of the pages' folders. */
class PagesHttpTest {
    @RegisterExtension
    static final TestNode node = new TestNode("pck_pageshttptestoperatorkey00000000001");

    @Test
    void theHomePageLeadsToTheConsole() {
        Response home = node.api.get("/").send();
        assertThat(home.status()).isEqualTo(302);
        assertThat(home.header("Location")).hasValue("/console");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console", "/console/"})
    void theConsoleIsItsPage(String path) {
        Response page = node.api.get(path).send();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/console/console.js\">").doesNotContain("http://", "https://");
    }

    @Test
    void filesHaveTheirTypeAndRevalidateWithTheirETag() {
        assertThat(node.api.get("/console/console.css").send().contentType()).isEqualTo("text/css; charset=utf-8");
        assertThat(node.api.get("/console/favicon.svg").send().contentType()).isEqualTo("image/svg+xml");
        assertThat(node.api.get("/h5/assets/h5.js").send().contentType()).isEqualTo("text/javascript; charset=utf-8");
        Response js = node.api.get("/console/console.js").send();
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(js.header("Cache-Control")).hasValue("no-cache");
        assertThat(js.header("X-Content-Type-Options")).hasValue("nosniff");
        String etag = js.header("ETag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{24}\"");
        Response again = node.api.get("/console/console.js").header("If-None-Match", etag).send();
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(node.api.get("/console/console.js").header("If-None-Match", "\"other\"").send().status()).isEqualTo(200);
    }

    @Test
    void chartsComeFromTheServerItselfAsOneModule() {
        Response echarts = node.api.get("/vendor/echarts.js").send();
        assertThat(echarts.status()).isEqualTo(200);
        assertThat(echarts.contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(echarts.body()).contains("export{").doesNotContain("import ");
    }

    @Test
    void everyActivityHasTheBuyerPageShell() {
        Response page = node.api.get("/h5/act_01M88MN9Y118S12X0JNVMM2HMB").send();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(page.body()).contains("/h5/assets/h5.js");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/console/missing.js", "/console/index.html.bak", "/console/console", "/h5/assets/index", "/console/.hidden.js",
            "/console/../docs.html", "/console/%2e%2e/docs.html", "/console/%2E%2E%2Fdocs.html", "/console/..%2fdocs.html",
            "/console/..%5cdocs.html", "/console/%2e%2e/%2e%2e/io/peercart/server/Main.class",
            "/console/%2e%2e/%2e%2e/META-INF/MANIFEST.MF", "/h5/assets/%2e%2e/console/console.js", "/h5/assets/..%2f..%2fopenapi.yaml",
            "/console/console.js%00.png"})
    void anythingElseIsNotFoundAndRevealsNothing(String path) {
        Response r = node.api.get(path).send();
        assertThat(r.status()).as("%s answers %s", path, r.body()).isIn(400, 404);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        assertThat(r.body()).doesNotContain("PeerCart", "import ", "Manifest", "openapi:");
    }
}
