package lts.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import lts.app.runner.AdminOptions;
import lts.app.runner.AdminServer;
import lts.app.runner.KafkaOptions;
import lts.app.runner.Runner;
import lts.app.runner.RunnerMain;
import lts.listener.ws.WebSocketUris;
import lts.listener.ws.WsListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lts ws-listener}: the Apex Timing websocket into Kafka, one envelope per text frame on
 * {@code raw-messages}, reconnecting forever, holding frames while Kafka is away.
 */
@Command(name = "ws-listener", mixinStandardHelpOptions = true,
    description = {
        "Listens to an Apex Timing live feed (a websocket, ws:// or wss://) and writes every text "
            + "frame, as received, to Kafka: one record per frame, key = event code, value = a "
            + "JSON envelope {event_code, data, source: ws-listener, created_at, updated_at}.",
        "Reconnects forever (1 s doubling to 60 s) after any close or error; while Kafka is "
            + "unreachable it holds the frames and stops reading the socket (backpressure) "
            + "rather than dropping anything. Stops on SIGTERM / Ctrl-C.", ""},
    footer = {"", "Examples:",
        "  lts ws-listener --kafka_servers localhost:9092 \\",
        "      --websocket_uri ws://www.apex-timing.com:8092",
        "  lts ws-listener --kafka_servers localhost:9092 \\",
        "      --websocket_uri wss://live-data.apex-timing.com:8093 \\",
        "      --event_code santos-12h-2026-04-25 --admin_port 9100",
        "  lts replay --file race.log.gz &      # an Apex-like feed on port 8092",
        "  lts ws-listener --kafka_servers localhost:9092 \\",
        "      --websocket_uri ws://localhost:8092",
        "",
        "Metrics on --admin_port (/metrics): frames_received, records_acked,",
        "send_failures, reconnects, binary_frames_ignored, frames_too_large,",
        "records_lost, records_pending, websocket_connected."})
public final class WsListenerCommand implements Callable<Integer> {

  /** A desktop Chrome User-Agent, as the Apex page's own clients send. */
  static final String BROWSER_USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
      + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

  @Mixin
  KafkaOptions kafka;

  @Option(names = {"--websocket_uri", "--websocket-uri"}, required = true, paramLabel = "URI",
      defaultValue = "${env:LTS_WEBSOCKET_URI}", converter = WebSocketUriConverter.class,
      description = "Websocket of the live feed, ws:// or wss://, e.g. ws://www.apex-timing.com:8092 "
          + "or wss://live-data.apex-timing.com:8093 (the port is in the timing page's "
          + "javascript/config.js) (env LTS_WEBSOCKET_URI).")
  URI websocketUri;

  @Option(names = {"--kafka_topic", "--kafka-topic"}, paramLabel = "TOPIC",
      defaultValue = "${env:LTS_KAFKA_TOPIC:-raw-messages}",
      description = "Kafka topic to write the frames to (default: ${DEFAULT-VALUE}; "
          + "env LTS_KAFKA_TOPIC).")
  String topic;

  @Option(names = {"--event_code", "--event-code"}, paramLabel = "CODE",
      converter = EventCodeConverter.class,
      defaultValue = "${env:LTS_EVENT_CODE}",
      description = "Event code of the feed: the key and event_code of every record (default: "
          + "host, port and the UTC date the listener starts, e.g. "
          + "www-apex-timing-com-8092-2026-11-27; env LTS_EVENT_CODE).")
  String eventCode;

  @Option(names = "--origin", paramLabel = "URL",
      defaultValue = "${env:LTS_ORIGIN:-https://www.apex-timing.com}",
      description = "Origin header of the websocket handshake, as a browser on the timing page "
          + "sends it; empty for none (default: ${DEFAULT-VALUE}; env LTS_ORIGIN).")
  String origin;

  @Option(names = {"--user_agent", "--user-agent"}, paramLabel = "TEXT",
      defaultValue = "${env:LTS_USER_AGENT:-" + BROWSER_USER_AGENT + "}",
      description = "User-Agent header of the websocket handshake; empty for Java's (default: a "
          + "desktop Chrome; env LTS_USER_AGENT).")
  String userAgent;

  @Mixin
  Verbosity verbosity;

  @Mixin
  AdminOptions admin;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Called with the runner once it is built, before it runs (tests stop it through this). */
  Consumer<Runner> started = runner -> { };

  /** Turns {@code --websocket_uri} into a checked ws/wss URI (bad input: exit 2). */
  static final class WebSocketUriConverter implements CommandLine.ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      try {
        return WebSocketUris.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    if (topic == null || topic.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--kafka_topic must not be empty (default: raw-messages)");
    }
    if (eventCode != null && eventCode.isBlank()) {
      eventCode = null;
    }
    WsListener.Config config = WsListener.Config.of(websocketUri)
        .withTopic(topic.trim())
        .withEventCode(eventCode == null ? null : eventCode.trim())
        .withHeaders(origin, userAgent);
    PrometheusMeterRegistry registry = AdminServer.registry();
    WsListener listener;
    try {
      listener = WsListener.create(config, kafka.servers, registry);
    } catch (org.apache.kafka.common.KafkaException e) {
      // e.g. no resolvable bootstrap address: bad input, not a failure while running
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new UserInputException("cannot use --kafka_servers '" + kafka.servers + "': "
          + cause.getMessage() + " (give host:port[,host:port…], e.g. localhost:9092)");
    }
    Runner runner = new Runner() {
      @Override
      public void run() throws Exception {
        listener.run();
      }

      @Override
      public void stop() {
        listener.stop();
      }

      @Override
      public String health() {
        return listener.health();
      }
    };
    started.accept(runner);
    return RunnerMain.run("ws-listener", runner, admin, registry);
  }
}
