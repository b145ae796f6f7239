package lts.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One run of the race model: a discrete-event simulation in feed time. Every state change is an
 * event in a time-ordered queue (ties broken by scheduling order, so runs are reproducible); each
 * event writes at most a few small frames, as the Apex server does. See docs/SIMULATOR.md.
 *
 * <p>The coordinator: it draws the race, then plays the events, moving the teams and asking its
 * collaborators for laps ({@link LapTimeModel}), stops ({@link StintPlanner}, {@link PitLane}),
 * flags ({@link RaceControl}) and frames ({@link ApexFeed}, {@link CrossingLines}), while
 * {@link TruthRecorder} keeps what really happened.
 */
final class Simulation<X extends Exception> {

  static final double START_LAP_EXTRA_MS = 2_500;
  static final double START_GRID_GAP_MS = 350;
  static final double OUT_PORTION = 0.36;
  static final double IN_LAP_EXTRA_MS = 300;
  static final double OUT_LAP_EXTRA_MS = 500;

  private final RaceSettings settings;
  private final SplittableRandom events;
  private final RaceTimeline timeline;
  private final List<Truth.Hole> holes;
  private final LapTimeModel laps;
  private final StintPlanner planner;
  private final PitLane pitLane;
  private final List<RacingTeam> teams;
  private final Standings standings;
  private final EventQueue queue = new EventQueue();
  private final FeedConnection<X> connection;
  private final ApexFeed<X> feed;
  private final CrossingLines<X> crossings;
  private final TruthRecorder truth = new TruthRecorder();
  private final RaceControl<X> control;

  private int finished;
  private boolean ended;

  Simulation(RaceSettings settings, FeedStyle style, FrameSink<X> sink) {
    this.holes = style.place(RaceTimeline.greenAt(settings), settings.durationMs());
    this.settings = settings;
    SplittableRandom master = new SplittableRandom(settings.seed());
    SplittableRandom setup = master.split();
    this.events = master.split();

    // a seed is a race: the draws from 'setup' are made in this order
    double baseLapMs = LapTimeModel.drawBaseLap(setup);
    double tempAmpMs = LapTimeModel.drawTempAmp(setup);
    timeline = RaceTimeline.draw(settings, setup);
    laps = new LapTimeModel(baseLapMs, tempAmpMs,
        LapTimeModel.drawKartEffects(settings.karts(), setup), timeline);
    // the first karts (shuffled) go to the teams, the rest to the pit lane rows
    int[] kartOrder = Draws.shuffledRange(1, settings.karts(), setup);
    StartingGrid grid = StartingGrid.draw(settings, setup, master, kartOrder);
    teams = grid.teams();
    pitLane = new PitLane(settings.pitRows(),
        Arrays.copyOfRange(kartOrder, teams.size(), kartOrder.length),
        settings.pitTimeS() * 1000L);
    planner = new StintPlanner(settings, laps, timeline);
    for (RacingTeam t : teams) {
      t.plan = planner.plan(setup);
    }

    standings = new Standings(grid.gridOrder());
    connection = new FeedConnection<>(sink, timeline, holes);
    feed = new ApexFeed<>(connection, timeline, ApexFeed.raceTitle(settings.hours()),
        style, grid.gridOrder());
    crossings = new CrossingLines<>(feed, standings);
    control = new RaceControl<>(timeline, feed, standings, truth, queue, events);
  }

  Truth run() throws X {
    long startAt = timeline.startAt();
    long greenAt = timeline.greenAt();
    feed.snapshot(startAt, control.light(), control.flagOut());

    queue.schedule(startAt + 10_000, new SimEvent.TeamNames());
    queue.schedule(startAt + 30_000, new SimEvent.DriverNames());
    queue.schedule(greenAt, new SimEvent.GreenLight());
    queue.schedule(greenAt + 30_000 + events.nextInt(400), new SimEvent.Countdown());
    queue.schedule(timeline.yellowFrom(), new SimEvent.YellowLight());
    queue.schedule(timeline.yellowTo(), new SimEvent.YellowEnd());
    queue.schedule(timeline.reconnectAt(), new SimEvent.Reconnect());
    for (Truth.Hole h : holes) {
      queue.schedule(h.toMs(), new SimEvent.Reconnect());
    }
    control.schedulePenalty(teams);

    int junkCount = 2 + events.nextInt(3);
    for (int i = 0; i < junkCount; i++) {
      long at = startAt + (long) ((timeline.countdownEnd() - startAt) * events.nextDouble());
      if (connection.downAt(at)) {
        at = timeline.reconnectAt() + 1_000; // every junk frame injected is received
      }
      queue.schedule(at, new SimEvent.Junk(events.nextInt(1_000_000)));
    }

    EventQueue.Scheduled next;
    while (!ended && (next = queue.next()) != null) {
      handle(next.at(), next.event());
    }
    return truth.truth(new TruthRecorder.Race(settings, feed.title1(), timeline, laps, pitLane,
        teams, standings, control.chequeredAt(), connection.counts(), holes));
  }

  private void handle(long at, SimEvent event) throws X {
    if (event instanceof SimEvent.Crossing e) {
      cross(e.team(), at);
    } else if (event instanceof SimEvent.PitIn e) {
      pitIn(e.team(), at);
    } else if (event instanceof SimEvent.PitOut e) {
      pitOut(e.team(), at);
    } else if (event instanceof SimEvent.PitClock e) {
      pitClock(e.team(), at, e.gen(), e.second());
    } else if (event instanceof SimEvent.TrackClock e) {
      trackClock(e.team(), at, e.gen(), e.minute());
    } else if (event instanceof SimEvent.Countdown) {
      control.countdown(at, ended);
    } else if (event instanceof SimEvent.DriverNames) {
      feed.driverNames(at);
      queue.schedule(at + 30_000, event);
    } else if (event instanceof SimEvent.TeamNames) {
      feed.teamNames(at);
      queue.schedule(at + 30_000, event);
    } else if (event instanceof SimEvent.GreenLight) {
      green(at);
    } else if (event instanceof SimEvent.YellowLight) {
      control.yellow(at);
    } else if (event instanceof SimEvent.YellowEnd) {
      for (RacingTeam t : teams) {
        if (!t.inPit()) {
          planner.replan(t, t.stintStart);
        }
      }
      control.yellowEnd(at);
    } else if (event instanceof SimEvent.PenaltyAnnounced e) {
      control.announcePenalty(e.team(), at, e.laps(), e.reason());
    } else if (event instanceof SimEvent.PenaltyApplied e) {
      control.applyPenalty(e.team(), at, e.laps(), e.reason());
    } else if (event instanceof SimEvent.Reconnect) {
      feed.snapshot(at, control.light(), control.flagOut());
    } else if (event instanceof SimEvent.Junk e) {
      connection.sendJunk(at, e.variant());
    } else {
      throw new IllegalStateException("event " + event);
    }
  }

  /** The green light: every team starts its first lap, the last row a little later. */
  private void green(long at) throws X {
    control.green(at);
    for (RacingTeam t : teams) {
      t.stintStart = at;
      t.prevCrossAt = at;
      double first = nominalLap(t, at) + START_LAP_EXTRA_MS
          + (t.gridPos - 1) * START_GRID_GAP_MS;
      queue.schedule(laps.advance(at, first), new SimEvent.Crossing(t));
      queue.schedule(at + 60_000, new SimEvent.TrackClock(t, t.gen, 1));
    }
  }

  private void cross(RacingTeam x, long at) throws X {
    boolean pitLap = x.pitLap;
    x.pitLap = false;
    long lapMs = x.crossLine(at);
    int oldPos = x.position;
    standings.savePositions();
    standings.sort();
    boolean finishing = control.flagOut()
        || at >= timeline.countdownEnd() && standings.leadsOnTrack(x);
    boolean flagFrame = finishing && !control.flagOut();
    boolean personalBest = !pitLap && (x.bestMs < 0 || lapMs < x.bestMs);
    boolean overallBest = personalBest && standings.beatsOverallBest(lapMs);
    feed.begin();
    if (flagFrame) {
      control.chequered(at);
    }
    crossings.write(new CrossingLines.Crossing(x, at, lapMs, oldPos, pitLap, finishing,
        personalBest, overallBest, Math.round(laps.typicalLap(x.kart, x.driverOnTrack()))));
    if (personalBest) {
      x.bestMs = lapMs;
    }
    x.lastMs = lapMs;
    if (overallBest) {
      standings.newOverallBest(x, lapMs);
    }
    if (flagFrame) {
      control.countdownGone(at);
    }
    if (finishing) {
      x.finished = true;
      endStint(x, at);
      finished++;
      if (finished == teams.size()) {
        ended = true;
      }
      return;
    }
    if (planner.shouldPit(x, at, control.flagOut())) {
      x.pitLap = true;
      double in = nominalLap(x, at) * StintPlanner.IN_PORTION + IN_LAP_EXTRA_MS;
      queue.schedule(laps.advance(at, in), new SimEvent.PitIn(x));
    } else {
      queue.schedule(laps.advance(at, nominalLap(x, at)), new SimEvent.Crossing(x));
    }
  }

  private void pitIn(RacingTeam x, long at) throws X {
    endStint(x, at);
    x.pits++;
    x.gen++;
    PitVisit visit = pitLane.enter(at, x.kart, x.laps, events);
    x.pitVisit = visit;
    feed.pitIn(x, at);
    if (at + 1000 < visit.outAt()) {
      queue.schedule(at + 1000, new SimEvent.PitClock(x, x.gen, 1));
    }
    queue.schedule(visit.outAt(), new SimEvent.PitOut(x));
  }

  private void pitClock(RacingTeam x, long at, int gen, int k) throws X {
    PitVisit visit = x.pitVisit;
    if (visit == null || x.gen != gen) {
      return;
    }
    feed.pitClock(x, at, k, k == visit.duplicateTick());
    long next = visit.inAt() + (k + 1) * 1000L;
    if (next < visit.outAt()) {
      queue.schedule(next, new SimEvent.PitClock(x, gen, k + 1));
    }
  }

  private void pitOut(RacingTeam x, long at) throws X {
    PitVisit visit = x.pitVisit;
    String driverOut = x.driverOnTrack().name();
    int taken = pitLane.takeFront(visit.row());
    x.kart = taken;
    x.stintNo++;
    x.driver = (x.stintNo - 1) % x.drivers.size();
    x.pitVisit = null;
    x.gen++;
    x.stintStart = at;
    x.stintStartLap = x.laps;
    x.crossingsSinceOut = 0;
    truth.pitStop(x, visit, at, taken, driverOut, x.driverOnTrack().name());
    feed.pitOut(x, at);
    queue.schedule(at + 60_000, new SimEvent.TrackClock(x, x.gen, 1));
    planner.replan(x, at);
    double out = nominalLap(x, at) * OUT_PORTION + OUT_LAP_EXTRA_MS;
    queue.schedule(laps.advance(at, out), new SimEvent.Crossing(x));
  }

  private void trackClock(RacingTeam x, long at, int gen, int minutes) throws X {
    if (x.gen != gen || x.inPit() || x.finished || ended) {
      return;
    }
    feed.trackClock(x, at, minutes);
    queue.schedule(x.stintStart + (minutes + 1) * 60_000L,
        new SimEvent.TrackClock(x, gen, minutes + 1));
  }

  private void endStint(RacingTeam x, long at) {
    truth.stintEnded(x, at);
    x.endStint(at);
  }

  private double nominalLap(RacingTeam t, long at) {
    return laps.nominalLap(t.rng, t.kart, t.driverOnTrack(), t.crossingsSinceOut, at);
  }
}
