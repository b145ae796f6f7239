package lts.rawstorage.runner;

import static lts.rawstorage.runner.RawStorageFixture.awaitCommitted;
import static lts.rawstorage.runner.RawStorageFixture.sendNumbered;
import static lts.rawstorage.runner.RawStorageFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lts.contracts.Topics;
import lts.kafka.broker.EmbeddedKafka;
import lts.testkit.Await;
import lts.testkit.TestBroker;
import lts.rawstorage.runner.RawStorageFixture.Counts;
import lts.rawstorage.runner.RawStorageFixture.Running;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner in a child JVM, killed with SIGKILL mid-stream twice, then run to the end. */
class RawStorageKillTest {

  private static final List<String> CODES = List.of("santos", "cuenca-12h", "ariza");
  private static final int TOTAL = 5_000;

  @TempDir
  Path dir;

  private final EmbeddedKafka kafka = TestBroker.shared(2, Topics.ALL);

  private Process child(String topic, String group, Path output, int number) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("child-" + number + ".log");
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        RawStorageChild.class.getName(), kafka.bootstrapServers(), topic, group,
        output.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private String childLogs() throws Exception {
    StringBuilder logs = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path log : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".log")).sorted()
          ::iterator) {
        logs.append("== ").append(log.getFileName()).append('\n')
            .append(Files.readString(log, StandardCharsets.UTF_8));
      }
    }
    return logs.toString();
  }

  @Test
  void killMinus9MidStreamLosesNothingAndWritesNothingTwice() throws Exception {
    String topic = "kill";
    String group = "g-kill";
    kafka.createTopics(List.of(topic), 2);
    Path output = dir.resolve("logs");
    CompletableFuture<Integer> acknowledged = CompletableFuture.supplyAsync(() -> {
      try {
        return sendNumbered(kafka, topic, TOTAL, CODES, 2, 100, 60);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    Process first = child(topic, group, output, 1);
    try {
      Await.until(Duration.ofSeconds(60),
          () -> RawStorageFixture.lineCount(output) >= 1_000,
          () -> "1000 lines from the first child");
    } catch (AssertionError e) {
      first.destroyForcibly();
      throw new AssertionError(e.getMessage() + "\n" + childLogs(), e);
    }
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    long linesAtFirstKill = RawStorageFixture.lineCount(output);

    Process second = child(topic, group, output, 2);
    try {
      Await.until(Duration.ofSeconds(90),
          () -> RawStorageFixture.lineCount(output) >= 3_000,
          () -> "3000 lines from the second child");
    } catch (AssertionError e) {
      second.destroyForcibly();
      throw new AssertionError(e.getMessage() + "\n" + childLogs(), e);
    }
    second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    long linesAtSecondKill = RawStorageFixture.lineCount(output);

    long restart = System.nanoTime();
    Process third = child(topic, group, output, 3);
    int acked;
    double recoveredInS;
    try {
      acked = acknowledged.get(120, TimeUnit.SECONDS);
      awaitCommitted(kafka, group, topic, TOTAL, Duration.ofSeconds(120));
      recoveredInS = (System.nanoTime() - restart) / 1e9;
    } catch (Throwable e) {
      third.destroyForcibly();
      throw new AssertionError(e.getMessage() + "\n" + childLogs(), e);
    }
    third.destroy(); // SIGTERM: a clean stop
    assertThat(third.waitFor(60, TimeUnit.SECONDS)).isTrue();

    Path reference = dir.resolve("reference");
    Running uninterrupted = RawStorageFixture.start(
        settings(kafka, topic, "g-kill-reference", reference, 50), RawStorage.Hook.NONE,
        "raw-storage-reference");
    awaitCommitted(kafka, "g-kill-reference", topic, TOTAL, Duration.ofSeconds(120));
    uninterrupted.stop();

    Counts counts = RawStorageFixture.count(output, TOTAL, acked, CODES, recoveredInS);
    System.out.println(counts.line("kill -9 twice (child JVM), lines on disk at the kills: "
        + linesAtFirstKill + ", " + linesAtSecondKill));
    String logs = childLogs();
    long onDiskNotCommitted = 0;
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("(\\d+): committed (none|\\d+), last on disk (none|\\d+)").matcher(logs);
    while (m.find()) {
      long next = m.group(2).equals("none") ? 0 : Long.parseLong(m.group(2));
      long last = m.group(3).equals("none") ? -1 : Long.parseLong(m.group(3));
      onDiskNotCommitted += Math.max(0, last + 1 - next);
    }
    System.out.println("RELIABILITY raw-storage kill -9: records on disk but not committed at the"
        + " restarts (skipped, not written again): " + onDiskNotCommitted
        + "; torn lines repaired: "
        + logs.lines().filter(l -> l.contains("removed a torn last line")).count());
    assertThat(RawStorageCrashTest.asText(RawStorageFixture.files(output)))
        .as("files after two kill -9, byte for byte; child logs:\n" + logs)
        .containsExactlyEntriesOf(RawStorageCrashTest.asText(RawStorageFixture.files(reference)));
    assertThat(counts.acknowledged()).isEqualTo(TOTAL);
    assertThat(counts.lost()).isZero();
    assertThat(counts.duplicated()).isZero();
    assertThat(counts.outOfOrder()).isZero();
  }
}
