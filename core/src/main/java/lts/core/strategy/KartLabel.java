package lts.core.strategy;

/** How good the kart of a stint is, as the users know it: green, red, blue. */
public enum KartLabel {
  GOOD("green"), BAD("red"), UNKNOWN("blue");

  private final String colour;

  KartLabel(String colour) {
    this.colour = colour;
  }

  /** The colour the dashboard paints it. */
  public String colour() {
    return colour;
  }
}
