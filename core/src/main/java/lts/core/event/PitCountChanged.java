package lts.core.event;

/**
 * The pit-stop counter of a row ({@code pit} column): the authority for the number of stops.
 * Null when race control cleared the cell.
 */
public record PitCountChanged(String id, String eventCode, int session, long at,
    int rowId, Integer pits) implements RaceEvent {
}
