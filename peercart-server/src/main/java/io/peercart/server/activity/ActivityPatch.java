package io.peercart.server.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peercart.core.Activity;
import io.peercart.core.ActivityDraft;
import io.peercart.core.ActivityEdit;
import io.peercart.core.ActivityValidation;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.server.http.ApiException;
import io.peercart.server.http.Json;
import io.peercart.server.http.Requests;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A JSON merge patch (RFC 7396) of an activity: merged into the activity's own creation document
 * (core {@code ActivityValidation.draftOf}), which core {@code ActivityEdit} then validates exactly
 * as a creation and checks against what may change once the activity runs. One departure from
 * RFC 7396, because items are a list: {@code items} lists the items to change, each naming its
 * {@code sku} and merged into the item with that sku (an unknown sku adds an item); items are
 * never removed by a patch. The body is checked before anything is touched; the merge is applied
 * to the activity as it is under its row's lock, so two edits never lose one another.
 */
final class ActivityPatch {
    private ActivityPatch() {}

    /** The edit a body asks for, or a 4xx for a body that cannot be one. */
    static Function<Activity, Decision<Activity>> read(byte[] body, Instant now) {
        Requests.PatchActivity in = Json.read(body, Requests.PatchActivity.class); // unknown fields, wrong types: 422 here
        if (in.limits() != null)
            throw new ApiException(Code.VALIDATION_FAILED, "limits: creation defaults only; patch items[].limitPerBuyer and items[].limitPerOrder");
        Requests.instant("startsAt", in.startsAt());
        Requests.instant("endsAt", in.endsAt());
        if (in.items() != null) {
            Set<String> skus = new HashSet<>();
            for (int i = 0; i < in.items().size(); i++) {
                var item = in.items().get(i);
                if (item == null || item.sku() == null)
                    throw new ApiException(Code.VALIDATION_FAILED, "items[" + i + "].sku: required, it names the item to change");
                if (!skus.add(item.sku())) throw new ApiException(Code.VALIDATION_FAILED, "items[" + i + "].sku: duplicate " + item.sku());
            }
        }
        ObjectNode patch = (ObjectNode) tree(body); // an object: it bound to a record
        return current -> {
            ObjectNode doc = document(ActivityValidation.draftOf(current));
            merge(doc, patch, true);
            return ActivityEdit.edit(current, Json.MAPPER.convertValue(doc, Requests.CreateActivity.class).draft(), now);
        };
    }

    private static JsonNode tree(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ApiException(Code.MALFORMED_JSON, "malformed JSON"); // not reached: the body was read once already
        }
    }

    /** The activity as a creation request would have sent it. */
    private static ObjectNode document(ActivityDraft d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", d.type());
        m.put("name", d.name());
        m.put("startsAt", d.startsAt().toString());
        m.put("endsAt", d.endsAt().toString());
        m.put("payWindowSeconds", d.payWindowSeconds());
        m.put("items", d.items());
        m.put("rules", d.rules());
        m.put("targeting", d.targeting());
        ObjectNode doc = Json.MAPPER.valueToTree(m);
        prune(doc);
        return doc;
    }

    /** Drops null members: in the document "absent" and "null" must mean the same. */
    private static void prune(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.properties().removeIf(e -> e.getValue().isNull());
            o.forEach(ActivityPatch::prune);
        } else if (n instanceof ArrayNode a) {
            a.forEach(ActivityPatch::prune);
        }
    }

    /** RFC 7396 MergePatch, with {@code items} (at the top) merged by sku. */
    private static void merge(ObjectNode target, ObjectNode patch, boolean top) {
        patch.properties().forEach(e -> {
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (value.isNull()) target.remove(name);
            else if (top && name.equals("items")) mergeItems((ArrayNode) target.withArray("items"), (ArrayNode) value);
            else if (value instanceof ObjectNode p && target.get(name) instanceof ObjectNode t) merge(t, p, false);
            else {
                JsonNode copy = value.deepCopy();
                prune(copy);
                target.set(name, copy);
            }
        });
    }

    private static void mergeItems(ArrayNode items, ArrayNode patches) {
        for (JsonNode p : patches) {
            ObjectNode match = null;
            for (JsonNode i : items) if (i.path("sku").equals(p.get("sku"))) match = (ObjectNode) i;
            if (match == null) items.add(match = Json.MAPPER.createObjectNode());
            merge(match, (ObjectNode) p, false);
        }
    }
}
