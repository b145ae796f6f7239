package lts.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a row read from the strategy database becomes JSON: enums in lower case, a stint's label
 * (the strategist's override first), a gap as {@code {kind, ms, laps, text}}.
 */
final class StoredRow {

  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private StoredRow() {
  }

  /** Rows by their {@code row_id}. */
  static Map<Integer, ObjectNode> byRow(List<ObjectNode> rows) {
    Map<Integer, ObjectNode> map = new HashMap<>();
    rows.forEach(r -> map.put(r.get("row_id").asInt(), r));
    return map;
  }

  /** The label a stint shows: the strategist's override, else the model's. */
  static String label(ObjectNode stint) {
    String override = lowerText(stint, "label_override");
    return override != null ? override : lowerText(stint, "label");
  }

  /** The gap (or interval) columns {@code prefix_kind/_ms/_laps/_text} as one object. */
  static ObjectNode gap(ObjectNode t, String prefix) {
    ObjectNode g = JSON.objectNode();
    String kind = lowerText(t, prefix + "_kind");
    g.put("kind", kind == null ? "none" : kind);
    g.set("ms", t.get(prefix + "_ms"));
    g.set("laps", t.get(prefix + "_laps"));
    JsonNode text = t.get(prefix + "_text");
    g.put("text", text == null || text.isNull() ? "" : text.asText());
    return g;
  }

  /** A text column in lower case, null when absent. */
  static String lowerText(ObjectNode row, String field) {
    JsonNode v = row.get(field);
    return v == null || v.isNull() ? null : v.asText().toLowerCase(Locale.ROOT);
  }

  /** Puts a text column back in lower case. */
  static void lower(ObjectNode row, String field) {
    String v = lowerText(row, field);
    if (v == null) {
      row.putNull(field);
    } else {
      row.put(field, v);
    }
  }
}
