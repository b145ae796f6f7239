package lts.core.event;

/** The race light changed (green, red, yellow, finished, safety car). */
public record LightChanged(String id, String eventCode, int session, long at,
    Light light) implements RaceEvent {
}
