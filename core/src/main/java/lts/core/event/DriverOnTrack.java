package lts.core.event;

/**
 * The driver of a team and his cumulative driving time as Apex shows it ({@code NAME [h:mm]},
 * class {@code drteam}); emitted when the driver or the displayed minutes change.
 *
 * @param drivingTimeMs cumulative driving time (minute resolution), null when not shown
 */
public record DriverOnTrack(String id, String eventCode, int session, long at,
    int rowId, String driver, Long drivingTimeMs) implements RaceEvent {
}
