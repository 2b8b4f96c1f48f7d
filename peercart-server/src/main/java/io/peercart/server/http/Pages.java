package io.peercart.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;

/**
 * The web pages: the merchant console at {@code /console} (the home page {@code /} leads there)
 * and the buyer pages at {@code /h5/{id}}. They are static files that call the public HTTP API
 * like any merchant's code; the server only hands them out (see {@link Assets}).
 */
public final class Pages {
    public static final String CONSOLE = "/console";
    /** Apache ECharts, from its WebJar: one self-contained ES module, imported by the pages as {@code /vendor/echarts.js}. */
    static final String ECHARTS = "echarts/5.3.1/dist/echarts.esm.min.js";
    private final Assets assets = new Assets("/static");
    private final Assets webJars = new Assets("/META-INF/resources/webjars");

    public void routing(HttpRouting.Builder r) {
        r.get("/", (req, res) -> {
            res.status(Status.FOUND_302);
            res.header(HeaderValues.create(HeaderNames.LOCATION, CONSOLE));
            res.send();
        });
        r.get(CONSOLE, (req, res) -> assets.serve(req, res, "console/index.html"));
        r.get(CONSOLE + "/", (req, res) -> assets.serve(req, res, "console/index.html"));
        r.get(CONSOLE + "/*", (req, res) -> assets.serve(req, res, "console/" + rest(req.path().path(), CONSOLE + "/")));
        r.get("/vendor/echarts.js", (req, res) -> webJars.serve(req, res, ECHARTS));
        r.get("/h5/assets/*", (req, res) -> assets.serve(req, res, "h5/" + rest(req.path().path(), "/h5/assets/")));
        // one shell for every activity: the page reads the id from its own URL
        r.get("/h5/{id}", (req, res) -> assets.serve(req, res, "h5/index.html"));
    }

    private static String rest(String path, String prefix) {
        return path.startsWith(prefix) ? path.substring(prefix.length()) : "";
    }
}
