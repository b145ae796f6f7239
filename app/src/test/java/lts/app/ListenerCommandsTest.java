package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lts.app.runner.Runner;
import lts.kafka.broker.EmbeddedKafka;
import lts.kafka.KafkaClients;
import lts.contracts.Topics;
import lts.listener.ws.ReplayServer;
import lts.contracts.EnvelopeCodec;
import lts.testkit.Await;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** lts ws-listener and lts replay, run as picocli commands. */
class ListenerCommandsTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine cli(Object command) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(new Lts.FailureHandler()); // as Lts.commandLine() sets it
    return cli;
  }

  private Path recording(int n) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add("{\"t\":" + (1_782_593_801_000L + i * 100) + ",\"raw\":\""
          + (i == 0 ? "init|r|\\n" : "") + "r7c3|tn|seq " + i + "\"}");
    }
    Path file = dir.resolve("race.ndjson");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  /** EmbeddedKafka.start, again when its topic check runs before the metadata shows the topics. */
  private static EmbeddedKafka startKafka(Path dataDir) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return EmbeddedKafka.start(dataDir, 0, 3, Topics.ALL);
      } catch (IllegalStateException e) {
        if (attempt == 3 || !String.valueOf(e.getMessage()).contains("topics missing")) {
          throw e;
        }
      }
    }
  }

  /** Runs a long-running command on a thread; returns its exit code after stop. */
  private static final class Background {
    final AtomicReference<Runner> runner = new AtomicReference<>();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();

    Background(CommandLine cli, String... args) {
      Thread t = new Thread(() -> exit.complete(cli.execute(args)), "command");
      t.setDaemon(true);
      t.start();
    }

    Consumer<Runner> seam() {
      return runner::set;
    }

    int stop() throws Exception {
      Await.until(Duration.ofSeconds(20), () -> runner.get() != null || exit.isDone(),
          () -> "the command neither started nor ended");
      if (runner.get() != null) {
        runner.get().stop();
      }
      return exit.get(60, TimeUnit.SECONDS);
    }
  }

  // ---------------------------------------------------------------------------- ws-listener

  @Test
  void wsListenerRefusesAUriThatIsNotWsOrWssWithExit2() {
    int code = cli(new WsListenerCommand()).execute("--kafka_servers", "localhost:9092",
        "--websocket_uri", "http://www.apex-timing.com:8092");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--websocket_uri")
        .contains("must start with ws:// or wss://").contains("not http://");
  }

  @Test
  void wsListenerNeedsTheKafkaServersAndTheWebsocketUri() {
    assertThat(cli(new WsListenerCommand()).execute("--kafka_servers", "localhost:9092")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--websocket_uri=URI'");
    assertThat(cli(new WsListenerCommand()).execute("--websocket-uri", "ws://localhost:8092"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--kafka_servers");
  }

  @Test
  void wsListenerRefusesAnUnusableKafkaServersListWithExit2() {
    assertThat(cli(new WsListenerCommand()).execute("--kafka_servers", "no such host!",
        "--websocket_uri", "ws://localhost:8092")).isEqualTo(2);
    assertThat(err.toString().trim()).startsWith("ws-listener: cannot use --kafka_servers 'no such host!'")
        .doesNotContain("\n");
  }

  @Test
  void wsListenerHelpListsEveryOptionWithItsEnvironmentVariable() {
    assertThat(cli(new WsListenerCommand()).execute("--help")).isZero();
    assertThat(out.toString()).contains("--kafka_servers", "--websocket_uri", "--websocket-uri",
        "--kafka_topic", "--event_code", "--origin", "--user_agent", "--verbosity", "--admin_port",
        "LTS_WEBSOCKET_URI", "LTS_KAFKA_TOPIC", "LTS_EVENT_CODE", "LTS_ORIGIN", "LTS_USER_AGENT",
        "https://www.apex-timing.com", "raw-messages");
  }

  @Test
  void wsListenerAcceptsAWssUri() {
    CommandLine cli = cli(new WsListenerCommand());
    cli.parseArgs("--kafka_servers", "k:9092", "--websocket_uri", "wss://live-data.apex-timing.com:8093");
    WsListenerCommand command = cli.getCommand();
    assertThat(command.websocketUri).isEqualTo(URI.create("wss://live-data.apex-timing.com:8093"));
    assertThat(command.origin).isEqualTo("https://www.apex-timing.com");
    assertThat(command.userAgent).startsWith("Mozilla/5.0");
    assertThat(command.topic).isEqualTo("raw-messages");
  }

  @Test
  void wsListenerForwardsEveryFrameToKafkaServesHealthAndMetricsAndStopsWithExit0()
      throws Exception {
    Path file = recording(50);
    try (EmbeddedKafka kafka = startKafka(dir.resolve("kafka"));
        ReplayServer server = ReplayServer.start(file, 0,
            ReplayServer.Options.speed(ReplayServer.MAX_SPEED), null)) {
      WsListenerCommand command = new WsListenerCommand();
      Background run = new Background(cli(command), "--kafka_servers", kafka.bootstrapServers(),
          "--websocket_uri", server.uri().toString(), "--event_code", "cmd-test",
          "--admin_port", "0", "--verbosity", "2");
      command.started = run.seam();
      Await.until(Duration.ofSeconds(30), () -> command.admin.boundPort() > 0,
          () -> "admin server not listening");
      int adminPort = command.admin.boundPort();
      List<String> frames = read(kafka.bootstrapServers(), 50);
      assertThat(frames).hasSize(50);
      assertThat(frames.get(49)).endsWith("seq 49");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + adminPort + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      String metrics = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("frames_received_total{runner=\"ws-listener\"} 50.0")
          .contains("records_acked_total{runner=\"ws-listener\"} 50.0")
          .contains("send_failures_total").contains("reconnects_total");
      assertThat(run.stop()).isZero();
    }
  }

  private static List<String> read(String servers, int expected) {
    Properties p = KafkaClients.consumer(servers, "cmd-test", "cmd-test");
    List<String> frames = new ArrayList<>();
    EnvelopeCodec codec = new EnvelopeCodec();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = new ArrayList<>();
      consumer.partitionsFor(Topics.RAW_MESSAGES).forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (frames.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          assertThat(r.key()).isEqualTo("cmd-test");
          frames.add(codec.decode(r.value()).data());
        }
      }
    }
    return frames;
  }

  // --------------------------------------------------------------------------------- replay

  @Test
  void replayRefusesAMissingFileWithOneLineAndExit2() {
    assertThat(cli(new ReplayCommand()).execute("--file", dir.resolve("nope.log.gz").toString()))
        .isEqualTo(2);
    assertThat(err.toString().trim()).startsWith("replay: file not found: ").doesNotContain("\n")
        .doesNotContain("Exception");
  }

  @Test
  void replayRefusesADirectoryAndAFileThatIsNotARecording() throws Exception {
    assertThat(cli(new ReplayCommand()).execute("--file", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("is a directory");
    Path junk = dir.resolve("junk.txt");
    Files.write(junk, new byte[] {0x16, 0x03, 0x01, '\n', 'x'});
    assertThat(cli(new ReplayCommand()).execute("--file", junk.toString(), "--websocket_port", "0"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("not an Apex recording");
  }

  @Test
  void replayRefusesASpeedThatIsNotAPositiveNumberOrMax() throws Exception {
    Path file = recording(3);
    for (String bad : List.of("fast", "0", "-2", "")) {
      assertThat(cli(new ReplayCommand()).execute("--file", file.toString(), "--speed", bad))
          .as(bad).isEqualTo(2);
    }
    assertThat(err.toString()).contains("speed must be a positive number");
    assertThat(cli(new ReplayCommand()).execute()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--file=FILE'");
  }

  @Test
  void replayServesTheRecordingPrintsTheUriAndAProgressLineAndStopsWithExit0() throws Exception {
    Path file = recording(30);
    ReplayCommand command = new ReplayCommand();
    command.progressInterval = Duration.ofMillis(100);
    Background run = new Background(cli(command), "--file", file.toString(), "--speed", "20",
        "--websocket_port", "0");
    command.started = run.seam();
    Pattern uriLine = Pattern.compile("on (ws://localhost:\\d+/)");
    Await.until(Duration.ofSeconds(20), () -> uriLine.matcher(err.toString()).find(),
        () -> "no URI printed: " + err);
    Matcher m = uriLine.matcher(err.toString());
    assertThat(m.find()).isTrue();
    assertThat(err.toString()).contains("lts replay: serving race.ndjson at 20x speed on ws://localhost:");
    List<String> got = new CopyOnWriteArrayList<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(m.group(1)),
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            got.add(data.toString());
            webSocket.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    Await.until(Duration.ofSeconds(20), () -> got.size() >= 30,
        () -> got.size() + " of 30 frames received");
    assertThat(err.toString()).containsPattern("replay: 1 client \\| race time 0:00:0\\d \\(2026-[^)]*\\) \\| [\\d,]+ frames/s \\| \\d+ frames sent");
    ws.abort();
    assertThat(run.stop()).isZero();
    assertThat(err.toString()).contains("lts replay: stopped after 30 frames sent");
    // the server's own count above is the signal that nothing more came
    assertThat(got).hasSize(30);
  }
}
