package io.peercart.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The OpenAPI document as a validator of answers: {@link #check} finds the operation a request
 * matched, the documented response for the answer's status and media type, and validates the
 * body against its schema (networknt json-schema-validator, OpenAPI 3.1 dialect, the whole
 * document loaded once so every {@code $ref} resolves). Schemas are compiled once per response
 * and cached. {@link ApiClient} checks every JSON answer it receives; {@code WebhookReceiver} every
 * event body against its type's schema in the {@code webhooks} section. Thread-safe.
 */
final class ContractSchemas {
    private static final String BASE = "https://peercart.invalid/openapi.json";
    private static final Pattern PARAM = Pattern.compile("\\{[^/}]+}");
    private static final ContractSchemas INSTANCE = load();

    private record Operation(String template, Pattern path, int params) {}

    private final JsonNode doc;
    private final SchemaRegistry registry;
    private final List<Operation> operations;
    private final Map<String, Optional<Schema>> compiled = new ConcurrentHashMap<>();

    private ContractSchemas(JsonNode doc, String json) {
        this.doc = doc;
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(BASE, json)));
        List<Operation> ops = new ArrayList<>();
        doc.path("paths").fieldNames().forEachRemaining(t -> ops.add(new Operation(t,
                Pattern.compile(PARAM.matcher(Pattern.quote(t)).replaceAll("\\\\E[^/]+\\\\Q")), countParams(t))));
        ops.sort(Comparator.comparingInt(Operation::params)); // a literal path wins over a template that also matches
        this.operations = List.copyOf(ops);
    }

    private static int countParams(String template) {
        return (int) PARAM.matcher(template).results().count();
    }

    private static ContractSchemas load() {
        try (InputStream in = ContractSchemas.class.getResourceAsStream("/static/openapi.yaml")) {
            if (in == null) throw new IllegalStateException("openapi.yaml is not on the class path");
            JsonNode doc = new YAMLMapper().readTree(in);
            return new ContractSchemas(doc, new ObjectMapper().writeValueAsString(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ContractSchemas get() { return INSTANCE; }

    /**
     * What is wrong with this answer by the document: empty when it matches, or when the document
     * has no JSON schema for it (a path it does not describe, a non-JSON body). An answer whose
     * status the operation does not document is wrong.
     */
    List<String> check(String method, String path, int status, String contentType, String body) {
        String template = template(path);
        if (template == null) return List.of(); // not a documented path: the router's 404, checked by OpenApiTest
        String m = method.toLowerCase(Locale.ROOT);
        JsonNode op = doc.path("paths").path(template).path(m);
        if (op.isMissingNode()) return List.of(); // 405: another method on a documented path
        String where = method + " " + template + " -> " + status;
        String pointer = "/paths/" + escape(template) + "/" + m + "/responses/";
        JsonNode response = op.path("responses").path(Integer.toString(status));
        String key = Integer.toString(status);
        if (response.isMissingNode()) {
            key = status / 100 + "XX";
            response = op.path("responses").path(key);
        }
        if (response.isMissingNode()) return List.of(where + ": status not documented for this operation (answer " + abbreviate(body) + ")");
        pointer += escape(key);
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = at(pointer);
        }
        String media = mediaType(contentType);
        JsonNode content = response.path("content");
        if (!content.has(media)) {
            if (content.isEmpty()) return List.of(); // documented without a body
            return List.of(where + ": answered " + media + ", documented " + names(content));
        }
        return validate(pointer + "/content/" + escape(media) + "/schema", body, where);
    }

    /** The webhook body of event {@code type} against its {@code webhooks} entry; a type not there is wrong. */
    List<String> checkEvent(String type, String body) {
        JsonNode hook = doc.path("webhooks").path(type);
        if (hook.isMissingNode()) return List.of("event type " + type + " is not in the document's webhooks section");
        return validate("/webhooks/" + escape(type) + "/post/requestBody/content/application~1json/schema", body, "event " + type);
    }

    private List<String> validate(String pointer, String body, String where) {
        Optional<Schema> schema = compiled.computeIfAbsent(pointer, p -> at(p).isMissingNode() ? Optional.empty()
                : Optional.of(registry.getSchema(SchemaLocation.of(BASE + "#" + p))));
        if (schema.isEmpty()) return List.of(where + ": no schema at " + pointer);
        List<Error> errors = schema.get().validate(body, InputFormat.JSON);
        if (errors.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        for (Error e : errors) out.add(where + ": " + e.getInstanceLocation() + " " + e.getMessage());
        out.add(where + ": the answer was " + abbreviate(body));
        return out;
    }

    private String template(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (Operation o : operations) if (o.path.matcher(p).matches()) return o.template;
        return null;
    }

    private JsonNode at(String pointer) {
        return doc.at(pointer);
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    private static String names(JsonNode content) {
        List<String> out = new ArrayList<>();
        content.fieldNames().forEachRemaining(out::add);
        return String.join(", ", out);
    }

    private static String abbreviate(String body) {
        return body.length() <= 600 ? body : body.substring(0, 600) + "...";
    }
}
