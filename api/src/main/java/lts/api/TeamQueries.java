package lts.api;

import static lts.api.StoredRow.JSON;
import static lts.api.StoredRow.label;
import static lts.api.StoredRow.lower;
import static lts.api.StoredRow.lowerText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A team's history and the karts it drove: its stints with the stop that ended each, its laps,
 * every team's laps for the charts, every stint's kart label and the strategist's overrides.
 * Each reads the session {@code requested}, or with null the {@link DefaultSession default one}.
 */
final class TeamQueries {

  private final Sql sql;
  private final EventQueries events;

  TeamQueries(Sql sql, EventQueries events) {
    this.sql = sql;
    this.events = events;
  }

  /** A team's stints with the pit stop that ended each. */
  ArrayNode stints(String code, Integer requested, int rowId) {
    ObjectNode s = events.requireSession(code, requested);
    int session = s.get("session").asInt();
    events.requireTeam(code, session, rowId);
    Map<Integer, ObjectNode> stops = new HashMap<>();
    for (ObjectNode p : sql.rows("SELECT pit, in_at, out_at, duration_ms, counted, apex_stop, "
        + "in_hole, lap_in_estimated FROM pit_stops WHERE event_code = ? AND session = ? AND "
        + "row_id = ? ORDER BY pit", code, session, rowId)) {
      stops.put(p.get("pit").asInt(), p);
    }
    ArrayNode out = JSON.arrayNode();
    for (ObjectNode st : sql.rows("SELECT * FROM stints WHERE event_code = ? AND session = ? AND "
        + "row_id = ? ORDER BY stint", code, session, rowId)) {
      out.add(stint(st, stops.get(st.get("stint").asInt())));
    }
    return out;
  }

  private ObjectNode stint(ObjectNode st, ObjectNode stop) {
    ObjectNode item = JSON.objectNode();
    item.set("number", st.get("stint"));
    item.set("start_lap", st.get("start_lap"));
    item.set("end_lap", st.get("end_lap"));
    item.set("laps", st.get("laps"));
    item.set("driver", st.get("driver"));
    item.set("best_ms", st.get("best_ms"));
    item.set("average_ms", st.get("avg_ms"));
    item.set("clean_laps", st.get("clean_laps"));
    item.put("kart_label", label(st));
    item.set("kart_score_ms", st.get("score_ms"));
    item.put("label_override", lowerText(st, "label_override"));
    item.set("pit_in_at", stop == null ? JSON.nullNode() : stop.get("in_at"));
    item.set("pit_out_at", stop == null ? JSON.nullNode() : stop.get("out_at"));
    item.set("pit_duration_ms", stop == null ? JSON.nullNode() : stop.get("duration_ms"));
    item.set("pit_stop", stop == null ? JSON.nullNode() : stop.get("apex_stop"));
    if (stop == null) {
      item.putNull("pit_counted");
      item.putNull("pit_in_hole");
      item.put("end_lap_estimated", false);
    } else {
      item.put("end_lap_estimated", stop.get("lap_in_estimated").asInt() != 0);
      item.put("pit_counted", stop.get("counted").asInt() != 0);
      item.put("pit_in_hole", stop.get("in_hole").asInt() != 0);
    }
    item.put("open", st.get("end_lap").isNull());
    return item;
  }

  /** A team's laps, optionally from a lap number on. */
  ArrayNode laps(String code, Integer requested, int rowId, Integer sinceLap) {
    ObjectNode s = events.requireSession(code, requested);
    int session = s.get("session").asInt();
    events.requireTeam(code, session, rowId);
    ArrayNode out = JSON.arrayNode();
    for (ObjectNode l : sql.rows("SELECT lap, time_ms, at, driver, stint, verdict FROM laps WHERE "
        + "event_code = ? AND session = ? AND row_id = ? AND lap >= ? AND superseded = 0 ORDER BY lap",
        code, session, rowId, sinceLap == null ? 0 : sinceLap)) {
      lower(l, "verdict");
      out.add(l);
    }
    return out;
  }

  /** Every team's laps, optionally from a time on (for the charts). */
  ArrayNode allLaps(String code, Integer requested, Long sinceAt) {
    ObjectNode s = events.requireSession(code, requested);
    int session = s.get("session").asInt();
    ArrayNode out = JSON.arrayNode();
    for (ObjectNode l : sql.rows("SELECT row_id, lap, time_ms, at, driver, stint, verdict FROM laps "
        + "WHERE event_code = ? AND session = ? AND at >= ? AND superseded = 0 ORDER BY at, row_id",
        code, session, sinceAt == null ? 0L : sinceAt)) {
      lower(l, "verdict");
      out.add(l);
    }
    return out;
  }

  /** Every stint's kart label. */
  ArrayNode kartLabels(String code, Integer requested) {
    ObjectNode s = events.requireSession(code, requested);
    int session = s.get("session").asInt();
    ArrayNode out = JSON.arrayNode();
    for (ObjectNode st : sql.rows("SELECT st.row_id, t.number, t.name, st.stint, st.label, "
        + "st.label_override, st.score_ms FROM stints st JOIN teams t ON t.event_code = st.event_code "
        + "AND t.session = st.session AND t.row_id = st.row_id WHERE st.event_code = ? AND "
        + "st.session = ? ORDER BY st.row_id, st.stint", code, session)) {
      ObjectNode item = out.addObject();
      item.set("row_id", st.get("row_id"));
      item.set("number", st.get("number"));
      item.set("name", st.get("name"));
      item.set("stint", st.get("stint"));
      item.put("label", label(st));
      item.set("score_ms", st.get("score_ms"));
      item.put("override", lowerText(st, "label_override"));
    }
    return out;
  }

  /** Sets (or with null, removes) the strategist's label of a stint. */
  ObjectNode overrideLabel(String code, Integer requested, int rowId, int stint, JsonNode body) {
    ObjectNode s = events.requireSession(code, requested);
    int session = s.get("session").asInt();
    if (body == null || !body.isObject() || !body.has("label")) {
      throw ApiException.badRequest("send {\"label\": \"good\" | \"bad\" | \"unknown\" | null}");
    }
    JsonNode label = body.get("label");
    String value;
    if (label.isNull()) {
      value = null;
    } else if (label.isTextual() && List.of("good", "bad", "unknown").contains(label.asText())) {
      value = label.asText().toUpperCase(Locale.ROOT);
    } else {
      throw ApiException.badRequest("label must be \"good\", \"bad\", \"unknown\" or null");
    }
    int changed = sql.update("UPDATE stints SET label_override = ? WHERE event_code = ? AND "
        + "session = ? AND row_id = ? AND stint = ?", value, code, session, rowId, stint);
    if (changed == 0) {
      throw ApiException.notFound("no stint " + stint + " of row " + rowId + " in " + code);
    }
    return stint(sql.row("SELECT * FROM stints WHERE event_code = ? AND session = ? AND row_id = ? "
        + "AND stint = ?", code, session, rowId, stint), null);
  }
}
