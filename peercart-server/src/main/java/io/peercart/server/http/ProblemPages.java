package io.peercart.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a problem's {@code type} points at: {@code /problems/{code}} (the code in lower case with
 * dashes, as in {@code type}, or as in {@code code}) explains one error code on the server that
 * answered it, so a self-hosted install has working links. JSON by default; a short HTML page for
 * a browser (an {@code Accept} that names {@code text/html}).
 */
public final class ProblemPages {
    public static final String PREFIX = "/problems/";
    private final RouteTable routes;

    public ProblemPages(RouteTable routes) {
        this.routes = routes;
    }

    /** A problem's {@code type}: relative, so it resolves on whichever server answered. */
    public static String type(Code code) {
        return PREFIX + code.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public void routing(HttpRouting.Builder r) {
        r.get(PREFIX + "{code}", this::explain);
    }

    private void explain(ServerRequest req, ServerResponse res) {
        String given = req.path().pathParameters().get("code");
        Code code = parse(given);
        if (code == null) throw new ApiException(Code.NOT_FOUND, "no such problem code");
        List<String> answering = routes.answering(code.name());
        if (req.headers().value(HeaderNames.ACCEPT).filter(a -> a.contains("text/html")).isPresent()) {
            StringBuilder h = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                    .append(code.name()).append("</title></head><body style=\"font:15px/1.5 sans-serif;max-width:720px;margin:40px auto\">")
                    .append("<h1><code>").append(code.name()).append("</code></h1><p>").append(escape(code.title())).append(" — HTTP ")
                    .append(code.httpStatus()).append(".</p>");
            if (!answering.isEmpty()) {
                h.append("<p>Documented as an answer of:</p><ul>");
                for (String op : answering) h.append("<li><code>").append(escape(op)).append("</code></li>");
                h.append("</ul>");
            }
            h.append("<p>Branch on <code>code</code>, never on <code>title</code> or <code>detail</code>. <a href=\"/docs\">API reference</a></p></body></html>");
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8"));
            res.send(h.toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code.name());
        body.put("type", type(code));
        body.put("title", code.title());
        body.put("status", code.httpStatus());
        body.put("answeredBy", answering);
        Http.json(res, 200, body);
    }

    private static Code parse(String given) {
        if (given == null || given.length() > 64) return null;
        String name = given.toUpperCase(Locale.ROOT).replace('-', '_');
        for (Code c : Code.values()) if (c.name().equals(name)) return c;
        return null;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
