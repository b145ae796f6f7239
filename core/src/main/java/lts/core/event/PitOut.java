package lts.core.event;

/**
 * A row left the pit lane ({@code rX|*out|}).
 *
 * @param pitTimeMs the last pit clock Apex showed (class {@code to} of the {@code otr} column),
 *     null when the feed showed none
 */
public record PitOut(String id, String eventCode, int session, long at,
    int rowId, Long pitTimeMs) implements RaceEvent {
}
