package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import lts.contracts.Topics;
import lts.kafka.KafkaClients;
import lts.kafka.broker.EmbeddedKafka;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import lts.testkit.SharedData;
import lts.testkit.TestBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** lts import: a recording into raw-messages with its instants, each frame exactly once. */
class ImportCommandTest {

  private final EmbeddedKafka kafka = TestBroker.shared(2, Topics.ALL);
  private final StringWriter err = new StringWriter();

  private int run(ImportCommand command, String... args) {
    CommandLine cli = new CommandLine(command);
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setExecutionExceptionHandler(new Lts.FailureHandler());
    return cli.execute(args);
  }

  /** Every record of {@code topic}, read up to the end offsets it has now. */
  private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    var p = KafkaClients.consumer(kafka.bootstrapServers(), "t", "import-test-reader");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        parts.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  private static List<RecordedFrame> frames(Path file) throws Exception {
    List<RecordedFrame> frames = new ArrayList<>();
    try (RecordingReader reader = RecordingReader.open(file)) {
      while (reader.hasNext()) {
        frames.add(reader.next());
      }
    }
    return frames;
  }

  @Test
  void everyFrameGoesInWithItsRecordedInstantAndAnInterruptedImportGoesOnWithoutDuplicates()
      throws Exception {
    Path file = SharedData.recording("santos-3h-first-30min.ndjson.gz");
    List<RecordedFrame> frames = frames(file);
    String topic = "import-" + System.nanoTime();
    kafka.createTopics(List.of(topic), 3);

    ImportCommand interrupted = new ImportCommand();
    interrupted.maxFrames = 1_000;
    assertThat(run(interrupted, "--kafka_servers", kafka.bootstrapServers(), "--kafka_topic", topic,
        file.toString())).as(err.toString()).isZero();
    assertThat(readAll(topic)).hasSize(1_000);

    assertThat(run(new ImportCommand(), "--kafka_servers", kafka.bootstrapServers(),
        "--kafka_topic", topic, file.toString())).as(err.toString()).isZero();
    assertThat(err.toString()).contains((frames.size() - 1_000) + " put in")
        .contains("1,000 there already");
    assertThat(run(new ImportCommand(), "--kafka_servers", kafka.bootstrapServers(),
        "--kafka_topic", topic, file.toString())).as(err.toString()).isZero();
    assertThat(err.toString()).contains(" 0 put in");

    List<ConsumerRecord<String, byte[]>> records = readAll(topic);
    assertThat(records).hasSize(frames.size());
    EnvelopeCodec codec = new EnvelopeCodec();
    for (int i = 0; i < frames.size(); i++) {
      ConsumerRecord<String, byte[]> r = records.get(i); // one event code: one partition, in order
      Envelope e = codec.decode(r.value());
      RecordedFrame f = frames.get(i);
      assertThat(r.key()).isEqualTo(f.eventCode());
      assertThat(e.eventCode()).isEqualTo(f.eventCode());
      assertThat(e.data()).isEqualTo(f.text());
      assertThat(e.createdAt()).isEqualTo(f.at());
      assertThat(e.source()).isEqualTo("recording");
      assertThat(r.timestamp()).isEqualTo(f.at());
      assertThat(new String(r.headers().lastHeader(RecordingImport.FRAME_HEADER).value(),
          StandardCharsets.UTF_8)).isEqualTo(Integer.toString(i));
    }
  }

  @Test
  void aFileThatCannotBeReadIsAUsageError() {
    int exit = run(new ImportCommand(), "--kafka_servers", kafka.bootstrapServers(),
        "no-such-recording.log");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("cannot read no-such-recording.log");
  }
}
