package lts.core.event;

/**
 * A gap or interval cell: a time ({@code 1.234}, {@code 1:02.345}), a number of laps
 * ({@code 1 Tour}, {@code 2 Vueltas}), the leader's own cell ({@code Tour 37}: {@code laps} holds
 * the leader's lap count) or nothing.
 *
 * @param kind what the text says
 * @param ms the time when {@code kind} is {@link Kind#TIME}, else null
 * @param laps laps behind ({@link Kind#LAPS}) or the leader's lap count ({@link Kind#LEADER}), else null
 * @param text the text as displayed
 */
public record Gap(Kind kind, Long ms, Integer laps, String text) {

  public enum Kind { TIME, LAPS, LEADER, NONE, OTHER }

  public static final Gap NONE = new Gap(Kind.NONE, null, null, "");
}
