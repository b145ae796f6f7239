package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import lts.contracts.EventCode;
import lts.contracts.RaceUpdate;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class RaceUpdatesNotifierTest {

  @Test
  void anUpdateHasTheSessionTheSortedTablesAndTheFeedInstant() {
    Set<String> tables = new TreeSet<>(List.of("teams", "laps"));
    assertThat(RaceUpdatesNotifier.update(new SessionKey("santos", 2), tables, 1_745_570_000_000L))
        .contains(new RaceUpdate(new EventCode("santos"), 2, List.of("laps", "teams"),
            1_745_570_000_000L));
  }

  @Test
  void aFeedWhoseCodeIsNotValidHasNoUpdate() {
    assertThat(RaceUpdatesNotifier.update(new SessionKey("Not Valid", 1), Set.of("laps"), 1L))
        .isEmpty();
  }

  @Test
  void updatesArePublishedKeyedByEventCodeInTheContractShape() {
    MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
        new ByteArraySerializer());
    new RaceUpdatesNotifier(producer, "race-updates").publish(List.of(
        new RaceUpdate(new EventCode("santos"), 1, List.of("laps", "stints"), 1_000L)));
    assertThat(producer.history()).singleElement().satisfies((ProducerRecord<String, byte[]> r) -> {
      assertThat(r.topic()).isEqualTo("race-updates");
      assertThat(r.key()).isEqualTo("santos");
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(
          "{\"event_code\":\"santos\",\"session\":1,\"tables\":[\"laps\",\"stints\"],\"at\":1000}");
    });
  }
}
