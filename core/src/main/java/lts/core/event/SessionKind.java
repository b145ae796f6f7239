package lts.core.event;

/** What Apex says is running: {@code init|r|} race, {@code init|p|} practice/qualifying, {@code init|n|} none. */
public enum SessionKind {
  RACE, PRACTICE, NONE;

  /** The JSON/summary spelling: {@code race}, {@code practice}, {@code none}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
