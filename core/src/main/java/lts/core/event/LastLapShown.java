package lts.core.event;

/**
 * The last-lap cell shows a time that belongs to no newly completed lap (a snapshot, a
 * correction of the last lap time); null clears it.
 */
public record LastLapShown(String id, String eventCode, int session, long at,
    int rowId, Long lapTimeMs) implements RaceEvent {
}
