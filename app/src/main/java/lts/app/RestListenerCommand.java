package lts.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lts.app.runner.AdminOptions;
import lts.app.runner.AdminServer;
import lts.app.runner.KafkaOptions;
import lts.app.runner.Runner;
import lts.app.runner.RunnerMain;
import lts.contracts.EventCode;
import lts.kafka.KafkaFramePublisher;
import lts.listener.rest.IngestServer;
import lts.listener.rest.RestListener;
import lts.listener.rest.RestPoller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lts rest-listener}: Apex frames over HTTP into {@code raw-messages}, either polled from a
 * URL (poll mode) or pushed to us (ingest mode).
 */
@Command(name = "rest-listener", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Puts Apex Timing frames that come over HTTP into Kafka, as envelopes (source "
            + "rest-listener) keyed by event code. Two modes, exactly one of them:",
        "  poll:   GET --poll_uri every --interval_ms and publish the body as one frame when it "
            + "changed since the last publish; HTTP errors and timeouts are logged and retried "
            + "with backoff, never fatal.",
        "  ingest: serve POST /messages?event_code=CODE (body: one frame, Content-Type: "
            + "text/plain, at most 1 MiB, header Authorization: Bearer TOKEN); 202 once Kafka "
            + "acknowledged the frame, 503 if it did not in time. GET /health.",
        ""},
    footer = {"", "Examples:",
        "  lts rest-listener --kafka_servers localhost:9092 --poll_uri http://host/feed "
            + "--event_code santos",
        "  LTS_REST_TOKEN=… lts rest-listener --kafka_servers localhost:9092 --port 8090",
        "  curl -X POST -H 'Authorization: Bearer …' -H 'Content-Type: text/plain' "
            + "--data-binary @frame.txt 'http://localhost:8090/messages?event_code=santos'",
        "", "Exit codes: 0 stopped (SIGTERM), 1 failed, 2 bad options."})
public final class RestListenerCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(RestListenerCommand.class);

  @Mixin
  KafkaOptions kafka;

  @ArgGroup(exclusive = true, multiplicity = "1",
      heading = "Mode (exactly one: poll with --poll_uri, or ingest with --port):%n")
  Mode mode;

  /** Poll or ingest. */
  static final class Mode {
    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Poll mode:%n")
    PollMode poll;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Ingest mode:%n")
    IngestMode ingest;
  }

  /** The poll mode's options. */
  static final class PollMode {
    @Option(names = {"--poll_uri", "--poll-uri"}, required = true, paramLabel = "URL",
        description = "The http(s) URL to GET.")
    String uri;

    @Option(names = {"--interval_ms", "--interval-ms"}, defaultValue = "1000", paramLabel = "MS",
        description = "Time between two GETs (default: ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = {"--timeout_ms", "--timeout-ms"}, defaultValue = "5000", paramLabel = "MS",
        description = "How long one GET may take (default: ${DEFAULT-VALUE}).")
    long timeoutMs;
  }

  /** The ingest mode's options. */
  static final class IngestMode {
    @Option(names = "--port", required = true, paramLabel = "PORT",
        description = "Port of the HTTP server (0 for any free port).")
    int port;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:LTS_REST_TOKEN}",
        showDefaultValue = Visibility.NEVER,
        description = "Bearer token the clients must send; better from env LTS_REST_TOKEN "
            + "(a command line is visible to other users).")
    String token;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "${env:LTS_REST_HOST}",
        description = "Address to bind (default: all; env LTS_REST_HOST).")
    String host;
  }

  @Option(names = {"--kafka_topic", "--kafka-topic"}, paramLabel = "TOPIC",
      defaultValue = "${env:LTS_REST_KAFKA_TOPIC:-raw-messages}",
      description = "Topic to write the envelopes to (default: ${DEFAULT-VALUE}; "
          + "env LTS_REST_KAFKA_TOPIC).")
  String topic;

  @Option(names = {"--event_code", "--event-code"}, paramLabel = "CODE",
      converter = EventCodeConverter.class,
      defaultValue = "${env:LTS_REST_EVENT_CODE}",
      description = "The feed (" + EventCode.RULE + "), the key of the records. Poll mode: required. "
          + "Ingest mode: when given, only this event is accepted (others: 404) "
          + "(env LTS_REST_EVENT_CODE).")
  String eventCode;

  @Option(names = {"--ack_timeout_ms", "--ack-timeout-ms"}, defaultValue = "10000",
      paramLabel = "MS",
      description = "How long to wait for Kafka to acknowledge a frame; ingest mode answers 503 "
          + "past it (default: ${DEFAULT-VALUE}).")
  long ackTimeoutMs;

  @Mixin
  Verbosity verbosity;

  @Mixin
  AdminOptions admin;

  @Spec
  CommandSpec spec;

  private final CountDownLatch started = new CountDownLatch(1);
  private volatile Runner runner;
  private volatile int port = -1;

  @Override
  public Integer call() throws Exception {
    validate();
    PrometheusMeterRegistry registry = AdminServer.registry();
    try (KafkaFramePublisher publisher = RestListener.publisher(kafka.servers.trim(), topic,
        Duration.ofMillis(ackTimeoutMs))) {
      Runner r = mode.poll != null ? pollRunner(publisher, registry) : ingestRunner(publisher, registry);
      runner = r;
      return RunnerMain.run("rest-listener", r, admin, registry);
    } finally {
      started.countDown();
    }
  }

  /** Bad options are a usage error (exit 2). */
  void validate() {
    if (kafka.servers == null || kafka.servers.isBlank()) {
      throw usage("--kafka_servers must not be blank");
    }
    if (topic == null || topic.isBlank()) {
      throw usage("--kafka_topic must not be blank");
    }
    if (eventCode != null && !EventCode.isValid(eventCode)) {
      throw usage("--event_code: " + EventCode.problem(eventCode));
    }
    if (ackTimeoutMs < 1) {
      throw usage("--ack_timeout_ms must be positive");
    }
    if (mode.poll != null) {
      PollMode p = mode.poll;
      if (eventCode == null) {
        throw usage("the poll mode needs --event_code (the key of the records)");
      }
      URI uri;
      try {
        uri = new URI(p.uri.trim());
      } catch (URISyntaxException e) {
        throw usage("--poll_uri is not a URL: " + e.getMessage());
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw usage("--poll_uri must be an http:// or https:// URL, not '" + p.uri + "'");
      }
      if (p.intervalMs < 1) {
        throw usage("--interval_ms must be positive");
      }
      if (p.timeoutMs < 1) {
        throw usage("--timeout_ms must be positive");
      }
    } else {
      IngestMode i = mode.ingest;
      if (i.port < 0 || i.port > 65535) {
        throw usage("--port must be 0 to 65535, not " + i.port);
      }
      if (i.token == null || i.token.isBlank()) {
        throw usage("the ingest mode needs a token: --token or env LTS_REST_TOKEN");
      }
      if (i.token.strip().length() < 16) {
        log.warn("the token is short ({} characters): use at least 16 random ones",
                i.token.strip().length());
      }
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private Runner pollRunner(KafkaFramePublisher publisher, PrometheusMeterRegistry registry) {
    PollMode p = mode.poll;
    RestPoller poller = new RestPoller(URI.create(p.uri.trim()), eventCode,
        Duration.ofMillis(p.intervalMs), Duration.ofMillis(p.timeoutMs), publisher, registry);
    return new Runner() {
      @Override
      public void run() {
        started.countDown();
        poller.run();
      }

      @Override
      public void stop() {
        poller.stop();
      }

      @Override
      public String health() {
        String problem = poller.health();
        return problem != null ? problem : publisher.health();
      }
    };
  }

  private Runner ingestRunner(KafkaFramePublisher publisher, PrometheusMeterRegistry registry) {
    IngestMode i = mode.ingest;
    IngestServer.Settings settings = new IngestServer.Settings(
        i.host == null || i.host.isBlank() ? null : i.host.trim(), i.port, i.token.strip(),
        eventCode, IngestServer.MAX_BODY_BYTES);
    CountDownLatch stop = new CountDownLatch(1);
    return new Runner() {
      @Override
      public void run() throws InterruptedException {
        try (IngestServer server = IngestServer.start(settings, publisher, registry)) {
          port = server.port();
          started.countDown();
          stop.await();
        }
      }

      @Override
      public void stop() {
        stop.countDown();
      }

      @Override
      public String health() {
        return publisher.health();
      }
    };
  }

  /** Stops a running command (what SIGTERM does), for tests. */
  void stop() {
    Runner r = runner;
    if (r != null) {
      r.stop();
    }
  }

  /** Waits until the command runs; the ingest server's port (-1 in poll mode), for tests. */
  int awaitStarted(Duration timeout) throws InterruptedException {
    if (!started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("rest-listener did not start within " + timeout);
    }
    return port;
  }
}
