package lts.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import lts.kafka.broker.EmbeddedKafka;
import lts.kafka.KafkaClients;
import lts.contracts.Topics;
import lts.testkit.Await;
import lts.testkit.TestBroker;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RestListenerCommandTest {

  private final CommandRun shell = new CommandRun();
  private final StringWriter out = shell.out;
  private final StringWriter err = shell.err;

  private int run(String... args) {
    return shell.run(new RestListenerCommand(), args);
  }

  private CompletableFuture<Integer> start(RestListenerCommand running, String... args) {
    return shell.start(running, args);
  }

  // ---------------------------------------------------------------- options

  @Test
  void bothModesAtOnceIsAUsageError() {
    int code = run("--kafka_servers", "127.0.0.1:1", "--poll_uri", "http://127.0.0.1:1/x",
        "--event_code", "santos", "--port", "0", "--token", "t");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("mutually exclusive").contains("--poll_uri")
        .contains("--port");
  }

  @Test
  void noModeIsAUsageError() {
    int code = run("--kafka_servers", "127.0.0.1:1");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required argument").contains("--poll_uri")
        .contains("--port");
  }

  @Test
  void anOptionOfTheOtherModeIsAUsageError() {
    assertThat(run("--kafka_servers", "127.0.0.1:1", "--port", "0", "--token", "t",
        "--interval_ms", "10")).isEqualTo(2);
    assertThat(err.toString()).contains("--poll_uri");
  }

  @Test
  void badValuesAreUsageErrors() {
    String k = "--kafka_servers";
    String s = "127.0.0.1:1";
    List<String[]> bad = List.of(
        new String[] {k, s, "--poll_uri", "http://127.0.0.1:1/x"},                         // no code
        new String[] {k, s, "--poll_uri", "http://127.0.0.1:1/x", "--event_code", "Bad Code"},
        new String[] {k, s, "--poll_uri", "ftp://127.0.0.1/x", "--event_code", "santos"},
        new String[] {k, s, "--poll_uri", "not a url", "--event_code", "santos"},
        new String[] {k, s, "--poll_uri", "http://127.0.0.1:1/x", "--event_code", "santos",
            "--interval_ms", "0"},
        new String[] {k, s, "--port", "70000", "--token", "t"},
        new String[] {k, s, "--port", "0", "--token", " "},
        new String[] {k, s, "--port", "0", "--token", "t", "--ack_timeout_ms", "0"},
        new String[] {k, "", "--port", "0", "--token", "t"});
    for (String[] args : bad) {
      StringWriter e = new StringWriter();
      CommandLine cli = new CommandLine(new RestListenerCommand());
      cli.setErr(new PrintWriter(e, true));
      cli.setOut(new PrintWriter(new StringWriter(), true));
      assertThat(cli.execute(args)).as(String.join(" ", args) + " → " + e).isEqualTo(2);
      assertThat(e.toString()).doesNotContain("Exception");
    }
  }

  @Test
  void theIngestModeNeedsAToken() {
    assumeThat(System.getenv("LTS_REST_TOKEN")).isNull();
    assertThat(run("--kafka_servers", "127.0.0.1:1", "--port", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--token").contains("LTS_REST_TOKEN");
  }

  @Test
  void helpListsBothModesAndNeverShowsTheToken() throws Exception {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("--poll_uri", "--interval_ms", "--port", "--token",
        "--kafka_topic", "--event_code", "--kafka_servers", "--verbosity", "--admin_port");
    String env = System.getenv("LTS_REST_TOKEN");
    if (env != null && !env.isBlank()) {
      assertThat(out.toString()).doesNotContain(env);
    }
  }

  /** In a child JVM, prints the token the command resolved. */
  public static final class TokenProbe {
    public static void main(String[] args) {
      RestListenerCommand command = new RestListenerCommand();
      new CommandLine(command).parseArgs(args);
      System.out.print("token=" + command.mode.ingest.token);
    }
  }

  private static String probe(String envToken, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), TokenProbe.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove("LTS_REST_TOKEN");
    if (envToken != null) {
      pb.environment().put("LTS_REST_TOKEN", envToken);
    }
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return text;
  }

  @Test
  void theTokenComesFromTheEnvironmentUnlessGiven() throws Exception {
    assertThat(probe("from-env-0123456789", "--kafka_servers", "h:1", "--port", "0"))
        .isEqualTo("token=from-env-0123456789");
    assertThat(probe("from-env-0123456789", "--kafka_servers", "h:1", "--port", "0",
        "--token", "from-cli")).isEqualTo("token=from-cli");
    assertThat(probe(null, "--kafka_servers", "h:1", "--port", "0")).isEqualTo("token=null");
  }

  @Test
  void kebabCaseAliasesWork() {
    RestListenerCommand c = new RestListenerCommand();
    new CommandLine(c).parseArgs("--kafka-servers", "h:1", "--poll-uri", "http://h/x",
        "--interval-ms", "250", "--timeout-ms", "100", "--event-code", "santos",
        "--kafka-topic", "t", "--ack-timeout-ms", "5", "--admin-port", "0");
    assertThat(c.kafka.servers).isEqualTo("h:1");
    assertThat(c.mode.poll.uri).isEqualTo("http://h/x");
    assertThat(c.mode.poll.intervalMs).isEqualTo(250);
    assertThat(c.mode.poll.timeoutMs).isEqualTo(100);
    assertThat(c.eventCode).isEqualTo("santos");
    assertThat(c.topic).isEqualTo("t");
    assertThat(c.ackTimeoutMs).isEqualTo(5);
    RestListenerCommand d = new RestListenerCommand();
    new CommandLine(d).parseArgs("--kafka_servers", "h:1", "--poll_uri", "http://h/x",
        "--event_code", "santos");
    assertThat(d.topic).isEqualTo(Topics.RAW_MESSAGES);
    assertThat(d.mode.poll.intervalMs).isEqualTo(1000);
  }

  // ---------------------------------------------------------------- against Kafka

  @Test
  void ingestModePublishesAPostedFrameAndStopsCleanly() throws Exception {
    EmbeddedKafka kafka = TestBroker.shared(2, Topics.ALL);
    String servers = kafka.bootstrapServers();
    RestListenerCommand command = new RestListenerCommand();
    CompletableFuture<Integer> code = start(command, "--kafka_servers", servers, "--port", "0",
        "--token", "command-test-token-123");
    int port = command.awaitStarted(Duration.ofSeconds(60));
    assertThat(port).as(err.toString()).isPositive();

    HttpClient http = HttpClient.newHttpClient();
    String frame = "r1c1|in|7\nr1c2|tn|1:02.345";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/messages?event_code=cmd-ingest"))
        .header("Authorization", "Bearer command-test-token-123")
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(frame)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    HttpResponse<String> unauthorized = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/messages?event_code=cmd-ingest"))
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(unauthorized.statusCode()).isEqualTo(401);

    List<ConsumerRecord<String, byte[]>> records = TestBroker.readUntil(
        kafka, Topics.RAW_MESSAGES, rs -> rs.stream().anyMatch(x -> "cmd-ingest".equals(x.key())));
    List<Envelope> mine = records.stream().filter(x -> "cmd-ingest".equals(x.key()))
        .map(x -> new EnvelopeCodec().decode(x.value())).collect(Collectors.toList());
    assertThat(mine).hasSize(1);
    assertThat(mine.get(0).data()).isEqualTo(frame);
    assertThat(mine.get(0).source()).isEqualTo("rest-listener");

    command.stop();
    assertThat(code.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
  }

  @Test
  void pollModePublishesOnlyChangedBodies() throws Exception {
    AtomicReference<String> body = new AtomicReference<>("frame-1");
    AtomicInteger polls = new AtomicInteger();
    HttpServer feed = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    feed.createContext("/feed", ex -> {
      polls.incrementAndGet();
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(bytes);
      }
    });
    feed.start();
    try {
      EmbeddedKafka kafka = TestBroker.shared(2, Topics.ALL);
      String servers = kafka.bootstrapServers();
      String event = "cmd-poll-" + System.nanoTime();
      RestListenerCommand command = new RestListenerCommand();
      CompletableFuture<Integer> code = start(command, "--kafka_servers", servers,
          "--poll_uri", "http://127.0.0.1:" + feed.getAddress().getPort() + "/feed",
          "--interval_ms", "20", "--event_code", event);
      command.awaitStarted(Duration.ofSeconds(60));
      TestBroker.readUntil(kafka, Topics.RAW_MESSAGES,
          rs -> rs.stream().anyMatch(x -> event.equals(x.key())));
      awaitPolls(polls, 10); // many polls of the same body
      body.set("frame-2");
      List<ConsumerRecord<String, byte[]>> records = TestBroker.readUntil(kafka,
          Topics.RAW_MESSAGES, rs -> rs.stream().filter(x -> event.equals(x.key())).count() >= 2);
      awaitPolls(polls, 10);
      command.stop();
      assertThat(code.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
      // a marker after the listener stopped, same key (same partition): all before it is the
      // listener's
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
          KafkaClients.producer(servers, "test-marker"))) {
        producer.send(new ProducerRecord<>(Topics.RAW_MESSAGES, event, new EnvelopeCodec().encode(
            Envelope.of(event, "marker", "test", System.currentTimeMillis())))).get();
      }
      records = TestBroker.readUntil(kafka, Topics.RAW_MESSAGES,
          rs -> rs.stream().anyMatch(x -> event.equals(x.key())
              && new EnvelopeCodec().decode(x.value()).data().equals("marker")));
      assertThat(records.stream().filter(x -> event.equals(x.key()))
          .map(x -> new EnvelopeCodec().decode(x.value()).data()))
          .containsExactly("frame-1", "frame-2", "marker");
    } finally {
      feed.stop(0);
    }
  }

  /** Waits until the feed was asked {@code more} more times. */
  private static void awaitPolls(AtomicInteger polls, int more) {
    int target = polls.get() + more;
    Await.until(Duration.ofSeconds(30), () -> polls.get() >= target,
        () -> "the feed was asked " + polls.get() + " times, waiting for " + target);
  }
}
