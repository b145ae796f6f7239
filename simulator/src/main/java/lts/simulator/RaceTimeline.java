package lts.simulator;

import java.util.SplittableRandom;

/**
 * When things happen in a simulated race, decided before the start: the red light, the green
 * light, the neutralised (yellow) period, the end of the countdown and the mid-race reconnect.
 * All times are epoch milliseconds.
 *
 * @param startAt the first frame (red light)
 * @param greenAt the start of the race and of its countdown
 * @param durationMs the race length the countdown starts from
 * @param yellowFrom the yellow light
 * @param yellowTo the green light again
 * @param countdownEnd the countdown reaches zero: race length plus the frozen yellow time
 * @param reconnectAt the new snapshot after the connection was down
 * @param dropFrom the connection goes down: frames of {@code [dropFrom, reconnectAt)} are lost
 */
record RaceTimeline(long startAt, long greenAt, long durationMs, long yellowFrom, long yellowTo,
    long countdownEnd, long reconnectAt, long dropFrom) {

  /** 2026-06-01T08:00:00Z: the start of seed 0; seed s starts floorMod(s, 365) days later. */
  static final long EPOCH_MS = 1_780_300_800_000L;
  static final long DAY_MS = 86_400_000L;
  static final long GREEN_DELAY_MS = 45_000;

  /** The green light of a race with these settings (it depends on the seed only). */
  static long greenAt(RaceSettings settings) {
    return EPOCH_MS + Math.floorMod(settings.seed(), 365L) * DAY_MS + GREEN_DELAY_MS;
  }

  /** Draws the yellow period and the reconnect (three draws from {@code setup}, in this order). */
  static RaceTimeline draw(RaceSettings settings, SplittableRandom setup) {
    long durationMs = settings.durationMs();
    long startAt = EPOCH_MS + Math.floorMod(settings.seed(), 365L) * DAY_MS;
    long greenAt = startAt + GREEN_DELAY_MS;
    // the neutralised period: 30-70 % into the race, 5 % of it (1 to 8 minutes)
    long yellowLen = Math.max(60_000, Math.min(480_000, durationMs / 20));
    long yellowFrom = greenAt + (long) (durationMs * (0.30 + 0.40 * setup.nextDouble()));
    long yellowTo = yellowFrom + yellowLen;
    long countdownEnd = greenAt + durationMs + yellowLen;
    // the reconnect: 25-80 % into the race, after 5 to 20 s without frames
    long reconnectAt = greenAt + (long) (durationMs * (0.25 + 0.55 * setup.nextDouble()));
    long dropFrom = reconnectAt - 5_000 - setup.nextInt(15_000);
    return new RaceTimeline(startAt, greenAt, durationMs, yellowFrom, yellowTo, countdownEnd,
        reconnectAt, dropFrom);
  }

  /** Is the yellow light on at {@code at}. */
  boolean yellowAt(long at) {
    return at >= yellowFrom && at < yellowTo;
  }

  /** Is the spectator's connection down at {@code at} (the frame is lost). */
  boolean connectionDownAt(long at) {
    return at >= dropFrom && at < reconnectAt;
  }

  /** The countdown shown at {@code at} (after the green light): frozen during the yellow. */
  long remaining(long at) {
    long yellowLeft = at < yellowFrom ? yellowTo - yellowFrom : at < yellowTo ? yellowTo - at : 0;
    return countdownEnd - at - yellowLeft;
  }
}
