package lts.core.event;

/** The interval (to the car ahead) cell of a row changed. */
public record IntervalChanged(String id, String eventCode, int session, long at,
    int rowId, Gap interval) implements RaceEvent {
}
