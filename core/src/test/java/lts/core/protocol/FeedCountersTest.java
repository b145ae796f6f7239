package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedCountersTest {

  @Test
  void everyCountLandsInItsOwnStatsField() {
    FeedCounters counters = new FeedCounters();
    counters.frameRead();
    counters.lineRead();
    counters.lineRead();
    counters.eventEmitted();
    counters.unparsed(Unparsed.JUNK_FRAME);
    counters.invalidText();
    counters.unparsed(Unparsed.NOT_A_LINE);
    counters.unparsed(Unparsed.UNKNOWN_KEY);
    counters.unparsed(Unparsed.UNKNOWN_ROW);
    counters.unparsed(Unparsed.UNKNOWN_ROW);
    counters.unparsed(Unparsed.UNKNOWN_COLUMN);
    counters.unparsed(Unparsed.BAD_VALUE);
    counters.unparsed(Unparsed.BAD_GRID);
    counters.lineIgnored();
    counters.lapWithoutTime();
    counters.leaderGapChecked(true);
    counters.leaderGapChecked(false);
    counters.derivedLapCorrected();

    assertThat(counters.stats()).isEqualTo(
        new FeedStats(1, 2, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 2, 1, 1, 0, 0));
    assertThat(counters.stats().unparsed()).isEqualTo(8);
  }
}
