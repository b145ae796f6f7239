package lts.simulator;

import java.util.List;
import java.util.Locale;

/**
 * What really happened in a simulated race, including what the feed never shows (kart and driver
 * effects, which kart each stint used, the pit lane rows). All times are epoch milliseconds;
 * effects are milliseconds added to a lap (negative is faster). Rows of the pit lane are numbered
 * from 1. {@link #toJson()} writes it with snake_case keys in a fixed order.
 *
 * @param settings the settings the race was run with
 * @param eventCode the suggested feed code ({@code sim-<seed>})
 * @param title1 event name shown by the feed
 * @param title2 session name shown by the feed
 * @param track track name shown by the feed
 * @param trackLengthM track length, metres
 * @param startAtMs time of the first frame (the {@code init|r|} snapshot, red light)
 * @param greenAtMs green light: the race and its countdown start
 * @param countdownEndAtMs the countdown reaches zero (race length plus the frozen yellow time)
 * @param chequeredAtMs chequered flag: the leader's first crossing after the countdown end
 * @param endAtMs time of the last frame (the last team finished)
 * @param baseLapMs the track's reference lap at the start, before trend and effects
 * @param labelThresholdMs a kart is good when its effect is at most {@code -threshold}, bad when
 *     at least {@code +threshold}, neutral in between
 * @param yellow the neutralised period (countdown frozen, laps slow)
 * @param reconnect the mid-race reconnect: frames lost, then a full re-snapshot
 * @param junkFrames junk frames sent (HTTP probes), none of them Apex lines
 * @param frames frames sent (junk included, lost ones excluded)
 * @param lines non-empty lines of the Apex frames sent (junk frames excluded)
 * @param karts every kart, by number
 * @param initialRows spare karts in each pit lane row at the start, front first
 * @param finalRows karts in each row at the end, front first
 * @param teams every team, by row id
 * @param stints every stint, by team (row id) then stint number
 * @param pitStops every stop, by team (row id) then stop number
 * @param penalties lap penalties, in time order
 * @param results final standings, by position
 * @param holes recording holes asked for ({@link FeedStyle}): frames lost, then a re-sent grid
 */
public record Truth(RaceSettings settings, String eventCode, String title1, String title2,
    String track, int trackLengthM, long startAtMs, long greenAtMs, long countdownEndAtMs,
    long chequeredAtMs, long endAtMs, long baseLapMs, long labelThresholdMs, Yellow yellow,
    Reconnect reconnect, int junkFrames, long frames, long lines, List<Kart> karts,
    List<List<Integer>> initialRows, List<List<Integer>> finalRows, List<Team> teams,
    List<Stint> stints, List<PitStop> pitStops, List<Penalty> penalties, List<Result> results,
    List<Hole> holes) {

  /** Copies the lists. */
  public Truth {
    karts = List.copyOf(karts);
    initialRows = initialRows.stream().map(List::copyOf).toList();
    finalRows = finalRows.stream().map(List::copyOf).toList();
    teams = List.copyOf(teams);
    stints = List.copyOf(stints);
    pitStops = List.copyOf(pitStops);
    penalties = List.copyOf(penalties);
    results = List.copyOf(results);
    holes = List.copyOf(holes);
  }

  /** A kart's true performance label. */
  public enum Label {
    GOOD, NEUTRAL, BAD;

    /** The JSON / UI name: {@code good}, {@code neutral}, {@code bad}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A kart.
   *
   * @param kart its number (hidden: the feed shows team numbers)
   * @param effectMs its pace effect, ms per lap (negative: faster)
   * @param label from the effect and {@link Truth#labelThresholdMs()}
   */
  public record Kart(int kart, long effectMs, Label label) {
  }

  /**
   * A driver.
   *
   * @param name as shown in {@code drteam} cells
   * @param skillMs his pace effect, ms per lap (negative: faster)
   * @param drivingMs total time on track (pit lane time excluded), up to his team's finish
   * @param stints stints driven
   */
  public record Driver(String name, long skillMs, long drivingMs, int stints) {
  }

  /**
   * A team (one row of the grid).
   *
   * @param rowId the feed's row id ({@code r<rowId>})
   * @param number shown in the {@code no} column
   * @param gridPosition starting position, from 1
   * @param drivers in driving order
   */
  public record Team(int rowId, String number, String name, int gridPosition,
      List<Driver> drivers) {

    /** Copies the list. */
    public Team {
      drivers = List.copyOf(drivers);
    }
  }

  /**
   * A stint: from the green light or a pit-out to a pit-in or the team's finish.
   *
   * @param stint its number in the team's race, from 1
   * @param fromLap laps shown when it started
   * @param toLap laps shown when it ended
   */
  public record Stint(int rowId, int stint, String driver, int kart, long fromMs, long toMs,
      int fromLap, int toLap) {

    /** Its length. */
    public long durationMs() {
      return toMs - fromMs;
    }
  }

  /**
   * A pit stop: the team leaves its kart at the back of a row at pit-in and takes the front kart of
   * the same row at pit-out.
   *
   * @param stop its number in the team's race, from 1
   * @param lapIn laps shown at pit-in
   * @param row pit lane row used, from 1
   */
  public record PitStop(int rowId, int stop, int lapIn, long inMs, long outMs, int row,
      int kartLeft, int kartTaken, String driverOut, String driverIn) {

    /** Time in the pit lane. */
    public long durationMs() {
      return outMs - inMs;
    }
  }

  /**
   * A lap penalty: the laps cell goes down by {@code laps}.
   *
   * @param atMs when the laps cell went down (race control's message came a little earlier)
   */
  public record Penalty(int rowId, String number, long atMs, int laps, String reason) {
  }

  /**
   * The neutralised period.
   *
   * @param fromMs {@code light|ly|}
   * @param toMs {@code light|lg|} again
   */
  public record Yellow(long fromMs, long toMs) {
  }

  /**
   * The mid-race reconnect: the frames of {@code [droppedFromMs, atMs)} never arrived, then the
   * server sent a new {@code init|r|} snapshot of the same session at {@code atMs}.
   */
  public record Reconnect(long atMs, long droppedFromMs, int droppedFrames) {
  }

  /**
   * A recording hole: the frames of {@code [fromMs, toMs)} never arrived, then the server sent a
   * new {@code init|r|} snapshot of the same session at {@code toMs}.
   */
  public record Hole(long fromMs, long toMs) {

    /** Whether {@code at} falls in the hole. */
    public boolean covers(long at) {
      return at >= fromMs && at < toMs;
    }
  }

  /**
   * A team's final standing, as the page shows it at the end.
   *
   * @param driver the driver on track at the finish
   */
  public record Result(int position, int rowId, String number, String name, int laps, int pits,
      long bestLapMs, long lastLapMs, String driver) {
  }

  /** The result of a row, or null. */
  public Result result(int rowId) {
    for (Result r : results) {
      if (r.rowId() == rowId) {
        return r;
      }
    }
    return null;
  }

  /** The truth as JSON: snake_case keys in a fixed order, 2-space indentation, one line per kart,
   * driver, stint, stop, penalty and result, final newline. */
  public String toJson() {
    Json j = new Json();
    j.beginObject();
    j.name("settings").beginObject()
        .field("teams", settings.teams())
        .field("karts", settings.karts())
        .field("hours", settings.hours())
        .field("pit_rows", settings.pitRows())
        .field("min_pits", settings.minPits())
        .field("pit_time_s", settings.pitTimeS())
        .field("max_stint_min", settings.maxStintMin())
        .field("drivers_per_team", settings.driversPerTeam())
        .field("seed", settings.seed())
        .endObject();
    j.field("event_code", eventCode)
        .field("title1", title1)
        .field("title2", title2)
        .field("track", track)
        .field("track_length_m", trackLengthM)
        .field("start_at_ms", startAtMs)
        .field("green_at_ms", greenAtMs)
        .field("countdown_end_at_ms", countdownEndAtMs)
        .field("chequered_at_ms", chequeredAtMs)
        .field("end_at_ms", endAtMs)
        .field("base_lap_ms", baseLapMs)
        .field("label_threshold_ms", labelThresholdMs);
    j.name("yellow").beginObject()
        .field("from_ms", yellow.fromMs())
        .field("to_ms", yellow.toMs())
        .endObject();
    j.name("reconnect").beginObject()
        .field("at_ms", reconnect.atMs())
        .field("dropped_from_ms", reconnect.droppedFromMs())
        .field("dropped_frames", reconnect.droppedFrames())
        .endObject();
    if (!holes.isEmpty()) {
      j.name("holes").beginArray(false);
      for (Hole h : holes) {
        j.beginObject(true).field("from_ms", h.fromMs()).field("to_ms", h.toMs()).endObject();
      }
      j.endArray();
    }
    j.field("junk_frames", junkFrames)
        .field("frames", frames)
        .field("lines", lines);
    j.name("karts").beginArray(false);
    for (Kart k : karts) {
      j.beginObject(true).field("kart", k.kart()).field("effect_ms", k.effectMs())
          .field("label", k.label().code()).endObject();
    }
    j.endArray();
    rows(j, "initial_rows", initialRows);
    rows(j, "final_rows", finalRows);
    j.name("teams").beginArray(false);
    for (Team t : teams) {
      j.beginObject().field("row_id", t.rowId()).field("number", t.number())
          .field("name", t.name()).field("grid_position", t.gridPosition());
      j.name("drivers").beginArray(false);
      for (Driver d : t.drivers()) {
        j.beginObject(true).field("name", d.name()).field("skill_ms", d.skillMs())
            .field("driving_ms", d.drivingMs()).field("stints", d.stints()).endObject();
      }
      j.endArray().endObject();
    }
    j.endArray();
    j.name("stints").beginArray(false);
    for (Stint s : stints) {
      j.beginObject(true).field("row_id", s.rowId()).field("stint", s.stint())
          .field("driver", s.driver()).field("kart", s.kart()).field("from_ms", s.fromMs())
          .field("to_ms", s.toMs()).field("from_lap", s.fromLap()).field("to_lap", s.toLap())
          .endObject();
    }
    j.endArray();
    j.name("pit_stops").beginArray(false);
    for (PitStop p : pitStops) {
      j.beginObject(true).field("row_id", p.rowId()).field("stop", p.stop())
          .field("lap_in", p.lapIn()).field("in_ms", p.inMs()).field("out_ms", p.outMs())
          .field("row", p.row()).field("kart_left", p.kartLeft())
          .field("kart_taken", p.kartTaken()).field("driver_out", p.driverOut())
          .field("driver_in", p.driverIn()).endObject();
    }
    j.endArray();
    j.name("penalties").beginArray(false);
    for (Penalty p : penalties) {
      j.beginObject(true).field("row_id", p.rowId()).field("number", p.number())
          .field("at_ms", p.atMs()).field("laps", p.laps()).field("reason", p.reason())
          .endObject();
    }
    j.endArray();
    j.name("results").beginArray(false);
    for (Result r : results) {
      j.beginObject(true).field("position", r.position()).field("row_id", r.rowId())
          .field("number", r.number()).field("name", r.name()).field("laps", r.laps())
          .field("pits", r.pits()).field("best_lap_ms", r.bestLapMs())
          .field("last_lap_ms", r.lastLapMs()).field("driver", r.driver()).endObject();
    }
    j.endArray();
    j.endObject();
    return j.toString();
  }

  private static void rows(Json j, String name, List<List<Integer>> rows) {
    j.name(name).beginArray(false);
    for (List<Integer> row : rows) {
      j.beginArray(true);
      for (int k : row) {
        j.value(k);
      }
      j.endArray();
    }
    j.endArray();
  }
}
