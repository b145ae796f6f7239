package lts.core.event;

/**
 * The session clock: {@code dyn1|countdown|MS} (remaining), {@code dyn1|count|MS} (elapsed) or
 * {@code dyn1|text|TEXT}.
 *
 * @param ms milliseconds, null for a text clock that is not a time
 */
public record RemainingTime(String id, String eventCode, int session, long at,
    Clock clock, Long ms, String text) implements RaceEvent {

  public enum Clock { COUNTDOWN, ELAPSED, TEXT }
}
