package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import lts.contracts.RaceEventCodec;
import lts.core.event.LapCompleted;
import lts.core.event.RaceEvent;
import lts.strategy.PartitionState.Outcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class PartitionStateTest {

  final RaceEventCodec codec = new RaceEventCodec();
  final PartitionState state = new PartitionState(3, codec);
  final TinyRace race = new TinyRace();
  long offset;

  private ConsumerRecord<String, byte[]> record(String text) {
    return new ConsumerRecord<>("race-events", 3, offset++, "tiny",
        text.getBytes(StandardCharsets.UTF_8));
  }

  private ConsumerRecord<String, byte[]> record(RaceEvent e) {
    return record(codec.toJson(e));
  }

  @Test
  void eventsGoToTheModelOfTheirFeedAndARepeatedIdIsADuplicate() {
    for (RaceEvent e : race.events.subList(0, 4)) {
      assertThat(state.apply(record(e), true)).isEqualTo(Outcome.APPLIED);
    }
    assertThat(state.apply(record(race.events.get(3)), true)).isEqualTo(Outcome.DUPLICATE);
    assertThat(state.feeds).containsOnlyKeys("tiny");
    assertThat(state.feeds.get("tiny").sessions.get(1).teams).containsOnlyKeys(1, 2);
    assertThat(state.rejected).isEmpty();
  }

  @Test
  void aLiveRecordThatCannotBeAppliedBecomesARejectedRowSayingWhy() {
    state.apply(record(race.events.get(0)), true);
    assertThat(state.apply(record(new LapCompleted("tiny/99/0", "tiny", 1, 5L, 99, 1, 60_000L,
        "X", false)), true)).isEqualTo(Outcome.REJECTED);
    assertThat(state.apply(record("{not json"), true)).isEqualTo(Outcome.REJECTED);
    assertThat(state.rejected).hasSize(2);
    RejectedRow unknownTeam = state.rejected.get(0);
    assertThat(unknownTeam.partition()).isEqualTo(3);
    assertThat(unknownTeam.offset()).isEqualTo(1);
    assertThat(unknownTeam.eventId()).isEqualTo("tiny/99/0");
    assertThat(unknownTeam.type()).isEqualTo("lap_completed");
    assertThat(unknownTeam.reason()).startsWith("unknown team: row 99");
    RejectedRow undecodable = state.rejected.get(1);
    assertThat(undecodable.eventCode()).isEqualTo("tiny"); // the record's key
    assertThat(undecodable.payload()).isEqualTo("{not json");
    assertThat(undecodable.reason()).startsWith("undecodable");
    assertThat(state.pending()).isTrue();
  }

  @Test
  void aReplayedRecordThatCannotBeAppliedIsNotRecordedAgain() {
    assertThat(state.apply(record("{not json"), false)).isEqualTo(Outcome.REJECTED);
    assertThat(state.rejected).isEmpty();
  }

  @Test
  void aCommitMovesTheOffsetsAndCleansTheSessions() {
    race.events.forEach(e -> state.apply(record(e), true));
    state.nextOffset = offset;
    assertThat(state.offsetMove()).isEqualTo(new Writes.OffsetMove(3, offset, -1));
    state.committed(new Writes());
    assertThat(state.pending()).isFalse();
    assertThat(state.storedOffset).isEqualTo(offset);
    assertThat(state.feeds.get("tiny").sessions.get(1).dirty).isFalse();
  }
}
