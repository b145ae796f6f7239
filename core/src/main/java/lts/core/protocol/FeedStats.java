package lts.core.protocol;

/**
 * Counters of what the engine read and what it could not use. Nothing the feed sends makes the
 * engine throw: bad input ends up here (and as {@code unparsed_line} events).
 *
 * @param frames frames accepted
 * @param lines non-empty lines read
 * @param events events emitted
 * @param junkFrames frames that are not Apex lines at all (HTTP probes, TLS bytes)
 * @param invalidText junk frames that held invalid UTF-8 (U+FFFD)
 * @param notALine lines without the {@code key|param|value} shape inside a good frame
 * @param unknownKeys lines with a key or parameter the engine does not know
 * @param unknownRows cell or row lines for a row id that is not in the grid
 * @param unknownColumns cell lines for a column that is not in the grid's header
 * @param badValues values that could not be read (a lap count that is not a number, a bad light)
 * @param badGrids grid HTML that was cut or garbled
 * @param ignoredLines lines understood and deliberately ignored (decoration, animations)
 * @param lapsWithoutTime laps whose time the feed never showed (laps count went up alone)
 * @param leaderGapChecks times the leader's gap text ({@code Tour N}) was compared with the lap count
 * @param leaderGapMismatches of those, how many disagreed (corrected in sessions without a laps column)
 * @param derivedLapCorrections derived lap counts corrected by the gap cross-check
 * @param timeGapChecks time gaps read against the crossings of the row they are measured from
 * @param timeGapMismatches of those, how many disagreed with the lap count (corrected when derived)
 */
public record FeedStats(long frames, long lines, long events, long junkFrames, long invalidText,
    long notALine, long unknownKeys, long unknownRows, long unknownColumns, long badValues,
    long badGrids, long ignoredLines, long lapsWithoutTime, long leaderGapChecks,
    long leaderGapMismatches, long derivedLapCorrections, long timeGapChecks,
    long timeGapMismatches) {

  /** Lines or frames the engine could not use: the "unparsed" total. */
  public long unparsed() {
    return junkFrames + notALine + unknownKeys + unknownRows + unknownColumns + badValues + badGrids;
  }
}
