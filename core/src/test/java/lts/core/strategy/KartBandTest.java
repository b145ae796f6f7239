package lts.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KartBandTest {

  private static final KartModel.Settings BAND_50 = KartModel.Settings.DEFAULT; // 3 laps, sd 200

  @Test
  void anEffectAtTheLowerEdgeOfTheBandIsGood() {
    assertThat(KartBand.label(BAND_50, 10, -50, 100)).isEqualTo(KartLabel.GOOD);
  }

  @Test
  void anEffectAtTheUpperEdgeOfTheBandIsBad() {
    assertThat(KartBand.label(BAND_50, 10, 50, 100)).isEqualTo(KartLabel.BAD);
  }

  @Test
  void anEffectInsideTheBandIsUnknown() {
    assertThat(KartBand.label(BAND_50, 10, 49, 100)).isEqualTo(KartLabel.UNKNOWN);
  }

  @Test
  void tooFewLapsOrTooUncertainIsUnknownHoweverLargeTheEffect() {
    assertThat(KartBand.label(BAND_50, 2, -400, 100)).isEqualTo(KartLabel.UNKNOWN);
    assertThat(KartBand.label(BAND_50, 10, -400, 201)).isEqualTo(KartLabel.UNKNOWN);
  }
}
