package lts.listener.ws;

import static lts.listener.ws.TestSupport.numberedRecording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import lts.recordings.RecordingFormatException;
import lts.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay server with plain websocket clients (no Kafka). */
class ReplayServerTest {

  @TempDir
  Path dir;

  /** A websocket client that keeps every text message (and how long after connecting it came). */
  static final class Client implements WebSocket.Listener, AutoCloseable {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<Long> atMs = new CopyOnWriteArrayList<>();
    final StringBuilder partial = new StringBuilder();
    final long startNs = System.nanoTime();
    final WebSocket ws;

    Client(URI uri) throws Exception {
      ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this)
          .get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        atMs.add((System.nanoTime() - startNs) / 1_000_000);
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void close() {
      ws.abort();
    }
  }

  private static List<String> numbered(int n) {
    return IntStream.range(0, n).mapToObj(i -> "seq " + i).collect(Collectors.toList());
  }

  private static List<String> seqs(List<String> frames) {
    return frames.stream().map(f -> "seq " + TestSupport.seq(f)).collect(Collectors.toList());
  }

  @Test
  void everyClientGetsEveryFrameFromTheStartWithTheTimingDividedByTheSpeed() throws Exception {
    // 11 frames 100 ms apart: 1 s recorded, 200 ms at speed 5
    Path recording = numberedRecording(dir, "paced.ndjson", 11, 100);
    try (ReplayServer server = ReplayServer.start(recording, 0, ReplayServer.Options.speed(5), null);
        Client first = new Client(server.uri())) {
      Await.until(Duration.ofSeconds(10),
          () -> first.messages.size() == 11, () -> "first client done");
      try (Client second = new Client(server.uri())) {
        Await.until(Duration.ofSeconds(10),
            () -> second.messages.size() == 11, () -> "second client done");
        assertThat(seqs(second.messages)).isEqualTo(numbered(11));
      }
      assertThat(seqs(first.messages)).isEqualTo(numbered(11));
      // 1 s of race at 5x: the last frame is not sent before 200 ms after the connect, and comes
      // well before the 1 s it would take in real time
      assertThat(first.atMs.get(10)).as("last frame, ms after connecting").isGreaterThanOrEqualTo(195L);
      assertThat(first.atMs.get(10) - first.atMs.get(0)).as("first to last frame, ms").isLessThan(900L);
      assertThat(first.messages.get(0)).startsWith("init|r|\n");
      assertThat(server.finishedClients()).isEqualTo(2);
    }
  }

  @Test
  void atMaxSpeedAndInALoopTheRecordingIsSentAgainAndAgain() throws Exception {
    Path recording = numberedRecording(dir, "loop.ndjson", 50, 60_000); // 49 minutes recorded
    try (ReplayServer server = ReplayServer.start(recording, 0,
        ReplayServer.Options.speed(ReplayServer.MAX_SPEED).withLoop(true), null);
        Client client = new Client(server.uri())) {
      Await.until(Duration.ofSeconds(10),
          () -> client.messages.size() >= 150, () -> "three passes");
      // a snapshot: the loop keeps adding messages while we read
      assertThat(seqs(List.copyOf(client.messages).subList(0, 150))).isEqualTo(
          IntStream.range(0, 3).boxed().flatMap(p -> numbered(50).stream()).collect(Collectors.toList()));
    }
  }

  @Test
  void aClientThatDisconnectsDoesNotDisturbTheOthers() throws Exception {
    Path recording = numberedRecording(dir, "two.ndjson", 40, 50); // 2 s at speed 1
    try (ReplayServer server = ReplayServer.start(recording, 0, ReplayServer.Options.speed(1), null);
        Client stays = new Client(server.uri())) {
      Client leaves = new Client(server.uri());
      Await.until(Duration.ofSeconds(5), () -> leaves.messages.size() >= 5, () -> "both playing");
      leaves.close();
      Await.until(Duration.ofSeconds(10),
          () -> stays.messages.size() == 40, () -> "the other one done");
      assertThat(seqs(stays.messages)).isEqualTo(numbered(40));
      Await.until(Duration.ofSeconds(5),
          () -> server.clients() == 1, () -> "the gone client is forgotten");
    }
  }

  @Test
  void progressReportsTheRaceTimeAndTheRate() throws Exception {
    Path recording = numberedRecording(dir, "progress.ndjson", 200, 1_000); // 199 s recorded
    List<ReplayServer.Progress> reports = new CopyOnWriteArrayList<>();
    try (ReplayServer server = ReplayServer.start(recording, 0,
        ReplayServer.Options.speed(100).withProgressInterval(Duration.ofMillis(200)), reports::add);
        Client client = new Client(server.uri())) {
      Await.until(Duration.ofSeconds(10),
          () -> reports.stream().anyMatch(p -> p.raceTimeMs() > 0 && p.framesPerSecond() > 0),
          () -> "some reports with frames");
    }
    ReplayServer.Progress p = reports.stream().filter(r -> r.raceTimeMs() > 0).findFirst().orElseThrow();
    assertThat(p.clients()).isEqualTo(1);
    assertThat(p.frameTime()).isNotNull();
    assertThat(p.describe()).matches("1 client \\| race time 0:0\\d:\\d\\d \\(2026-.*\\) \\| [\\d,]+ frames/s \\| [\\d,]+ frames sent.*");
  }

  @Test
  void speedIsAPositiveNumberOrMax() {
    assertThat(ReplayServer.parseSpeed("10")).isEqualTo(10);
    assertThat(ReplayServer.parseSpeed("0.5")).isEqualTo(0.5);
    assertThat(ReplayServer.parseSpeed("20x")).isEqualTo(20);
    assertThat(ReplayServer.parseSpeed("MAX")).isEqualTo(ReplayServer.MAX_SPEED);
    for (String bad : List.of("0", "-3", "fast", "", "NaN", "Infinity", "1e999")) {
      assertThatThrownBy(() -> ReplayServer.parseSpeed(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive number");
    }
  }

  @Test
  void aMissingOrUnreadableRecordingIsRefusedAtStart() throws Exception {
    assertThatThrownBy(() -> ReplayServer.start(dir.resolve("none.log.gz"), 0,
        ReplayServer.Options.speed(10), null)).isInstanceOf(NoSuchFileException.class);
    Path junk = dir.resolve("junk.bin");
    Files.write(junk, "this is not a recording\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ReplayServer.start(junk, 0, ReplayServer.Options.speed(10), null))
        .isInstanceOf(RecordingFormatException.class).hasMessageContaining("not an Apex recording");
  }
}
