package lts.core.event;

/**
 * A row left the pit lane ({@code rX|*out|}).
 *
 * @param pitTimeMs the last pit clock Apex showed (class {@code to} of the {@code otr} column),
 *     null when the feed showed none
 * @param inAt when the row entered the lane, on the race clock: its pit-in frame's instant, or
 *     later where the pit clock's ticks tell (a frame without evidence of time read as fast as
 *     possible keeps the last evidence's instant); null when the feed showed no pit-in
 */
public record PitOut(String id, String eventCode, int session, long at,
    int rowId, Long pitTimeMs, Long inAt) implements RaceEvent {
}
