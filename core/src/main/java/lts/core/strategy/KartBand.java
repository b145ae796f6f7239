package lts.core.strategy;

/** The label of a stint's kart from its effect: which side of the band it is on, if known. */
final class KartBand {

  private KartBand() {
  }

  /**
   * GOOD at or below {@code -bandMs}, BAD at or above {@code bandMs}; UNKNOWN inside the band, with
   * fewer than {@code minCleanLaps} laps or a posterior sd above {@code maxSdMs}.
   */
  static KartLabel label(KartModel.Settings s, int laps, double effectMs, double sdMs) {
    if (laps < s.minCleanLaps() || sdMs > s.maxSdMs()) {
      return KartLabel.UNKNOWN;
    } else if (effectMs <= -s.bandMs()) {
      return KartLabel.GOOD;
    } else if (effectMs >= s.bandMs()) {
      return KartLabel.BAD;
    } else {
      return KartLabel.UNKNOWN;
    }
  }
}
