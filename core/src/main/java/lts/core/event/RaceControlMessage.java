package lts.core.event;

/**
 * A race-control log entry ({@code com||HTML}, tags removed) or banner ({@code msg||TEXT}).
 *
 * @param channel {@code com} or {@code msg}
 */
public record RaceControlMessage(String id, String eventCode, int session, long at,
    String channel, String text) implements RaceEvent {
}
