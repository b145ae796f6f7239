package lts.api;

import static lts.api.StoredRow.JSON;
import static lts.api.StoredRow.lower;
import static lts.api.StoredRow.lowerText;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The feeds and their sessions ({@code /api/v1/events}, {@code /api/v1/events/{code}}), and the
 * session every other page reads: the latest one with teams.
 */
final class EventQueries {

  /** Feeds idle for this long are "idle" (feed lost or no session). */
  static final long IDLE_AFTER_MS = RaceClocks.STOPPED_AFTER_MS;

  private final Sql sql;
  private final SettingsQueries settings;
  private final RaceClocks clocks;

  EventQueries(Sql sql, SettingsQueries settings, RaceClocks clocks) {
    this.sql = sql;
    this.settings = settings;
    this.clocks = clocks;
  }

  /** Every feed with its running session, newest first. */
  ArrayNode events() {
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
  ObjectNode event(String code) {
    ObjectNode session = requireSession(code);
    ObjectNode out = summary(session);
    out.set("settings", settings.settings(code));
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

  /** The session a user looks at, or 404 when the feed is unknown (400 for a bad code). */
  ObjectNode requireSession(String code) {
    ObjectNode s = currentSession(Params.eventCode(code));
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
    out.set("clock", clock(s));
    ObjectNode count = sql.row("SELECT COUNT(*) AS n FROM teams WHERE event_code = ? AND session = ?",
        code, session);
    out.put("teams", count == null ? 0 : count.get("n").asInt());
    return out;
  }

  /**
   * {@code finished} (the flag), {@code idle} (nothing new for {@link #IDLE_AFTER_MS} of the
   * server's time: feed lost or no session) or {@code live}. A replay is live while it plays,
   * whatever the dates of its race instants.
   */
  String status(ObjectNode s) {
    if (finished(s)) {
      return "finished";
    }
    return clocks.idle(s.get("event_code").asText(), s.path("last_at").asLong(0)) ? "idle" : "live";
  }

  /**
   * The race clock of a session, for the dashboard's running clocks:
   * {@code {race_at, wall_at, rate}} ({@link RaceClocks}).
   */
  ObjectNode clock(ObjectNode s) {
    RaceClocks.Reading r = clocks.reading(s.get("event_code").asText(),
        s.path("last_at").asLong(0), finished(s));
    ObjectNode out = JSON.objectNode();
    out.put("race_at", r.raceAt());
    out.put("wall_at", r.wallAt());
    out.put("rate", Math.round(r.rate() * 1000) / 1000.0);
    return out;
  }

  private static boolean finished(ObjectNode s) {
    return "finished".equalsIgnoreCase(s.path("light").asText(""));
  }

  /** 404 when the session has no team with this row id. */
  void requireTeam(String code, int session, int rowId) {
    if (sql.row("SELECT row_id FROM teams WHERE event_code = ? AND session = ? AND row_id = ?",
        code, session, rowId) == null) {
      throw ApiException.notFound("no team with row id " + rowId + " in " + code);
    }
  }}
