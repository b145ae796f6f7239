package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrossingsTest {

  private final Crossings crossings = new Crossings();

  @Test
  void theCrossingNearestAnInstantIsFoundWithinAThirdOfALap() {
    crossings.add(100_000, 10);
    crossings.add(160_000, 11);
    crossings.add(220_000, 12);

    assertThat(crossings.near(161_500, 20_000)).isEqualTo(new Crossings.Crossing(160_000, 11));
    assertThat(crossings.near(239_000, 20_000)).isEqualTo(new Crossings.Crossing(220_000, 12));
    assertThat(crossings.near(130_000, 20_000)).as("half-way between two crossings").isNull();
    assertThat(crossings.near(300_000, 20_000)).as("after the last one").isNull();
    assertThat(crossings.near(115_000, 10_000)).as("beyond the bound given").isNull();
  }

  @Test
  void oneCrossingAloneSaysNothingOfItsLap() {
    crossings.add(100_000, 10);

    assertThat(crossings.near(100_000, 20_000)).isNull();
  }

  @Test
  void aRecountNumbersTheCrossingsKeptOneLapEach() {
    crossings.add(100_000, -1);
    crossings.add(160_000, -1);
    crossings.add(220_000, 7);
    crossings.recount(30);

    assertThat(crossings.near(100_000, 20_000).lapsAfter()).isEqualTo(28);
    assertThat(crossings.near(220_000, 20_000).lapsAfter()).isEqualTo(30);
    crossings.lastEnded(31);
    assertThat(crossings.near(220_000, 20_000).lapsAfter()).isEqualTo(31);
  }

  @Test
  void onlyTheLastCrossingsAreKept() {
    for (int lap = 1; lap <= Crossings.SIZE + 8; lap++) {
      crossings.add(lap * 60_000L, lap);
    }

    assertThat(crossings.near(8 * 60_000L, 1_000)).as("forgotten").isNull();
    assertThat(crossings.near(9 * 60_000L + 500, 1_000).lapsAfter()).isEqualTo(9);
    assertThat(crossings.lastAt()).isEqualTo((Crossings.SIZE + 8) * 60_000L);
  }
}
