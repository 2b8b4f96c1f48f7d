package io.peercart.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peercart.core.Code;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Bad input generated from the served OpenAPI document: for every operation, requests with one
 * defect each (a wrong type, a missing or unknown field, a huge or negative number, a long or odd
 * string, malformed JSON, a wrong content type, a forged, expired or other shop's credential, an
 * unknown id). Every answer must be a 4xx problem+json whose {@code code} is one of the API's
 * codes; a 5xx, a 2xx (the defect was let through: something may have been created or changed),
 * a non-problem body or a hung request is a finding. Seeded: the same seed sends the same
 * requests. Used by {@link ContractFuzzTest}.
 */
final class ContractFuzzer {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> CODES = Arrays.stream(Code.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    /** Strings no id, enum, time or pattern accepts. */
    private static final List<String> ODD = List.of("\u0000", "\ud800", "\u202e\u202d", "' OR 1=1 --", "../../etc/passwd", "%00",
            "😀".repeat(40), "\t\n", "${jndi:ldap://x}", "<script>", "ｆｕｌｌ", "-1", "NaN", "null");
    private static final List<String> MALFORMED = List.of("{", "{\"a\":", "[1,2", "{\"a\":1}}", "{'a':1}", "{\"a\":NaN}", "\u00ef\u00bb\u00bf{}",
            "{\"a\":1,}", "nul", "{\"a\":\"\\ud800\"", "\"\\u12\"", "{\"a\":01}", "{\"a\":1e999999}");

    /** What the probes may use: the credentials and real ids of two shops. */
    record Targets(String operatorKey, String otherShopKey, String buyerToken, String otherShopBuyerToken, String expiredToken,
                   String forgedToken, Map<String, String> ids) {}

    /** One finding: the probe and what the server answered. */
    record Finding(String operation, String defect, String request, int status, String answer) {
        @Override
        public String toString() {
            return operation + " [" + defect + "] " + request + " -> " + status + " " + answer;
        }
    }

    private record Operation(String method, String path, JsonNode op, List<JsonNode> params, JsonNode bodySchema, JsonNode example,
                             boolean merchant, boolean buyer, boolean open) {
        String name() { return method + " " + path; }
        boolean secured() { return merchant || buyer; }
    }

    private record Probe(Operation op, String defect, String method, String uri, Map<String, String> headers, byte[] body) {}

    private final URI base;
    private final JsonNode doc;
    private final Targets targets;
    private final List<Operation> operations = new ArrayList<>();
    final LongAdder sent = new LongAdder();
    final Map<String, LongAdder> byCode = new ConcurrentHashMap<>();
    final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    final Map<String, LongAdder> byDefect = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
    private final AtomicLong idempotency = new AtomicLong();

    ContractFuzzer(URI base, JsonNode doc, Targets targets) {
        this.base = base;
        this.doc = doc;
        this.targets = targets;
        doc.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            if (!Set.of("get", "post", "put", "patch", "delete").contains(m.getKey())) return;
            JsonNode op = m.getValue();
            List<JsonNode> params = new ArrayList<>();
            for (JsonNode prm : p.getValue().path("parameters")) params.add(resolve(prm));
            for (JsonNode prm : op.path("parameters")) params.add(resolve(prm));
            JsonNode content = op.path("requestBody").path("content").path("application/json");
            boolean merchant = false, buyer = false, open = false;
            for (JsonNode s : op.path("security")) {
                open |= s.isEmpty();
                merchant |= s.has("merchantKey");
                buyer |= s.has("buyerToken");
            }
            if (op.path("responses").path("200").path("content").has("text/html")) return; // pages: the same shell for any id, no API contract
            operations.add(new Operation(m.getKey().toUpperCase(), p.getKey(), op, params,
                    content.isMissingNode() ? null : resolve(content.path("schema")), content.path("example"), merchant, buyer, open));
        }));
    }

    List<String> operations() { return operations.stream().map(Operation::name).toList(); }

    /** Sends {@code requests} probes, {@code concurrency} at a time, spread over every operation that has something to get wrong. */
    void run(long seed, int requests, int concurrency) throws InterruptedException {
        List<Probe> probes = new ArrayList<>(requests);
        SplittableRandom random = new SplittableRandom(seed);
        List<Operation> fuzzable = operations.stream().filter(o -> !defects(o).isEmpty()).toList();
        for (int i = 0; i < requests; i++) {
            Operation op = fuzzable.get(i % fuzzable.size()); // round robin: every operation gets its share
            List<String> kinds = defects(op);
            probes.add(probe(op, kinds.get(random.nextInt(kinds.size())), random));
        }
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
             ExecutorService pool = Executors.newFixedThreadPool(concurrency, Thread.ofVirtual().factory())) {
            for (Probe p : probes) pool.submit(() -> send(client, p));
        }
    }

    /** The defects that apply to an operation. */
    private List<String> defects(Operation op) {
        List<String> kinds = new ArrayList<>();
        if (op.secured()) kinds.addAll(List.of("garbage credential", "forged token", "expired token"));
        if (op.secured() && !op.open()) kinds.add("no credential"); // where a credential is optional, none is no defect
        if (op.secured() && op.path().contains("{") && !op.path().startsWith("/v1/members/")) kinds.add("other shop's credential");
        if (op.path().contains("{")) kinds.add("unknown id");
        if (op.params().stream().anyMatch(p -> p.path("in").asText().equals("query") && badQueryValue(p, new SplittableRandom(0)) != null))
            kinds.add("bad query value");
        if (op.bodySchema() != null) {
            kinds.addAll(List.of("malformed JSON", "wrong content type", "empty body", "not an object", "unknown field", "deep nesting"));
            if (!fields(op).isEmpty()) kinds.addAll(List.of("wrong type", "huge number", "long string", "odd string"));
            if (!required(op.bodySchema()).isEmpty()) kinds.add("missing field");
            if (fields(op).values().stream().anyMatch(s -> isInteger(s) && s.path("minimum").asLong(-1) >= 0)) kinds.add("negative number");
        }
        return kinds;
    }

    private Probe probe(Operation op, String defect, SplittableRandom random) {
        Map<String, String> headers = new LinkedHashMap<>();
        String credential = op.merchant() ? targets.operatorKey() : op.buyer() ? targets.buyerToken() : null;
        switch (defect) {
            case "no credential" -> credential = null;
            case "garbage credential" -> credential = pick(random, List.of("x", "pck_" + "0".repeat(48), "a.b.c", "Bearer", "ey.ey.ey", "\u00e9"));
            case "forged token" -> credential = targets.forgedToken();
            case "expired token" -> credential = targets.expiredToken();
            case "other shop's credential" -> credential = op.merchant() ? targets.otherShopKey() : targets.otherShopBuyerToken();
            default -> { }
        }
        if (credential != null) headers.put("Authorization", "Bearer " + credential);
        String unknown = defect.equals("unknown id") ? pathParams(op).get(random.nextInt(pathParams(op).size())) : null;
        StringBuilder path = new StringBuilder();
        for (String part : op.path().split("/")) {
            if (part.isEmpty()) continue;
            path.append('/');
            if (part.startsWith("{")) {
                String name = part.substring(1, part.length() - 1);
                // any text is a buyer id (the merchant's own ids): only a too long one or control characters are wrong
                List<String> wrong = name.equals("buyerId") ? List.of("x".repeat(300), "\u0000", "\u202e\u202d", "a\u0007b")
                        : List.of("nope", "act_0000000000", "x".repeat(300), "%00", ODD.get(random.nextInt(ODD.size())));
                String value = name.equals(unknown) ? pick(random, wrong)
                        : targets.ids().getOrDefault(op.path() + "#" + name, targets.ids().getOrDefault(name, "missing-" + name));
                path.append(value.startsWith("%") ? value : encode(value));
            } else {
                path.append(part);
            }
        }
        List<String> query = new ArrayList<>();
        for (JsonNode p : op.params()) {
            String in = p.path("in").asText(), name = p.path("name").asText();
            if (in.equals("header") && name.equals("Idempotency-Key")) headers.put(name, "fuzz-" + idempotency.incrementAndGet());
            if (in.equals("header") && name.equals("X-Buyer-Id")) headers.put(name, "fuzz-buyer");
        }
        if (defect.equals("bad query value")) {
            List<JsonNode> queryParams = op.params().stream().filter(p -> p.path("in").asText().equals("query") && badQueryValue(p, random) != null).toList();
            JsonNode p = queryParams.get(random.nextInt(queryParams.size()));
            query.add(encode(p.path("name").asText()) + "=" + encode(badQueryValue(p, random)));
        }
        byte[] body = null;
        if (op.bodySchema() != null) {
            headers.put("Content-Type", "application/json");
            body = body(op, defect, random, headers);
        }
        String uri = path + (query.isEmpty() ? "" : "?" + String.join("&", query));
        return new Probe(op, defect, op.method(), uri, headers, body);
    }

    private byte[] body(Operation op, String defect, SplittableRandom random, Map<String, String> headers) {
        ObjectNode good = op.example().isObject() ? op.example().deepCopy() : NODES.objectNode();
        good.properties().forEach(e -> { // the example's ids made real, so that the defect is what is wrong
            if (e.getValue().isTextual() && targets.ids().containsKey(e.getKey())) e.setValue(NODES.textNode(targets.ids().get(e.getKey())));
        });
        Map<String, JsonNode> fields = fields(op);
        List<String> names = new ArrayList<>(fields.keySet());
        String field = names.isEmpty() ? null : names.get(random.nextInt(names.size()));
        JsonNode value = switch (defect) {
            case "malformed JSON" -> null;
            case "wrong content type" -> {
                headers.put("Content-Type", pick(random, List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")));
                yield good;
            }
            case "empty body" -> NODES.missingNode();
            case "not an object" -> pick(random, List.of(NODES.arrayNode().add(good), NODES.numberNode(1), NODES.textNode("{}"), NODES.nullNode(), NODES.booleanNode(true)));
            case "unknown field" -> good.put("fuzz_" + random.nextInt(1000), random.nextBoolean() ? "x" : "1");
            case "deep nesting" -> {
                StringBuilder deep = new StringBuilder("{\"a\":");
                deep.append("[".repeat(5_000)).append("]".repeat(5_000)).append('}');
                yield NODES.textNode(deep.toString()); // sent raw below
            }
            case "missing field" -> {
                List<String> required = required(op.bodySchema());
                good.remove(required.get(random.nextInt(required.size())));
                yield good;
            }
            case "wrong type" -> good.set(field, wrongType(fields.get(field), random));
            case "huge number" -> good.set(field, pick(random, List.of(NODES.numberNode(new java.math.BigInteger("9".repeat(40))),
                    NODES.numberNode(9.9e300), NODES.numberNode(new java.math.BigDecimal("1e400")), NODES.numberNode(Long.MAX_VALUE))));
            case "negative number" -> {
                List<String> ints = names.stream().filter(n -> isInteger(fields.get(n)) && fields.get(n).path("minimum").asLong(-1) >= 0).toList();
                yield good.put(ints.get(random.nextInt(ints.size())), -1 - random.nextInt(1_000_000));
            }
            case "long string" -> good.put(field, "長".repeat(100_000 + random.nextInt(10)));
            case "odd string" -> good.put(field, ODD.get(random.nextInt(ODD.size())) + (isFreeText(fields.get(field)) ? "\u0000" : ""));
            default -> good;
        };
        if (value == null) return pick(random, MALFORMED).getBytes(StandardCharsets.UTF_8);
        if (value.isMissingNode()) return new byte[0];
        if (defect.equals("deep nesting")) return value.asText().getBytes(StandardCharsets.UTF_8);
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(HttpClient client, Probe p) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(p.uri())).timeout(TIMEOUT).header("Accept", "application/json");
        p.headers().forEach(b::header);
        b.method(p.method(), p.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(p.body()));
        sent.increment();
        byDefect.computeIfAbsent(p.defect(), k -> new LongAdder()).increment();
        int status;
        String text;
        String contentType;
        try {
            HttpResponse<java.io.InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            status = r.statusCode();
            contentType = r.headers().firstValue("Content-Type").orElse("");
            try (java.io.InputStream in = r.body()) { // an event stream never ends: what opened it is the finding
                text = contentType.startsWith("text/event-stream") ? "an event stream opened" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            finding(p, 0, "no answer: " + e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
        if (status < 400 || status >= 500) {
            finding(p, status, abbreviate(text));
            return;
        }
        String code;
        try {
            code = JSON.readTree(text).path("code").asText("");
        } catch (IOException e) {
            code = "";
        }
        if (!contentType.startsWith("application/problem+json") || !CODES.contains(code)) {
            finding(p, status, contentType + " " + abbreviate(text));
            return;
        }
        byCode.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    private void finding(Probe p, int status, String answer) {
        String body = p.body() == null ? "" : " " + abbreviate(new String(p.body(), StandardCharsets.UTF_8));
        findings.add(new Finding(p.op().name(), p.defect(), p.method() + " " + p.uri() + " " + p.headers().getOrDefault("Content-Type", "") + body, status, answer));
    }

    /** Counts per code, most frequent first. */
    static String tally(Map<?, LongAdder> counts) {
        return counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                .map(e -> e.getKey() + "=" + e.getValue().sum()).collect(Collectors.joining(", "));
    }

    // --- the schema ---

    private JsonNode resolve(JsonNode node) {
        JsonNode seen = node;
        for (int hops = 0; seen.has("$ref") && hops < 10; hops++) {
            JsonNode target = doc;
            for (String part : seen.path("$ref").asText().substring(2).split("/")) target = target.path(part);
            seen = target;
        }
        if (seen.has("allOf")) {
            ObjectNode merged = NODES.objectNode();
            ObjectNode props = merged.putObject("properties");
            ArrayNode required = merged.putArray("required");
            for (JsonNode part : seen.path("allOf")) {
                JsonNode r = resolve(part);
                if (r.has("properties")) props.setAll((ObjectNode) r.path("properties"));
                for (JsonNode name : r.path("required")) required.add(name);
            }
            return merged;
        }
        return seen;
    }

    /** The body's top-level fields that the example sets or the schema describes, with their schemas. */
    private Map<String, JsonNode> fields(Operation op) {
        Map<String, JsonNode> out = new TreeMap<>();
        JsonNode schema = op.bodySchema();
        if (schema.has("oneOf")) schema = resolve(schema.path("oneOf").get(0));
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), resolve(e.getValue()));
        }
        return out;
    }

    private List<String> required(JsonNode schema) {
        JsonNode s = schema.has("oneOf") ? resolve(schema.path("oneOf").get(0)) : schema;
        List<String> out = new ArrayList<>();
        s.path("required").forEach(r -> out.add(r.asText()));
        return out;
    }

    private static boolean isInteger(JsonNode schema) {
        return type(schema).equals("integer");
    }

    /** A free-text field (a name, a reason) may hold any printable text: only a control character makes it wrong. */
    private static boolean isFreeText(JsonNode schema) {
        return type(schema).equals("string") && !schema.has("enum") && !schema.has("format") && !schema.has("pattern");
    }

    /** The schema's type; of an OpenAPI 3.1 list such as [string, 'null'], the first. */
    private static String type(JsonNode schema) {
        JsonNode t = schema.path("type");
        return t.isArray() ? t.path(0).asText() : t.asText();
    }

    private static JsonNode wrongType(JsonNode schema, SplittableRandom random) {
        return switch (type(schema)) {
            case "integer" -> pick(random, List.of(NODES.textNode("12"), NODES.booleanNode(true), NODES.numberNode(1.5), NODES.arrayNode()));
            case "number" -> pick(random, List.of(NODES.textNode("12"), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode()));
            case "string" -> pick(random, List.of(NODES.numberNode(12), NODES.booleanNode(false), NODES.objectNode(), NODES.arrayNode().add("a")));
            case "boolean" -> pick(random, List.of(NODES.textNode("true"), NODES.numberNode(1), NODES.textNode("yes")));
            case "array" -> pick(random, List.of(NODES.textNode("[]"), NODES.objectNode(), NODES.numberNode(3)));
            default -> pick(random, List.of(NODES.textNode("{}"), NODES.arrayNode(), NODES.numberNode(7)));
        };
    }

    /** A value the query parameter's schema refuses, or null when any string is acceptable. */
    private static String badQueryValue(JsonNode param, SplittableRandom random) {
        JsonNode s = param.path("schema");
        String type = type(s);
        if (type.equals("integer") || type.equals("number"))
            return pick(random, List.of("abc", "1.5e", "99999999999999999999999", "0x10", "１", "٣"));
        if (s.has("enum")) return pick(random, List.of("NOT_A_VALUE", "", "paid'", ODD.get(random.nextInt(ODD.size()))));
        if (s.path("format").asText().equals("date-time")) return pick(random, List.of("yesterday", "2026-13-45T25:61:00Z", "0", ""));
        if (s.has("maxLength")) return "q".repeat(s.path("maxLength").asInt() + 1 + random.nextInt(1000));
        return null;
    }

    private static List<String> pathParams(Operation op) {
        List<String> names = new ArrayList<>();
        for (String part : op.path().split("/")) if (part.startsWith("{")) names.add(part.substring(1, part.length() - 1));
        return names;
    }

    private static <T> T pick(SplittableRandom random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
