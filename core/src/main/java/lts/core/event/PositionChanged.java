package lts.core.event;

/** A row's position ({@code rX|#|N}, or {@code data-pos} in the grid). */
public record PositionChanged(String id, String eventCode, int session, long at,
    int rowId, int position) implements RaceEvent {
}
