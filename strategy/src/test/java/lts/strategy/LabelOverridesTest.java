package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import lts.core.strategy.KartLabel;
import org.junit.jupiter.api.Test;

class LabelOverridesTest {

  final LabelOverrides overrides = new LabelOverrides(Map.of("3/2", " good ", "4/1", "great"));

  @Test
  void aLabelSetByHandIsReadWhateverItsCaseAndSpaces() {
    assertThat(overrides.of(3, 2)).isEqualTo(KartLabel.GOOD);
  }

  @Test
  void aStintWithoutOneOrWithOneThatIsNotALabelHasNone() {
    assertThat(overrides.of(3, 1)).isNull();
    assertThat(overrides.of(4, 1)).isNull();
    assertThat(overrides.of(null, 1)).isNull();
    assertThat(LabelOverrides.NONE.of(3, 2)).isNull();
  }
}
