package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import lts.core.event.PitIn;
import lts.core.event.RaceEvent;
import lts.core.event.UnparsedLine;
import org.junit.jupiter.api.Test;

class FeedEventsTest {

  private final EventLog log = new EventLog();
  private final Session race = EventLog.race(Map.of());

  @Test
  void idsCountFramesAndEventsWithinTheFrame() {
    log.events.emit(race, (id, feed, n, at) -> new PitIn(id, feed, n, at, 7));
    log.events.emit(race, (id, feed, n, at) -> new PitIn(id, feed, n, at, 8));
    log.frame(2_000);
    log.events.emit(null, (id, feed, n, at) -> new PitIn(id, feed, n, at, 9));

    assertThat(log.emitted)
        .extracting(RaceEvent::id, RaceEvent::eventCode, RaceEvent::session, RaceEvent::at)
        .containsExactly(tuple("feed/1/0", "feed", 1, 1_000L), tuple("feed/1/1", "feed", 1, 1_000L),
            tuple("feed/2/0", "feed", 0, 2_000L));
    assertThat(log.counters.stats().events()).isEqualTo(3);
  }

  @Test
  void anUnparsedLineIsCountedAndShowsAtMost200Chars() {
    String longLine = "zz|a|" + "x".repeat(300);
    log.events.unparsed(Unparsed.UNKNOWN_KEY, race, FrameLine.split("ok|a|b\n" + longLine).get(1));

    UnparsedLine event = log.only(UnparsedLine.class).get(0);
    assertThat(event.reason()).isEqualTo("unknown_key");
    assertThat(event.line()).isEqualTo(longLine.substring(0, 200));
    assertThat(log.counters.stats().unknownKeys()).isEqualTo(1);
  }
}
