package lts.rawstorage.runner;

import static lts.rawstorage.runner.RawStorageFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import lts.contracts.Topics;
import lts.kafka.broker.EmbeddedKafka;
import lts.testkit.TestBroker;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import lts.rawstorage.runner.RawStorageFixture.Running;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawStorageDiskErrorTest {

  @TempDir
  Path dir;

  private final EmbeddedKafka kafka = TestBroker.shared(2, Topics.ALL);

  @Test
  void anOutputPathThatIsAFileIsRefusedWithItsNameAndWhatToDo() throws Exception {
    Path file = Files.writeString(dir.resolve("logs"), "not a directory");
    assertThatThrownBy(() -> RawStorage.prepareOutput(file))
        .isInstanceOf(RawStorageException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a directory")
        .hasMessageContaining("--output_path");
  }

  @Test
  void anOutputPathThatCannotBeCreatedIsRefusedWithItsName() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Path below = file.resolve("logs");
    assertThatThrownBy(() -> RawStorage.prepareOutput(below))
        .isInstanceOf(RawStorageException.class)
        .hasMessageContaining("cannot create the output directory " + below)
        .hasMessageContaining("--output_path");
  }

  @Test
  void aMissingOutputDirectoryIsCreated() throws Exception {
    Path deep = dir.resolve("a/b/logs");
    assertThat(RawStorage.prepareOutput(deep)).isEqualTo(deep.toAbsolutePath());
    assertThat(deep).isDirectory().isEmptyDirectory();
  }

  @Test
  void runFailsFastOnABadOutputPathBeforeTalkingToKafka() throws Exception {
    Path file = Files.writeString(dir.resolve("logs"), "x");
    RawStorage storage = new RawStorage(
        RawStorage.Settings.of("127.0.0.1:1", "raw-messages", "raw-storage", file),
        new SimpleMeterRegistry());
    long start = System.nanoTime();
    assertThatThrownBy(storage::run).isInstanceOf(RawStorageException.class)
        .hasMessageContaining(file.toString());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(storage.health()).contains(file.toString());
  }

  @Test
  void aWriteFailureStopsTheRunnerNamingTheFileAndCommitsNothing() throws Exception {
    String topic = "disk-error";
    kafka.createTopics(List.of(topic), 1);
    Path output = dir.resolve("logs");
    Files.createDirectories(output);
    Files.writeString(output.resolve("santos"), "a file where the event directory should be");
    long at = Instant.parse("2026-04-25T10:00:00Z").toEpochMilli();
    RawStorageFixture.sendRaw(kafka, topic, "santos",
        new EnvelopeCodec().encode(Envelope.of("santos", "r1c1|in|1", "ws-listener", at)));

    Running runner = RawStorageFixture.start(settings(kafka, topic, "g-disk", output, 100),
        RawStorage.Hook.NONE, "raw-storage-disk");
    runner.awaitEnd();

    assertThat(runner.thrown).isInstanceOf(RawStorageException.class)
        .hasMessageContaining("cannot write " + output.resolve("santos/2026-04-25.jsonl"))
        .hasMessageContaining("not committed");
    assertThat(runner.storage.health()).startsWith("raw-storage failed: cannot write");
    assertThat(RawStorageFixture.committed(kafka, "g-disk", topic)).isZero();
    assertThat(runner.count("records_written")).isZero();
  }
}
