package lts.core.event;

/**
 * A competitor (grid row) exists, or its number or team name changed. Consumers upsert by
 * {@code rowId}. {@code name} is the text shown with class {@code dr} (team name in endurance,
 * driver name in sprints); null until the feed shows it.
 */
public record CompetitorRegistered(String id, String eventCode, int session, long at,
    int rowId, String number, String name) implements RaceEvent {
}
