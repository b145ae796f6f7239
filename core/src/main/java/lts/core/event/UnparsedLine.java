package lts.core.event;

/**
 * A line (or a whole junk frame) the engine could not use. Counted in the engine's stats; never an
 * exception.
 *
 * @param reason {@code junk_frame}, {@code not_a_line}, {@code unknown_key}, {@code unknown_row},
 *     {@code unknown_column}, {@code bad_value}, {@code bad_grid}
 * @param line the offending text, cut to 200 characters
 */
public record UnparsedLine(String id, String eventCode, int session, long at,
    String reason, String line) implements RaceEvent {
}
