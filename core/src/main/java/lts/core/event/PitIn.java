package lts.core.event;

/** A row entered the pit lane ({@code rX|*in|}); repeated lines while in the pit give one event. */
public record PitIn(String id, String eventCode, int session, long at,
    int rowId) implements RaceEvent {
}
