package lts.core.event;

/**
 * A lap was completed.
 *
 * @param lap the lap number as displayed (laps column), or derived from last-lap updates when the
 *     session has no laps column ({@code derived} true; see docs/LAPS.md)
 * @param lapTimeMs the lap time, null when the feed did not show one
 * @param driver the driver on track when the lap ended, null when unknown
 */
public record LapCompleted(String id, String eventCode, int session, long at,
    int rowId, int lap, Long lapTimeMs, String driver, boolean derived) implements RaceEvent {
}
