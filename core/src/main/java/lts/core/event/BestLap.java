package lts.core.event;

/** The best-lap cell of a row changed; null when cleared. */
public record BestLap(String id, String eventCode, int session, long at,
    int rowId, Long lapTimeMs) implements RaceEvent {
}
