package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

class FrameLineTest {

  @Test
  void splitKeepsNonEmptyLinesAndDropsLineBreaksAndCarriageReturns() {
    assertThat(FrameLine.split("r1|#|3\r\n\n\r\ntitle1||12H\n"))
        .extracting(FrameLine::key, FrameLine::param, FrameLine::value)
        .containsExactly(tuple("r1", "#", "3"), tuple("title1", "", "12H"));
  }

  @Test
  void aLineNeedsAKeyAndTwoBarsToHaveTheShape() {
    assertThat(EventLog.line("grid||<tbody>").hasShape()).isTrue();
    assertThat(EventLog.line("light|lg|").hasShape()).isTrue();
    assertThat(EventLog.line("|a|b").hasShape()).isFalse();
    assertThat(EventLog.line("key|only one bar").hasShape()).isFalse();
    assertThat(EventLog.line("no bar at all").hasShape()).isFalse();
  }

  @Test
  void barsOfTheNextLineDoNotCount() {
    FrameLine first = FrameLine.split("broken|\nr1|#|2").get(0);

    assertThat(first.hasShape()).isFalse();
    assertThat(first.end()).isEqualTo(7);
  }

  @Test
  void anApexLineHasAWordKey() {
    assertThat(EventLog.line("r12c4|in|7").looksLikeApex()).isTrue();
    assertThat(EventLog.line("GET /x|y|z").looksLikeApex()).isFalse();
  }

  @Test
  void rowLinesStartWithRAndADigit() {
    assertThat(EventLog.line("r12c4|in|7").isRowLine()).isTrue();
    assertThat(EventLog.line("r5|*in|").isRowLine()).isTrue();
    assertThat(EventLog.line("rk|x|y").isRowLine()).isFalse();
    assertThat(EventLog.line("title1||x").isRowLine()).isFalse();
  }

  @Test
  void paramAndValueAreComparedInPlace() {
    FrameLine line = FrameLine.split("x\nr3c5|drteam|ANA [0:12]\n").get(1);

    assertThat(line.paramIs("drteam")).isTrue();
    assertThat(line.paramIs("dr")).isFalse();
    assertThat(line.paramStartsWith('d')).isTrue();
    assertThat(line.valueIs("ANA [0:12]")).isTrue();
    assertThat(line.valueIs("ANA [0:1")).isFalse();
    assertThat(line.hasValue()).isTrue();
  }

  @Test
  void valuesReadAsTimesAndCounts() {
    assertThat(EventLog.line("r1c7|tn|1:05.123").valueMs()).isEqualTo(65_123);
    assertThat(EventLog.line("r1c6|in|42").valueCount()).isEqualTo(42);
    assertThat(EventLog.line("r1c6|in|").hasValue()).isFalse();
  }
}
