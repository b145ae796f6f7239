package lts.core.protocol;

/** The running counts behind {@link FeedStats}: what the engine read and what it could not use. */
final class FeedCounters {

  private final long[] unparsed = new long[Unparsed.values().length];
  private long frames;
  private long lines;
  private long events;
  private long invalidText;
  private long ignoredLines;
  private long lapsWithoutTime;
  private long leaderGapChecks;
  private long leaderGapMismatches;
  private long derivedLapCorrections;
  private long timeGapChecks;
  private long timeGapMismatches;

  void frameRead() {
    frames++;
  }

  void lineRead() {
    lines++;
  }

  void eventEmitted() {
    events++;
  }

  void unparsed(Unparsed why) {
    unparsed[why.ordinal()]++;
  }

  /** A junk frame that held invalid UTF-8 (U+FFFD). */
  void invalidText() {
    invalidText++;
  }

  /** A line understood and deliberately ignored (decoration, animation). */
  void lineIgnored() {
    ignoredLines++;
  }

  void lapWithoutTime() {
    lapsWithoutTime++;
  }

  /** The leader's {@code Tour N} compared with its lap count. */
  void leaderGapChecked(boolean agreed) {
    leaderGapChecks++;
    if (!agreed) {
      leaderGapMismatches++;
    }
  }

  /** A time gap read against the crossings of the row it is measured from, and the lap count. */
  void timeGapChecked(boolean agreed) {
    timeGapChecks++;
    if (!agreed) {
      timeGapMismatches++;
    }
  }

  void derivedLapCorrected() {
    derivedLapCorrections++;
  }

  FeedStats stats() {
    return new FeedStats(frames, lines, events, count(Unparsed.JUNK_FRAME), invalidText,
        count(Unparsed.NOT_A_LINE), count(Unparsed.UNKNOWN_KEY), count(Unparsed.UNKNOWN_ROW),
        count(Unparsed.UNKNOWN_COLUMN), count(Unparsed.BAD_VALUE), count(Unparsed.BAD_GRID),
        ignoredLines, lapsWithoutTime, leaderGapChecks, leaderGapMismatches,
        derivedLapCorrections, timeGapChecks, timeGapMismatches);
  }

  private long count(Unparsed why) {
    return unparsed[why.ordinal()];
  }
}
