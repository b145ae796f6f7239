package lts.core.event;

/**
 * Apex re-sent a full snapshot ({@code init} + grid, typically after a reconnect) of the session
 * that was already running: history is kept; only what changed while we were away follows as
 * ordinary events (e.g. {@link LapCountCorrected} with reason {@code resnapshot}).
 */
public record SessionResumed(String id, String eventCode, int session, long at,
    SessionKind kind, String title1, String title2, String track) implements RaceEvent {
}
