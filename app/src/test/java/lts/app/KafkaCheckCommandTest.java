package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lts.contracts.Topics;
import lts.kafka.KafkaClients;
import lts.kafka.broker.EmbeddedKafka;
import lts.testkit.Await;
import lts.testkit.TestBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

class KafkaCheckCommandTest {

  private final CommandRun shell = new CommandRun();
  private final StringWriter out = shell.out;
  private final StringWriter err = shell.err;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(KafkaCheckCommand.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
    // its own level: a command run beside this class (with another --verbosity) sets the root's
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
    logger.setLevel(null);
  }

  private List<String> logLines(String prefix) {
    synchronized (logs) {
      return logs.list.stream().map(ILoggingEvent::getFormattedMessage)
          .filter(m -> m.startsWith(prefix)).collect(Collectors.toList());
    }
  }

  private int run(String... args) {
    return shell.run(new KafkaCheckCommand(), args);
  }

  private CompletableFuture<Integer> start(KafkaCheckCommand running, String... args) {
    return shell.start(running, args);
  }

  private static List<Integer> numbers(List<String> lines) {
    Pattern n = Pattern.compile("(?:\"n\":|\\bn=)(\\d+)");
    List<Integer> result = new ArrayList<>();
    for (String line : lines) {
      Matcher m = n.matcher(line);
      if (m.find()) {
        result.add(Integer.parseInt(m.group(1)));
      }
    }
    return result;
  }

  // ---------------------------------------------------------------- options

  @Test
  void aBadTestModeIsAUsageError() {
    assertThat(run("--kafka_servers", "h:1", "--kafka_topic", "t", "--test_mode", "both"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--test_mode").contains("expected producer or consumer");
  }

  @Test
  void missingOrBadOptionsAreUsageErrors() {
    List<String[]> bad = List.of(
        new String[] {"--kafka_servers", "h:1", "--test_mode", "producer"},
        new String[] {"--kafka_servers", "h:1", "--kafka_topic", "t"},
        new String[] {"--kafka_servers", "h:1", "--kafka_topic", "t", "--test_mode", "producer",
            "--count", "0"},
        new String[] {"--kafka_servers", "h:1", "--kafka_topic", " ", "--test_mode", "producer"},
        new String[] {"--kafka_servers", "h:1", "--kafka_topic", "t", "--test_mode", "consumer",
            "--kafka_group", ""},
        new String[] {"--kafka_servers", "h:1", "--kafka_topic", "t", "--test_mode", "producer",
            "--interval_ms", "-1"});
    for (String[] args : bad) {
      StringWriter e = new StringWriter();
      CommandLine cli = new CommandLine(new KafkaCheckCommand());
      cli.setErr(new PrintWriter(e, true));
      assertThat(cli.execute(args)).as(String.join(" ", args) + " → " + e).isEqualTo(2);
    }
  }

  @Test
  void theOriginalOptionNamesAndKebabCaseAliasesAreAccepted() {
    KafkaCheckCommand a = new KafkaCheckCommand();
    new CommandLine(a).parseArgs("--kafka_servers", "h:1", "--kafka_topic", "test-topic",
        "--kafka_group", "test-group", "--test_mode", "consumer", "--verbosity", "1");
    assertThat(a.kafka.servers).isEqualTo("h:1");
    assertThat(a.topic).isEqualTo("test-topic");
    assertThat(a.group).isEqualTo("test-group");
    assertThat(a.testMode).isEqualTo(KafkaCheckCommand.TestMode.CONSUMER);
    assertThat(a.count).isNull();
    assertThat(a.intervalMs).isEqualTo(1000);
    KafkaCheckCommand b = new KafkaCheckCommand();
    new CommandLine(b).parseArgs("--kafka-servers", "h:1", "--kafka-topic", "t", "--kafka-group",
        "g", "--test-mode", "PRODUCER", "--count", "3", "--interval-ms", "5");
    assertThat(b.testMode).isEqualTo(KafkaCheckCommand.TestMode.PRODUCER);
    assertThat(b.group).isEqualTo("g");
    assertThat(b.count).isEqualTo(3L);
    assertThat(b.intervalMs).isEqualTo(5);
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.INFO);
  }

  // ---------------------------------------------------------------- against Kafka

  @Test
  void theConsumerReceivesWhatTheProducerSent() throws Exception {
    EmbeddedKafka kafka = TestBroker.shared(2, Topics.ALL);
    String topic = "check-" + System.nanoTime();
    kafka.createTopics(List.of(topic), 2);
    String servers = kafka.bootstrapServers();

    assertThat(run("--kafka_servers", servers, "--kafka_topic", topic, "--test_mode", "producer",
        "--count", "5", "--interval_ms", "20")).as(err.toString()).isZero();
    List<String> acks = logLines("ack ");
    assertThat(numbers(acks)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    assertThat(acks).allMatch(a -> a.matches("ack n=\\d+ partition=\\d+ offset=\\d+"));

    assertThat(run("--kafka_servers", servers, "--kafka_topic", topic, "--kafka_group", "g1",
        "--test_mode", "consumer", "--count", "5")).as(err.toString()).isZero();
    List<String> messages = logLines("message ");
    assertThat(messages).hasSize(5).allMatch(m -> m.matches(
        "message partition=\\d+ offset=\\d+ key=null value=\\{\"n\":\\d+,\"at\":\\d+\\}"));
    assertThat(numbers(messages)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);

    // the group committed what it logged: run again, nothing new, stop it like SIGTERM would
    synchronized (logs) {
      logs.list.clear();
    }
    KafkaCheckCommand again = new KafkaCheckCommand();
    CompletableFuture<Integer> code = start(again, "--kafka_servers", servers, "--kafka_topic",
        topic, "--kafka_group", "g1", "--test_mode", "consumer");
    // a marker after, on each partition (one partition keeps order): once both are logged,
    // anything not committed by g1 would have been logged before them
    try (KafkaProducer<String, byte[]> marker = new KafkaProducer<>(
        KafkaClients.producer(servers, "test-marker"))) {
      for (int partition = 0; partition < 2; partition++) {
        marker.send(new ProducerRecord<>(topic, partition, null,
            "marker".getBytes(StandardCharsets.UTF_8))).get();
      }
    }
    Await.until(Duration.ofSeconds(60), () -> logLines("message ").size() >= 2,
        () -> "logged: " + logLines("message "));
    again.stop();
    assertThat(code.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(logLines("message ")).hasSize(2).allMatch(m -> m.endsWith(" value=marker"));
  }

  @Test
  void withoutCountTheProducerRunsUntilStopped() throws Exception {
    EmbeddedKafka kafka = TestBroker.shared(2, Topics.ALL);
    String topic = "check-" + System.nanoTime();
    kafka.createTopics(List.of(topic), 1);
    KafkaCheckCommand producer = new KafkaCheckCommand();
    CompletableFuture<Integer> code = start(producer, "--kafka_servers", kafka.bootstrapServers(),
        "--kafka_topic", topic, "--test_mode", "producer", "--interval_ms", "50");
    Await.until(Duration.ofSeconds(60), () -> logLines("ack ").size() >= 3,
        () -> "acknowledged: " + logLines("ack "));
    producer.stop();
    assertThat(code.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
    List<Integer> acked = numbers(logLines("ack "));
    assertThat(acked.size()).isGreaterThanOrEqualTo(3);
    assertThat(acked).startsWith(1, 2, 3);
  }
}
