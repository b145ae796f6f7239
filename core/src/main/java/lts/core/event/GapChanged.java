package lts.core.event;

/** The gap-to-leader cell of a row changed. */
public record GapChanged(String id, String eventCode, int session, long at,
    int rowId, Gap gap) implements RaceEvent {
}
