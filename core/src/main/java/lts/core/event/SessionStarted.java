package lts.core.event;

/**
 * A new session began ({@code init} with titles, track and grid that do not match the running
 * session). The competitors follow as {@link CompetitorRegistered} events.
 */
public record SessionStarted(String id, String eventCode, int session, long at,
    SessionKind kind, String title1, String title2, String track) implements RaceEvent {
}
