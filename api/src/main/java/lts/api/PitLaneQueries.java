package lts.api;

import static lts.api.StoredRow.JSON;
import static lts.api.StoredRow.lowerText;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The pit lane: the karts waiting in each row, front first, and the odds of a good kart. Reads the
 * session {@code requested}, or with null the {@link DefaultSession default one}.
 */
final class PitLaneQueries {

  private final Sql sql;
  private final EventQueries events;

  PitLaneQueries(Sql sql, EventQueries events) {
    this.sql = sql;
    this.events = events;
  }

  /** The pit lane queue, front first, and the odds. */
  ObjectNode pitLane(String code, Integer requested) {
    ObjectNode s = events.requireSession(code, requested);
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
}
