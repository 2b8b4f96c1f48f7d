package io.peercart.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The served paths and their methods, read once from the packaged OpenAPI document (which
 * {@code OpenApiTest} keeps equal to the routes), so that a request the router did not match can
 * be told apart: a known path with another method is 405 with {@code Allow}, anything else 404;
 * and which operations document each error code (for {@code /problems/{code}}).
 */
public final class RouteTable {
    private record Route(Pattern path, Set<String> methods) {}

    private final List<Route> routes;
    private final Map<String, List<String>> answering;
    private final JsonNode paths;
    private final byte[] documentJson;

    private RouteTable(List<Route> routes, Map<String, List<String>> answering, JsonNode paths, byte[] documentJson) {
        this.routes = routes;
        this.answering = answering;
        this.paths = paths;
        this.documentJson = documentJson;
    }

    public static RouteTable fromOpenApi() {
        try (InputStream in = RouteTable.class.getResourceAsStream("/static/openapi.yaml")) {
            if (in == null) return new RouteTable(List.of(), Map.of(), com.fasterxml.jackson.databind.node.MissingNode.getInstance(), null);
            JsonNode document = new YAMLMapper().readTree(in);
            JsonNode paths = document.path("paths");
            List<Route> routes = new ArrayList<>();
            Map<String, List<String>> answering = new TreeMap<>();
            paths.properties().forEach(p -> {
                Set<String> methods = new TreeSet<>();
                p.getValue().properties().forEach(op -> {
                    String method = op.getKey().toUpperCase(Locale.ROOT);
                    methods.add(method);
                    for (JsonNode code : op.getValue().path("x-peercart-errors"))
                        answering.computeIfAbsent(code.asText(), c -> new ArrayList<>()).add(method + " " + p.getKey());
                });
                routes.add(new Route(Pattern.compile(p.getKey().replaceAll("\\{[^/}]+}", "[^/]+")), methods));
            });
            return new RouteTable(List.copyOf(routes), answering, paths, Json.write(document).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.yaml unreadable", e);
        }
    }

    /** The whole document as JSON ({@code GET /openapi.json}), rendered once; empty when it is not packaged. */
    public Optional<byte[]> documentJson() {
        return Optional.ofNullable(documentJson);
    }

    /** The operations whose documented errors include {@code code}, as "METHOD /path". */
    public List<String> answering(String code) {
        return answering.getOrDefault(code, List.of());
    }

    /** The error codes the document lists for an operation ({@code x-peercart-errors}), e.g. to pre-create their meters. */
    public Set<String> errors(String method, String template) {
        Set<String> out = new TreeSet<>();
        paths.path(template).path(method.toLowerCase(Locale.ROOT)).path("x-peercart-errors").forEach(c -> out.add(c.asText()));
        return out;
    }

    /** The methods served on {@code path}, when it is a served path at all. */
    public Optional<Set<String>> methods(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (Route r : routes) if (r.path.matcher(p).matches()) return Optional.of(r.methods);
        return Optional.empty();
    }
}
