package lts.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What the API serves, read from the database that {@code lts metrics} maintains (docs/API.md).
 * Every parameter is validated here and bound, never concatenated into SQL.
 */
public final class RaceQueries {

  /** Feeds idle for this long are "idle" (feed lost or no session). */
  public static final long IDLE_AFTER_MS = 120_000;

  private static final Pattern EVENT_CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Sql sql;
  private final Clock clock;

  public RaceQueries(DataSource dataSource, Clock clock) {
    this.sql = new Sql(dataSource);
    this.clock = clock;
  }

  // -------------------------------------------------------------------------------------------
  // Parameters

  /** A valid event code, or 400. */
  public static String eventCode(String text) {
    if (text == null || !EVENT_CODE.matcher(text).matches()) {
      throw ApiException.badRequest("event code must be 1-64 characters of a-z, 0-9, _ and -");
    }
    return text;
  }

  /** A valid non-negative integer parameter, or 400. */
  public static int integer(String name, String text) {
    try {
      int v = Integer.parseInt(text);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException | NullPointerException e) {
      throw ApiException.badRequest(name + " must be a non-negative integer, not '" + text + "'");
    }
  }

  /** A valid non-negative long parameter (epoch ms), null when absent, or 400. */
  public static Long optionalLong(String name, String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      long v = Long.parseLong(text);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a non-negative integer, not '" + text + "'");
    }
  }

  // -------------------------------------------------------------------------------------------
  // Events

  /** Every feed with its running session, newest first. */
  public ArrayNode events() {
    ArrayNode out = JSON.arrayNode();
    for (ObjectNode code : sql.rows("SELECT event_code, MAX(last_at) AS last_at FROM sessions "
        + "GROUP BY event_code ORDER BY MAX(last_at) DESC")) {
      ObjectNode session = currentSession(code.get("event_code").asText());
      if (session != null) {
        out.add(summary(session));
      }
    }
    return out;
  }

  /** One feed: its summary, settings and sessions; 404 when unknown. */
  public ObjectNode event(String code) {
    ObjectNode session = requireSession(code);
    ObjectNode out = summary(session);
    out.set("settings", settings(code));
    ArrayNode sessions = out.putArray("sessions");
    for (ObjectNode s : sql.rows("SELECT session, kind, title1, title2, track, started_at AS first_at, "
        + "last_at FROM sessions WHERE event_code = ? ORDER BY session", code)) {
      lower(s, "kind");
      sessions.add(s);
    }
    return out;
  }

  /**
   * The session a user looks at: the latest one with teams (a "no session" blip after a race
   * does not hide it), else the latest.
   */
  ObjectNode currentSession(String code) {
    ObjectNode s = sql.row("SELECT s.* FROM sessions s WHERE s.event_code = ? AND EXISTS "
        + "(SELECT 1 FROM teams t WHERE t.event_code = s.event_code AND t.session = s.session) "
        + "ORDER BY s.started_at DESC, s.session DESC LIMIT 1", code);
    if (s == null) {
      s = sql.row("SELECT * FROM sessions WHERE event_code = ? ORDER BY started_at DESC, "
          + "session DESC LIMIT 1", code);
    }
    return s;
  }

  private ObjectNode requireSession(String code) {
    ObjectNode s = currentSession(eventCode(code));
    if (s == null) {
      throw ApiException.notFound("no event '" + code + "': see GET /api/v1/events");
    }
    return s;
  }

  private ObjectNode summary(ObjectNode s) {
    String code = s.get("event_code").asText();
    int session = s.get("session").asInt();
    ObjectNode out = JSON.objectNode();
    out.put("event_code", code);
    out.put("session", session);
    out.put("kind", lowerText(s, "kind"));
    out.set("title1", s.get("title1"));
    out.set("title2", s.get("title2"));
    out.set("track", s.get("track"));
    out.put("status", status(s));
    out.put("light", lowerText(s, "light"));
    out.set("remaining_ms", s.get("remaining_ms"));
    out.set("remaining_at", s.get("remaining_at"));
    out.set("last_at", s.get("last_at"));
    ObjectNode count = sql.row("SELECT COUNT(*) AS n FROM teams WHERE event_code = ? AND session = ?",
        code, session);
    out.put("teams", count == null ? 0 : count.get("n").asInt());
    return out;
  }

  private String status(ObjectNode s) {
    if ("finished".equalsIgnoreCase(s.path("light").asText(""))) {
      return "finished";
    }
    long last = s.path("last_at").asLong(0);
    return clock.millis() - last > IDLE_AFTER_MS ? "idle" : "live";
  }

  // -------------------------------------------------------------------------------------------
  // Standings

  /** The live standings of the running session. */
  public ObjectNode standings(String code) {
    ObjectNode s = requireSession(code);
    int session = s.get("session").asInt();
    ObjectNode out = JSON.objectNode();
    out.put("event_code", code);
    out.put("session", session);
    out.set("at", s.get("last_at"));
    out.put("status", status(s));
    out.put("light", lowerText(s, "light"));
    out.set("remaining_ms", s.get("remaining_ms"));
    out.set("remaining_at", s.get("remaining_at"));
    Map<Integer, ObjectNode> stints = byRow(sql.rows("SELECT st.row_id, st.stint, st.laps, st.avg_ms, "
        + "st.score_ms, st.label, st.label_override FROM stints st WHERE st.event_code = ? AND "
        + "st.session = ? AND st.stint = (SELECT MAX(x.stint) FROM stints x WHERE x.event_code = "
        + "st.event_code AND x.session = st.session AND x.row_id = st.row_id)", code, session));
    Map<Integer, ObjectNode> pits = byRow(sql.rows("SELECT row_id, MAX(in_at) AS in_at FROM pit_stops "
        + "WHERE event_code = ? AND session = ? AND out_at IS NULL GROUP BY row_id", code, session));
    Map<String, ObjectNode> drivers = new HashMap<>();
    for (ObjectNode d : sql.rows("SELECT row_id, name, driving_time_ms FROM drivers WHERE "
        + "event_code = ? AND session = ?", code, session)) {
      drivers.put(d.get("row_id").asInt() + "/" + d.get("name").asText(), d);
    }
    ArrayNode teams = out.putArray("teams");
    for (ObjectNode t : sql.rows("SELECT * FROM teams WHERE event_code = ? AND session = ? "
        + "ORDER BY position IS NULL, position, row_id", code, session)) {
      int row = t.get("row_id").asInt();
      ObjectNode team = teams.addObject();
      team.put("row_id", row);
      team.set("position", t.get("position"));
      team.set("number", t.get("number"));
      team.set("name", t.get("name"));
      team.set("driver", t.get("driver"));
      ObjectNode d = t.get("driver").isNull() ? null : drivers.get(row + "/" + t.get("driver").asText());
      team.set("driving_time_ms", d == null ? JSON.nullNode() : d.get("driving_time_ms"));
      team.set("laps", t.get("laps"));
      team.set("last_lap_ms", t.get("last_lap_ms"));
      team.set("best_lap_ms", t.get("best_lap_ms"));
      team.set("gap", gap(t, "gap"));
      team.set("interval", gap(t, "interval"));
      team.set("pits", t.get("pits"));
      boolean inPit = t.path("in_pit").asInt(0) != 0;
      team.put("in_pit", inPit);
      ObjectNode pit = pits.get(row);
      team.set("pit_in_at", inPit && pit != null ? pit.get("in_at") : JSON.nullNode());
      ObjectNode st = stints.get(row);
      team.set("stint", st == null ? JSON.nullNode() : st.get("stint"));
      team.set("stint_laps", st == null ? JSON.nullNode() : st.get("laps"));
      team.set("stint_average_ms", st == null ? JSON.nullNode() : st.get("avg_ms"));
      team.put("kart_label", st == null ? "unknown" : label(st));
      team.set("kart_score_ms", st == null ? JSON.nullNode() : st.get("score_ms"));
    }
    return out;
  }

  /** The estimated standings once every team has made its mandatory stops. */
  public ObjectNode afterStops(String code) {
    ObjectNode s = requireSession(code);
    int session = s.get("session").asInt();
    ObjectNode settings = settings(code);
    ObjectNode out = JSON.objectNode();
    out.put("event_code", code);
    out.put("session", session);
    out.set("min_pit_stops", settings.get("min_pit_stops"));
    out.set("pit_loss_ms", s.get("pit_loss_ms").isNull() ? settings.get("pit_time_ms") : s.get("pit_loss_ms"));
    out.put("pit_loss_measured", s.path("pit_loss_measured").asInt(0) != 0);
    out.set("median_lap_ms", s.get("field_median_ms"));
    ArrayNode teams = out.putArray("teams");
    for (ObjectNode r : sql.rows("SELECT st.*, t.number, t.name FROM standings st JOIN teams t ON "
        + "t.event_code = st.event_code AND t.session = st.session AND t.row_id = st.row_id "
        + "WHERE st.event_code = ? AND st.session = ? ORDER BY st.est_position", code, session)) {
      ObjectNode team = teams.addObject();
      team.set("row_id", r.get("row_id"));
      team.set("number", r.get("number"));
      team.set("name", r.get("name"));
      team.set("raw_position", r.get("position"));
      team.set("estimated_position", r.get("est_position"));
      team.set("change", r.get("position_change"));
      team.set("owed", r.get("owed"));
      team.set("pits", r.get("pits"));
      team.put("in_pit", r.path("in_pit").asInt(0) != 0);
      team.set("raw_gap_ms", r.get("gap_ms"));
      team.set("estimated_gap_ms", r.get("est_gap_ms"));
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Teams

  /** A team's stints with the pit stop that ended each. */
  public ArrayNode stints(String code, int rowId) {
    ObjectNode s = requireSession(code);
    int session = s.get("session").asInt();
    requireTeam(code, session, rowId);
    Map<Integer, ObjectNode> stops = new HashMap<>();
    for (ObjectNode p : sql.rows("SELECT pit, in_at, out_at, duration_ms FROM pit_stops WHERE "
        + "event_code = ? AND session = ? AND row_id = ? ORDER BY pit", code, session, rowId)) {
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
    item.put("open", st.get("end_lap").isNull());
    return item;
  }

  /** A team's laps, optionally from a lap number on. */
  public ArrayNode laps(String code, int rowId, Integer sinceLap) {
    ObjectNode s = requireSession(code);
    int session = s.get("session").asInt();
    requireTeam(code, session, rowId);
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
  public ArrayNode allLaps(String code, Long sinceAt) {
    ObjectNode s = requireSession(code);
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

  private void requireTeam(String code, int session, int rowId) {
    if (sql.row("SELECT row_id FROM teams WHERE event_code = ? AND session = ? AND row_id = ?",
        code, session, rowId) == null) {
      throw ApiException.notFound("no team with row id " + rowId + " in " + code);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Karts and the pit lane

  /** Every stint's kart label. */
  public ArrayNode kartLabels(String code) {
    ObjectNode s = requireSession(code);
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

  /** The pit lane queue, front first, and the odds. */
  public ObjectNode pitLane(String code) {
    ObjectNode s = requireSession(code);
    int session = s.get("session").asInt();
    ObjectNode out = JSON.objectNode();
    ArrayNode rows = out.putArray("rows");
    int currentRow = -1;
    ArrayNode row = null;
    for (ObjectNode k : sql.rows("SELECT q.*, t.name AS from_name FROM pit_queue q LEFT JOIN teams t "
        + "ON t.event_code = q.event_code AND t.session = q.session AND t.row_id = q.from_row_id "
        + "WHERE q.event_code = ? AND q.session = ? ORDER BY q.pit_row, q.position", code, session)) {
      int r = k.get("pit_row").asInt();
      while (currentRow < r) {
        row = rows.addArray();
        currentRow++;
      }
      ObjectNode kart = row.addObject();
      kart.set("from_row_id", k.get("from_row_id"));
      kart.set("from_number", k.get("from_number"));
      kart.set("from_name", k.get("from_name"));
      kart.set("from_stint", k.get("from_stint"));
      kart.put("label", lowerText(k, "label"));
      kart.set("score_ms", k.get("score_ms"));
      kart.set("since", k.get("since"));
    }
    ObjectNode odds = sql.row("SELECT * FROM odds WHERE event_code = ? AND session = ?", code, session);
    ObjectNode o = out.putObject("odds");
    o.set("now", odds == null ? JSON.nullNode() : odds.get("p_now"));
    o.set("after_one_stop", odds == null ? JSON.nullNode() : odds.get("p_next"));
    o.set("after_two_stops", odds == null ? JSON.nullNode() : odds.get("p_after_next"));
    out.set("base_rate", odds == null ? JSON.nullNode() : odds.get("base_rate"));
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Settings and overrides

  /** The race settings of a feed (defaults when none stored yet); 404 when the feed is unknown. */
  public ObjectNode settings(String code) {
    eventCode(code);
    ObjectNode r = sql.row("SELECT * FROM race_settings WHERE event_code = ?", code);
    if (r == null) {
      throw ApiException.notFound("no event '" + code + "': see GET /api/v1/events");
    }
    ObjectNode out = JSON.objectNode();
    out.set("min_pit_stops", r.get("min_pit_stops"));
    out.set("pit_time_ms", r.get("pit_time_ms"));
    out.set("pit_rows", r.get("pit_rows"));
    out.set("spare_karts", r.get("spare_karts"));
    out.set("max_stint_ms", r.get("max_stint_ms"));
    out.set("min_driver_time_ms", r.get("min_driver_ms"));
    out.set("max_driver_time_ms", r.get("max_driver_ms"));
    out.set("avg_laps", r.get("avg_laps"));
    return out;
  }

  /** Changes some settings; 400 for a bad value. */
  public ObjectNode updateSettings(String code, JsonNode body) {
    ObjectNode current = settings(code);
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("send a JSON object with the settings to change");
    }
    Map<String, String> columns = Map.of("min_pit_stops", "min_pit_stops", "pit_time_ms", "pit_time_ms",
        "pit_rows", "pit_rows", "spare_karts", "spare_karts", "max_stint_ms", "max_stint_ms",
        "min_driver_time_ms", "min_driver_ms", "max_driver_time_ms", "max_driver_ms",
        "avg_laps", "avg_laps");
    Map<String, Long> minimum = Map.of("min_pit_stops", 0L, "pit_time_ms", 0L, "pit_rows", 1L,
        "spare_karts", 0L, "max_stint_ms", 60_000L, "min_driver_time_ms", 0L,
        "max_driver_time_ms", 60_000L, "avg_laps", 1L);
    java.util.Set<String> nullable = java.util.Set.of("max_stint_ms", "min_driver_time_ms",
        "max_driver_time_ms");
    body.fieldNames().forEachRemaining(f -> {
      if (!columns.containsKey(f)) {
        throw ApiException.badRequest("unknown setting '" + f + "'; known: " + columns.keySet());
      }
    });
    StringBuilder set = new StringBuilder();
    java.util.List<Object> params = new java.util.ArrayList<>();
    for (Map.Entry<String, String> e : columns.entrySet()) {
      JsonNode v = body.get(e.getKey());
      if (v == null) {
        continue;
      }
      if (v.isNull()) {
        if (!nullable.contains(e.getKey())) {
          throw ApiException.badRequest(e.getKey() + " cannot be null");
        }
        params.add(null);
      } else if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < minimum.get(e.getKey())
          || v.asLong() > 100L * 3_600_000L) {
        throw ApiException.badRequest(e.getKey() + " must be an integer >= " + minimum.get(e.getKey()));
      } else {
        params.add(v.asLong());
      }
      set.append(set.length() == 0 ? "" : ", ").append(e.getValue()).append(" = ?");
    }
    if (params.isEmpty()) {
      return current;
    }
    params.add(code);
    sql.update("UPDATE race_settings SET " + set + " WHERE event_code = ?", params.toArray());
    return settings(code);
  }

  /** Sets (or with null, removes) the strategist's label of a stint. */
  public ObjectNode overrideLabel(String code, int rowId, int stint, JsonNode body) {
    ObjectNode s = requireSession(code);
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

  // -------------------------------------------------------------------------------------------

  private static Map<Integer, ObjectNode> byRow(List<ObjectNode> rows) {
    Map<Integer, ObjectNode> map = new HashMap<>();
    rows.forEach(r -> map.put(r.get("row_id").asInt(), r));
    return map;
  }

  private static String label(ObjectNode stint) {
    String override = lowerText(stint, "label_override");
    return override != null ? override : lowerText(stint, "label");
  }

  private static ObjectNode gap(ObjectNode t, String prefix) {
    ObjectNode g = JSON.objectNode();
    String kind = lowerText(t, prefix + "_kind");
    g.put("kind", kind == null ? "none" : kind);
    g.set("ms", t.get(prefix + "_ms"));
    g.set("laps", t.get(prefix + "_laps"));
    JsonNode text = t.get(prefix + "_text");
    g.put("text", text == null || text.isNull() ? "" : text.asText());
    return g;
  }

  private static String lowerText(ObjectNode row, String field) {
    JsonNode v = row.get(field);
    return v == null || v.isNull() ? null : v.asText().toLowerCase(Locale.ROOT);
  }

  private static void lower(ObjectNode row, String field) {
    String v = lowerText(row, field);
    if (v == null) {
      row.putNull(field);
    } else {
      row.put(field, v);
    }
  }
}
