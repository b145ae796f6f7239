package lts.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KartScoreTest {

  @Test
  void theScoreIsTheMedianDeltaAndTheBandSplitsGoodAndBad() {
    KartScore good = KartScore.of(List.of(-400L, -300L, -250L, -900L, 100L), 250, 5);
    assertThat(good.scoreMs()).isEqualTo(-300);
    assertThat(good.label()).isEqualTo(KartLabel.GOOD);
    assertThat(good.laps()).isEqualTo(5);

    KartScore bad = KartScore.of(List.of(250L, 300L, 260L, 900L, -100L, 400L), 250, 5);
    assertThat(bad.scoreMs()).isEqualTo(280); // (260 + 300) / 2
    assertThat(bad.label()).isEqualTo(KartLabel.BAD);

    KartScore between = KartScore.of(List.of(-100L, 0L, 100L, 200L, -249L), 250, 5);
    assertThat(between.scoreMs()).isEqualTo(0);
    assertThat(between.label()).isEqualTo(KartLabel.UNKNOWN);
  }

  @Test
  void fewerThanTheMinimumOfCleanLapsIsUnknownButKeepsItsScore() {
    KartScore few = KartScore.of(List.of(-900L, -800L, -700L, -600L), 250, 5);
    assertThat(few.label()).isEqualTo(KartLabel.UNKNOWN);
    assertThat(few.scoreMs()).isEqualTo(-750);
    assertThat(KartScore.of(List.of(), 250, 5)).isEqualTo(KartScore.NONE);
    assertThat(KartScore.NONE.scoreMs()).isNull();
  }

  @Test
  void theBandEdgesBelongToGoodAndBad() {
    assertThat(KartScore.of(List.of(-250L), 250, 1).label()).isEqualTo(KartLabel.GOOD);
    assertThat(KartScore.of(List.of(250L), 250, 1).label()).isEqualTo(KartLabel.BAD);
    assertThat(KartScore.of(List.of(249L), 250, 1).label()).isEqualTo(KartLabel.UNKNOWN);
    assertThatThrownBy(() -> KartScore.of(List.of(1L), -1, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
