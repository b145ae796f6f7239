package lts.core.standings;

/**
 * One competitor's displayed state: what the timing page shows for a row. Unknown is null.
 *
 * @param name team name (endurance) or driver name (sprint), the text shown with class {@code dr}
 * @param driver current driver (class {@code drteam}), null when never shown
 */
public record TeamStanding(int rowId, String number, String name, String driver, Integer position,
    Integer laps, Long lastLapMs, Long bestLapMs, Integer pits, boolean inPit) {
}
