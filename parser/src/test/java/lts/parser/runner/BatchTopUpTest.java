package lts.parser.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchTopUpTest {

  private final TopicPartition tp = new TopicPartition("raw-messages", 0);
  private final MockConsumer<String, byte[]> consumer =
      new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());

  private ConsumerRecord<String, byte[]> record(long offset) {
    return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, "santos", new byte[] {1});
  }

  private ConsumerRecords<String, byte[]> polledUpTo(long offset) {
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> m = new HashMap<>();
    m.put(tp, List.of(record(offset)));
    return new ConsumerRecords<>(m, Map.of());
  }

  @Test
  void theRecordsAlreadyThereJoinTheBatchInOrder() {
    consumer.assign(List.of(tp));
    consumer.updateBeginningOffsets(Map.of(tp, 0L));
    consumer.seek(tp, 1);
    consumer.addRecord(record(1));
    consumer.addRecord(record(2));

    ConsumerRecords<String, byte[]> batch = BatchTopUp.gather(consumer, polledUpTo(0), () -> false);

    assertThat(batch.records(tp)).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
  }

  @Test
  void nothingMoreLeavesTheBatchAsPolled() {
    consumer.assign(List.of(tp));
    consumer.updateBeginningOffsets(Map.of(tp, 0L));
    consumer.seek(tp, 1);
    ConsumerRecords<String, byte[]> first = polledUpTo(0);

    assertThat(BatchTopUp.gather(consumer, first, () -> false)).isSameAs(first);
  }

  @Test
  void aStopAskedEndsTheTopUpAtOnce() {
    consumer.assign(List.of(tp));
    consumer.updateBeginningOffsets(Map.of(tp, 0L));
    consumer.seek(tp, 1);
    consumer.addRecord(record(1));
    ConsumerRecords<String, byte[]> first = polledUpTo(0);

    assertThat(BatchTopUp.gather(consumer, first, () -> true)).isSameAs(first);
  }
}
