package lts.simulator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Race control: the lights (red, green, yellow, the chequered flag), the countdown, the
 * race-control log and the lap penalty it hands down once a race.
 *
 * @param <X> what the sink throws
 */
final class RaceControl<X extends Exception> {

  static final List<String> PENALTY_REASONS = List.of(
      "POR GOLPEAR CON VIOLENCIA EL PULSADOR", "VELOCIDAD EN PIT", "NO RESPETAR BANDERA AMARILLA",
      "CONDUCCION ANTIDEPORTIVA", "NO RESPETAR ESPACIO DEL PILOTO");

  private final RaceTimeline timeline;
  private final ApexFeed<X> feed;
  private final Standings standings;
  private final TruthRecorder truth;
  private final EventQueue queue;
  private final SplittableRandom events;

  private String light = "lr";
  private boolean flagOut;
  private long chequeredAt = -1;

  RaceControl(RaceTimeline timeline, ApexFeed<X> feed, Standings standings, TruthRecorder truth,
      EventQueue queue, SplittableRandom events) {
    this.timeline = timeline;
    this.feed = feed;
    this.standings = standings;
    this.truth = truth;
    this.queue = queue;
    this.events = events;
  }

  /** {@code lr}, {@code lg}, {@code ly} or {@code lf}. */
  String light() {
    return light;
  }

  /** The chequered flag is out: the countdown is gone, every crossing is a finish. */
  boolean flagOut() {
    return flagOut;
  }

  /** When the flag fell, or -1. */
  long chequeredAt() {
    return chequeredAt;
  }

  /** Picks the punished team, the time, the laps and the reason, and schedules the penalty. */
  void schedulePenalty(List<RacingTeam> teams) {
    RacingTeam punished = teams.get(events.nextInt(teams.size()));
    long penaltyAt = timeline.greenAt()
        + (long) (timeline.durationMs() * (0.35 + 0.40 * events.nextDouble()));
    int laps = events.nextInt(4) == 0 ? 2 : 1;
    String reason = PENALTY_REASONS.get(events.nextInt(PENALTY_REASONS.size()));
    queue.schedule(penaltyAt, new SimEvent.PenaltyAnnounced(punished, laps, reason));
    queue.schedule(penaltyAt + 3_000 + events.nextInt(15_000),
        new SimEvent.PenaltyApplied(punished, laps, reason));
  }

  /** The green light: the race and its countdown start. */
  void green(long at) throws X {
    light = "lg";
    feed.logCom(at, "green", null, "Start");
    feed.begin();
    feed.light("lg");
    feed.comLine();
    feed.countdown(timeline.durationMs());
    feed.send(at);
  }

  /**
   * The countdown line, about every 30 s until the flag (not while the yellow freezes it); the
   * next one is scheduled from here.
   *
   * @param ended the last team has finished
   */
  void countdown(long at, boolean ended) throws X {
    if (flagOut || ended) {
      return;
    }
    long remaining = timeline.remaining(at);
    if (remaining <= 0) {
      return;
    }
    if (!timeline.yellowAt(at)) {
      feed.begin();
      feed.countdown(remaining);
      feed.send(at);
    }
    queue.schedule(at + 29_800 + events.nextInt(400), new SimEvent.Countdown());
  }

  void yellow(long at) throws X {
    light = "ly";
    feed.begin();
    feed.light("ly");
    feed.countdown(timeline.remaining(at));
    feed.send(at);
  }

  /** Green again after the yellow (the teams have replanned already). */
  void yellowEnd(long at) throws X {
    light = "lg";
    feed.logCom(at, "green", null, "Start");
    feed.begin();
    feed.light("lg");
    feed.comLine();
    feed.countdown(timeline.remaining(at));
    feed.send(at);
  }

  /** The penalty is announced in the log and the banner, a little before it is applied. */
  void announcePenalty(RacingTeam t, long at, int laps, String reason) throws X {
    String text = "Penalizaci\u00f3n - " + reason + " - " + laps
        + (laps == 1 ? " Vuelta" : " Vueltas");
    feed.logCom(at, "penalty", t.number, text);
    feed.begin();
    feed.comLine();
    feed.send(at);
    feed.begin();
    feed.message("msgp", "N\u00ba." + t.number + ' ' + t.name + " : " + text);
    feed.send(at);
  }

  /** The laps cell of {@code t} goes down (not below zero, not after its finish). */
  void applyPenalty(RacingTeam t, long at, int laps, String reason) throws X {
    int down = Math.min(laps, t.laps);
    if (down <= 0 || t.finished) {
      return;
    }
    standings.savePositions();
    t.laps -= down;
    standings.sort();
    feed.lapsTaken(t, at, down, standings);
    truth.penalty(t, at, down, reason);
  }

  /** The chequered flag, at the crossing being written: its lines open that crossing's frame. */
  void chequered(long at) {
    flagOut = true;
    chequeredAt = at;
    light = "lf";
    feed.logCom(at, "chequered", null, "Llegada");
    feed.light("lf");
    feed.comLine();
  }

  /** The frame after the flag's: the countdown is gone. */
  void countdownGone(long at) throws X {
    feed.begin();
    feed.countdownGone();
    feed.send(at);
  }
}
