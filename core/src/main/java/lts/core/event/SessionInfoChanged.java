package lts.core.event;

/** Titles or track changed outside a snapshot ({@code title1||}, {@code title2||}, {@code track||}). */
public record SessionInfoChanged(String id, String eventCode, int session, long at,
    String title1, String title2, String track) implements RaceEvent {
}
