package lts.api;

import static lts.api.StoredRow.JSON;
import static lts.api.StoredRow.byRow;
import static lts.api.StoredRow.gap;
import static lts.api.StoredRow.label;
import static lts.api.StoredRow.lowerText;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The two standings pages: the live grid as Apex shows it with each team's stint and kart, and the
 * estimated order once every team has made its mandatory stops. Each reads the session
 * {@code requested}, or with null the {@link DefaultSession default one}.
 */
final class StandingsQueries {

  private final Sql sql;
  private final EventQueries events;
  private final SettingsQueries settings;

  StandingsQueries(Sql sql, EventQueries events, SettingsQueries settings) {
    this.sql = sql;
    this.events = events;
    this.settings = settings;
  }

  /** The live standings of the session. */
  ObjectNode standings(String code, Integer requested) {
    ObjectNode s = events.requireSession(code, requested);
    int session = s.get("session").asInt();
    ObjectNode out = JSON.objectNode();
    out.put("event_code", code);
    out.put("session", session);
    out.set("at", s.get("last_at"));
    out.put("status", events.status(s));
    out.set("clock", events.clock(s));
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
  ObjectNode afterStops(String code, Integer requested) {
    ObjectNode s = events.requireSession(code, requested);
    int session = s.get("session").asInt();
    ObjectNode rules = settings.settings(code);
    ObjectNode out = JSON.objectNode();
    out.put("event_code", code);
    out.put("session", session);
    out.set("min_pit_stops", rules.get("min_pit_stops"));
    out.set("pit_loss_ms", s.get("pit_loss_ms").isNull() ? rules.get("pit_time_ms") : s.get("pit_loss_ms"));
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
}
