package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import lts.core.event.Gap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeTextTest {

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "1:05.739;65739", "59.812;59812", "1:02:03.4;3723400", "47.;47000", "1:03.;63000",
      "0:12;12000", "1:04.5;64500", "1:04.56;64560", "' 59.8 ';59800", "0.209;209"})
  void readsApexTimeTexts(String text, long ms) {
    assertThat(TimeText.parseMs(text)).isEqualTo(ms);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"''", "' '", "abc", "1:75.000", ":12", "1..2", "Tour 3", "-1.0", "1:2:3:4"})
  void unreadableTimesAreUnknownNeverZero(String text) {
    assertThat(TimeText.parseMs(text)).isEqualTo(TimeText.UNKNOWN);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "1.234;TIME;1234;", "1:02.345;TIME;62345;", "1 Tour;LAPS;;1", "2 Vueltas;LAPS;;2",
      "3 Laps;LAPS;;3", "Tour 37;LEADER;;37", "Vuelta 295;LEADER;;295", "'';NONE;;", "PIT;OTHER;;"})
  void readsGapTextsInAnyLanguage(String text, Gap.Kind kind, Long ms, Integer laps) {
    Gap gap = GapText.parse(text);
    assertThat(gap.kind()).isEqualTo(kind);
    assertThat(gap.ms()).isEqualTo(ms);
    assertThat(gap.laps()).isEqualTo(laps);
    assertThat(gap.text()).isEqualTo(text);
  }
}
