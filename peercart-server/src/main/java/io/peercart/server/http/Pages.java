package io.peercart.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;

/**
 * The web pages: the merchant console at {@code /console} (the home page {@code /} leads there)
 * and the buyer pages at {@code /h5/{id}}, and the API docs' "try it" page at {@code /docs/try}
 * (Swagger UI). They are static files that call the public HTTP API
 * like any merchant's code; the server only hands them out (see {@link Assets}).
 */
public final class Pages {
    public static final String CONSOLE = "/console";
    /** Apache ECharts, from its WebJar: one self-contained ES module, imported by the pages as {@code /vendor/echarts.js}. */
    static final String ECHARTS = "echarts/5.3.1/dist/echarts.esm.min.js";
    /** Swagger UI, from its WebJar: the "try it" page of the API docs, {@code /docs/try}. */
    static final String SWAGGER_UI = "swagger-ui/5.35.0/";
    static final java.util.Set<String> SWAGGER_FILES = java.util.Set.of("swagger-ui-bundle.js", "swagger-ui.css");
    private final Assets assets = new Assets("/static");
    private final Assets webJars = new Assets("/META-INF/resources/webjars");

    public void routing(HttpRouting.Builder r) {
        r.get("/", (req, res) -> redirect(res, CONSOLE));
        r.get(CONSOLE, (req, res) -> assets.serve(req, res, "console/index.html"));
        r.get(CONSOLE + "/", (req, res) -> assets.serve(req, res, "console/index.html"));
        r.get(CONSOLE + "/*", (req, res) -> assets.serve(req, res, "console/" + rest(req.path().path(), CONSOLE + "/")));
        r.get("/vendor/echarts.js", (req, res) -> webJars.serve(req, res, ECHARTS));
        r.get("/docs/", (req, res) -> redirect(res, "/docs"));
        r.get("/docs/try", (req, res) -> assets.serve(req, res, "docs-try.html"));
        r.get("/docs/try.js", (req, res) -> assets.serve(req, res, "docs-try.js"));
        r.get("/vendor/swagger-ui/{file}", (req, res) -> {
            String file = req.path().pathParameters().get("file");
            if (!SWAGGER_FILES.contains(file)) throw new ApiException(io.peercart.core.Code.NOT_FOUND, "no such file: " + file);
            webJars.serve(req, res, SWAGGER_UI + file);
        });
        r.get("/h5/assets/*", (req, res) -> assets.serve(req, res, "h5/" + rest(req.path().path(), "/h5/assets/")));
        // one shell for every activity: the page reads the id from its own URL
        r.get("/h5/{id}", (req, res) -> assets.serve(req, res, "h5/index.html"));
    }

    private static void redirect(io.helidon.webserver.http.ServerResponse res, String to) {
        res.status(Status.FOUND_302);
        res.header(HeaderValues.create(HeaderNames.LOCATION, to));
        res.send();
    }

    private static String rest(String path, String prefix) {
        return path.startsWith(prefix) ? path.substring(prefix.length()) : "";
    }
}
