package lts.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps what really happened as the race goes (stints, stops, penalties) and, at the end, puts
 * it together with what was hidden from the start (kart and driver effects, the pit lane rows)
 * into the {@link Truth} the tests compare with.
 */
final class TruthRecorder {

  /** A kart is good at {@code -threshold} or faster, bad at {@code +threshold} or slower. */
  static final long LABEL_THRESHOLD_MS = 150;

  private final List<Truth.Stint> stints = new ArrayList<>();
  private final List<Truth.PitStop> pitStops = new ArrayList<>();
  private final List<Truth.Penalty> penalties = new ArrayList<>();

  /** The label of a kart with this effect. */
  static Truth.Label label(long effectMs) {
    return effectMs <= -LABEL_THRESHOLD_MS ? Truth.Label.GOOD
        : effectMs >= LABEL_THRESHOLD_MS ? Truth.Label.BAD : Truth.Label.NEUTRAL;
  }

  /** {@code x}'s current stint ends at {@code at} (pit-in or finish). */
  void stintEnded(RacingTeam x, long at) {
    stints.add(new Truth.Stint(x.rowId, x.stintNo, x.driverOnTrack().name(), x.kart,
        x.stintStart, at, x.stintStartLap, x.laps));
  }

  /** {@code x} leaves the pit lane at {@code at} with kart {@code taken}. */
  void pitStop(RacingTeam x, PitVisit visit, long at, int taken, String driverOut,
      String driverIn) {
    pitStops.add(new Truth.PitStop(x.rowId, x.pits, visit.lapIn(), visit.inAt(), at,
        visit.row() + 1, visit.kartLeft(), taken, driverOut, driverIn));
  }

  void penalty(RacingTeam t, long at, int laps, String reason) {
    penalties.add(new Truth.Penalty(t.rowId, t.number, at, laps, reason));
  }

  /** The race, after the last team finished. */
  Truth truth(Race race) {
    List<Truth.Kart> karts = new ArrayList<>();
    LapTimeModel model = race.laps();
    for (int k = 1; k <= model.karts(); k++) {
      long e = model.kartEffectMs(k);
      karts.add(new Truth.Kart(k, e, label(e)));
    }
    List<Truth.Team> teamList = new ArrayList<>();
    for (RacingTeam t : race.teams()) {
      List<Truth.Driver> ds = new ArrayList<>();
      for (int d = 0; d < t.drivers.size(); d++) {
        Driver driver = t.drivers.get(d);
        ds.add(new Truth.Driver(driver.name(), driver.skillMs(), t.drivingMs(d),
            t.stintsDriven(d)));
      }
      teamList.add(new Truth.Team(t.rowId, t.number, t.name, t.gridPos, ds));
    }
    List<Truth.Stint> stintList = new ArrayList<>(stints);
    stintList.sort(Comparator.comparingInt(Truth.Stint::rowId)
        .thenComparingInt(Truth.Stint::stint));
    List<Truth.PitStop> stopList = new ArrayList<>(pitStops);
    stopList.sort(Comparator.comparingInt(Truth.PitStop::rowId)
        .thenComparingInt(Truth.PitStop::stop));
    List<Truth.Result> results = new ArrayList<>();
    for (RacingTeam t : race.standings().byPosition()) {
      results.add(new Truth.Result(t.position, t.rowId, t.number, t.name, t.laps, t.pits,
          t.bestMs, t.lastMs, t.driverOnTrack().name()));
    }
    RaceSettings settings = race.settings();
    RaceTimeline time = race.timeline();
    FeedConnection.Counts sent = race.sent();
    return new Truth(settings, RaceSimulator.eventCode(settings), race.title1(), ApexFeed.TITLE2,
        ApexFeed.TRACK, ApexFeed.TRACK_M, time.startAt(), time.greenAt(), time.countdownEnd(),
        race.chequeredAt(), sent.lastFrameAt(), Math.round(model.baseLapMs()),
        LABEL_THRESHOLD_MS, new Truth.Yellow(time.yellowFrom(), time.yellowTo()),
        new Truth.Reconnect(time.reconnectAt(), time.dropFrom(), sent.dropped()), sent.junk(),
        sent.frames(), sent.lines(), karts, race.pitLane().initialRows(), race.pitLane().rows(),
        teamList, stintList, stopList, penalties, results, race.holes());
  }

  /**
   * The finished race as the recorder needs it.
   *
   * @param teams by team index
   * @param chequeredAt when the chequered flag fell
   * @param sent what the connection sent and lost
   * @param holes the recording holes asked for
   */
  record Race(RaceSettings settings, String title1, RaceTimeline timeline, LapTimeModel laps,
      PitLane pitLane, List<RacingTeam> teams, Standings standings, long chequeredAt,
      FeedConnection.Counts sent, List<Truth.Hole> holes) {
  }
}
