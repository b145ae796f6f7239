package lts.core.event;

/** The race light ({@code light|lX|}). */
public enum Light {
  GREEN, RED, YELLOW, FINISHED, SAFETY_CAR;

  /** Maps the feed's code ({@code lg lr ly lf lsc}); null when unknown. */
  public static Light fromCode(String code) {
    switch (code) {
      case "lg":
        return GREEN;
      case "lr":
        return RED;
      case "ly":
        return YELLOW;
      case "lf":
        return FINISHED;
      case "lsc":
        return SAFETY_CAR;
      default:
        return null;
    }
  }
}
