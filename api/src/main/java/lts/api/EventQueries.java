package lts.api;

import static lts.api.StoredRow.JSON;
import static lts.api.StoredRow.lower;
import static lts.api.StoredRow.lowerText;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The feeds and their sessions ({@code /api/v1/events}, {@code /api/v1/events/{code}},
 * {@code …/sessions}), and the session every other page reads: the one asked for, else the
 * {@link DefaultSession default one}.
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

  /** Every feed with its {@link DefaultSession default session}, newest first. */
  ArrayNode events() {
    ArrayNode out = JSON.arrayNode();
    for (ObjectNode code : sql.rows("SELECT event_code, MAX(last_at) AS last_at FROM sessions "
        + "GROUP BY event_code ORDER BY MAX(last_at) DESC")) {
      ObjectNode session = defaultSession(code.get("event_code").asText());
      if (session != null) {
        out.add(summary(session));
      }
    }
    return out;
  }

  /** One feed: a session's summary (null: the default one), settings and sessions; 404 when unknown. */
  ObjectNode event(String code, Integer session) {
    ObjectNode out = summary(requireSession(code, session));
    out.set("settings", settings.settings(code));
    ArrayNode sessions = out.putArray("sessions");
    for (ObjectNode s : sql.rows("SELECT session, kind, title1, title2, track, started_at AS first_at, "
        + "last_at FROM sessions WHERE event_code = ? ORDER BY session", code)) {
      lower(s, "kind");
      sessions.add(s);
    }
    return out;
  }

  /** Every session of a feed, newest first, the default one marked; 404 when the feed is unknown. */
  ArrayNode sessions(String code) {
    List<ObjectNode> rows = sql.rows("SELECT s.session, s.kind, s.title1, s.title2, s.track, s.light, "
        + "s.started_at AS first_at, s.last_at, (SELECT COUNT(*) FROM teams t WHERE t.event_code = "
        + "s.event_code AND t.session = s.session) AS teams, (SELECT MAX(t.laps) FROM teams t WHERE "
        + "t.event_code = s.event_code AND t.session = s.session) AS laps FROM sessions s "
        + "WHERE s.event_code = ? ORDER BY s.started_at DESC, s.session DESC", Params.eventCode(code));
    if (rows.isEmpty()) {
      throw unknownEvent(code);
    }
    int chosen = DefaultSession.among(rows.stream().map(EventQueries::candidate).toList())
        .orElseThrow().session();
    ArrayNode out = JSON.arrayNode();
    for (ObjectNode s : rows) {
      s.put("event_code", code);
      ObjectNode item = out.addObject();
      item.set("session", s.get("session"));
      item.put("kind", lowerText(s, "kind"));
      item.set("title1", s.get("title1"));
      item.set("title2", s.get("title2"));
      item.set("track", s.get("track"));
      item.set("first_at", s.get("first_at"));
      item.set("last_at", s.get("last_at"));
      item.put("teams", s.get("teams").asInt());
      item.set("laps", s.get("laps"));
      String status = status(s);
      item.put("status", status);
      item.put("finished", "finished".equals(status));
      item.put("default", s.get("session").asInt() == chosen);
    }
    return out;
  }

  /** The {@link DefaultSession default session} of a feed, null when it has none. */
  ObjectNode defaultSession(String code) {
    List<DefaultSession.Candidate> candidates = sql.rows("SELECT s.session, s.kind, s.started_at AS "
        + "first_at, (SELECT COUNT(*) FROM teams t WHERE t.event_code = s.event_code AND t.session = "
        + "s.session) AS teams FROM sessions s WHERE s.event_code = ?", code).stream()
        .map(EventQueries::candidate).toList();
    return DefaultSession.among(candidates).map(c -> sql.row("SELECT * FROM sessions WHERE "
        + "event_code = ? AND session = ?", code, c.session())).orElse(null);
  }

  /**
   * The session a page reads: the one asked for, or with null the default one; 404 when the feed
   * or the session is unknown (400 for a bad code).
   */
  ObjectNode requireSession(String code, Integer session) {
    Params.eventCode(code);
    if (session == null) {
      ObjectNode s = defaultSession(code);
      if (s == null) {
        throw unknownEvent(code);
      }
      return s;
    }
    ObjectNode s = sql.row("SELECT * FROM sessions WHERE event_code = ? AND session = ?", code, session);
    if (s == null) {
      if (defaultSession(code) == null) {
        throw unknownEvent(code);
      }
      throw ApiException.notFound("no session " + session + " in " + code + ": see GET /api/v1/events/"
          + code + "/sessions");
    }
    return s;
  }

  private static ApiException unknownEvent(String code) {
    return ApiException.notFound("no event '" + code + "': see GET /api/v1/events");
  }

  private static DefaultSession.Candidate candidate(ObjectNode s) {
    return new DefaultSession.Candidate(s.get("session").asInt(), lowerText(s, "kind"),
        s.get("first_at").asLong(), s.get("teams").asInt());
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
  }
}
