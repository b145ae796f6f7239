package lts.core.event;

/**
 * The lap count changed other than by one completed lap: a penalty or correction by race control
 * (the count may go down), laps missed while disconnected, the first count seen in a snapshot,
 * or a derived count re-anchored to the leader's gap.
 *
 * @param from the previous count, null when unknown
 * @param to the count now displayed (or derived), null when race control cleared the cell
 * @param reason {@code feed}, {@code snapshot}, {@code resnapshot}, {@code leader_gap}, {@code gap_check}
 */
public record LapCountCorrected(String id, String eventCode, int session, long at,
    int rowId, Integer from, Integer to, String reason) implements RaceEvent {
}
