package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lts.kafka.broker.EmbeddedKafka;
import lts.kafka.KafkaClients;
import lts.contracts.Topics;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import lts.testkit.Await;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RawStorageCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine cli(RawStorageCommand command) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
  }

  private int run(String... args) {
    return cli(new RawStorageCommand()).execute(args);
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("--kafka_servers", "--kafka-servers", "--kafka_topic",
        "--kafka-topic", "--kafka_group", "--kafka-group", "--output_path", "--output-path",
        "--verbosity", "--admin_port", "--admin-port", "raw-messages", "raw-storage",
        "./artifacts/logs", "LTS_KAFKA_SERVERS", "_invalid");
  }

  @Test
  void missingKafkaServersIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("--kafka_servers");
  }

  @Test
  void unknownOptionsAndBadValuesAreUsageErrors() {
    assertThat(run("--kafka_servers", "localhost:9092", "--bogus")).isEqualTo(2);
    assertThat(run("--kafka_servers", "localhost:9092", "--verbosity", "9")).isEqualTo(2);
    assertThat(run("--kafka_servers", "localhost:9092", "--admin_port", "http")).isEqualTo(2);
    assertThat(run("--kafka_servers", " ")).isEqualTo(2);
    assertThat(run("--kafka_servers", "localhost:9092", "--kafka_topic", "")).isEqualTo(2);
  }

  @Test
  void anOutputPathThatIsAFileIsAUsageErrorNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("logs"), "x");
    assertThat(run("--kafka_servers", "127.0.0.1:1", "--output_path", file.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains(file.toString()).contains("not a directory");
  }

  @Test
  void storesTheTopicIntoTheOutputPathAndStopsCleanly() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, 1, Topics.ALL)) {
      long at = java.time.Instant.parse("2026-04-25T10:00:00Z").toEpochMilli();
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(KafkaClients.producer(kafka.bootstrapServers(), "test"))) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>(Topics.RAW_MESSAGES, "santos", new EnvelopeCodec()
              .encode(Envelope.of("santos", "r1c3|in|" + i, "ws-listener", at + i))));
        }
      }
      Path output = dir.resolve("logs");
      RawStorageCommand command = new RawStorageCommand();
      CommandLine cli = cli(command);
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
          "--kafka-servers", kafka.bootstrapServers(), "--output-path", output.toString(),
          "--verbosity", "3"));
      Path file = output.resolve("santos/2026-04-25.jsonl");
      Await.until(Duration.ofSeconds(60), () -> lineCount(file) == 10,
          () -> lineCount(file) + " of 10 lines in " + file + "; " + err);
      command.storage.stop();
      assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
    }
  }

  private static int lineCount(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).size() : 0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
