package lts.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import lts.app.runner.AdminOptions;
import lts.app.runner.AdminServer;
import lts.app.runner.KafkaOptions;
import lts.app.runner.Runner;
import lts.app.runner.RunnerMain;
import lts.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code lts kafka-check}: the original's {@code kafka_check}, a dummy producer or consumer to see
 * that a Kafka cluster works.
 */
@Command(name = "kafka-check", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Checks that Kafka works with a dummy producer or consumer (the original kafka_check). "
            + "producer: sends a numbered message {\"n\":…,\"at\":…} every --interval_ms and logs "
            + "each acknowledgement. consumer: subscribes with --kafka_group and logs each message "
            + "(partition, offset, key, value). Runs until Ctrl-C / SIGTERM, or --count messages.",
        ""},
    footer = {"", "Examples:",
        "  lts kafka-check --kafka_servers localhost:9092 --kafka_topic test-topic "
            + "--kafka_group test-group --test_mode consumer --verbosity 1",
        "  lts kafka-check --kafka_servers localhost:9092 --kafka_topic test-topic "
            + "--test_mode producer --verbosity 1",
        "", "Exit codes: 0 stopped or done, 1 failed (e.g. a message not acknowledged), "
            + "2 bad options."})
public final class KafkaCheckCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(KafkaCheckCommand.class);
  private static final int MAX_VALUE_CHARS = 1000;

  /** What to check with. */
  enum TestMode { PRODUCER, CONSUMER }

  /** {@code producer} / {@code consumer}, any case; anything else is a usage error. */
  static final class TestModeConverter implements ITypeConverter<TestMode> {
    @Override
    public TestMode convert(String value) {
      for (TestMode m : TestMode.values()) {
        if (m.name().equalsIgnoreCase(value.trim())) {
          return m;
        }
      }
      throw new TypeConversionException("expected producer or consumer, not '" + value + "'");
    }
  }

  @Mixin
  KafkaOptions kafka;

  @Option(names = {"--kafka_topic", "--kafka-topic"}, required = true, paramLabel = "TOPIC",
      description = "Topic to write to or read from.")
  String topic;

  @Option(names = {"--kafka_group", "--kafka-group"}, paramLabel = "GROUP",
      defaultValue = "kafka-check",
      description = "Consumer group of the consumer mode (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(names = {"--test_mode", "--test-mode"}, required = true, paramLabel = "MODE",
      converter = TestModeConverter.class, description = "producer or consumer.")
  TestMode testMode;

  @Option(names = "--count", paramLabel = "N",
      description = "Stop after N messages sent (and acknowledged) or received (default: "
          + "unlimited).")
  Long count;

  @Option(names = {"--interval_ms", "--interval-ms"}, defaultValue = "1000", paramLabel = "MS",
      description = "Producer: time between two messages (default: ${DEFAULT-VALUE}).")
  long intervalMs;

  @Mixin
  Verbosity verbosity;

  @Mixin
  AdminOptions admin;

  @Spec
  CommandSpec spec;

  private final CountDownLatch started = new CountDownLatch(1);
  private volatile Runner runner;

  @Override
  public Integer call() throws Exception {
    validate();
    PrometheusMeterRegistry registry = AdminServer.registry();
    Runner r = testMode == TestMode.PRODUCER ? new Producer() : new Consumer();
    runner = r;
    started.countDown();
    return RunnerMain.run("kafka-check", r, admin, registry);
  }

  void validate() {
    if (kafka.servers == null || kafka.servers.isBlank()) {
      throw usage("--kafka_servers must not be blank");
    }
    if (topic.isBlank()) {
      throw usage("--kafka_topic must not be blank");
    }
    if (group == null || group.isBlank()) {
      throw usage("--kafka_group must not be blank");
    }
    if (count != null && count < 1) {
      throw usage("--count must be at least 1, not " + count);
    }
    if (intervalMs < 0) {
      throw usage("--interval_ms must not be negative");
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private boolean more(long done) {
    return count == null || done < count;
  }

  /** Sends numbered messages and logs each acknowledgement. */
  private final class Producer implements Runner {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    @Override
    public void run() throws InterruptedException {
      log.info("kafka-check producer: a message every {} ms to {} on {}{}", intervalMs, topic,
          kafka.servers, count == null ? "" : " (" + count + " messages)");
      long sent = 0;
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(KafkaClients.producer(kafka.servers.trim(), "kafka-check"))) {
        while (more(sent) && stop.getCount() > 0) {
          long n = ++sent;
          String value = "{\"n\":" + n + ",\"at\":" + System.currentTimeMillis() + "}";
          try {
            producer.send(new ProducerRecord<>(topic, null, value.getBytes(StandardCharsets.UTF_8)),
                (meta, error) -> {
                  if (error == null) {
                    acked.incrementAndGet();
                    log.info("ack n={} partition={} offset={}", n, meta.partition(), meta.offset());
                  } else {
                    failed.incrementAndGet();
                    log.error("message n={} not acknowledged: {}", n, error.toString());
                  }
                });
          } catch (RuntimeException e) {
            failed.incrementAndGet();
            log.error("message n={} not sent: {}", n, e.toString());
          }
          if (more(sent) && stop.await(intervalMs, TimeUnit.MILLISECONDS)) {
            break;
          }
        }
        producer.flush();
      }
      log.info("kafka-check producer: {} sent, {} acknowledged, {} failed", sent, acked.get(),
          failed.get());
      if (failed.get() > 0) {
        throw new IllegalStateException(failed.get() + " of " + sent + " messages not acknowledged");
      }
    }

    @Override
    public void stop() {
      stop.countDown();
    }

    @Override
    public String health() {
      return failed.get() == 0 ? null : failed.get() + " messages not acknowledged";
    }
  }

  /** Subscribes with the group and logs each message; commits what it logged. */
  private final class Consumer implements Runner {
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;

    @Override
    public void run() {
      log.info("kafka-check consumer: reading {} as group {} on {}{}", topic, group, kafka.servers,
          count == null ? "" : " (" + count + " messages)");
      long received = 0;
      try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
          KafkaClients.consumer(kafka.servers.trim(), group, "kafka-check"))) {
        consumer = c;
        if (stopping) {
          return;
        }
        c.subscribe(List.of(topic));
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try {
          while (more(received) && !stopping) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
              received++;
              log.info("message partition={} offset={} key={} value={}", r.partition(), r.offset(),
                  r.key(), shorten(r.value()));
              done.put(new TopicPartition(r.topic(), r.partition()),
                  new OffsetAndMetadata(r.offset() + 1));
              if (!more(received)) {
                break;
              }
            }
            commit(c, done);
          }
        } catch (WakeupException e) {
          // stop() during poll
        }
        commit(c, done);
      } finally {
        consumer = null;
      }
      log.info("kafka-check consumer: {} messages received", received);
    }

    private void commit(KafkaConsumer<String, byte[]> c, Map<TopicPartition, OffsetAndMetadata> done) {
      if (done.isEmpty()) {
        return;
      }
      try {
        c.commitSync(done, Duration.ofSeconds(10));
        done.clear();
      } catch (WakeupException e) {
        c.commitSync(done, Duration.ofSeconds(10));
        done.clear();
        stopping = true;
      } catch (RuntimeException e) {
        log.warn("cannot commit the offsets of group {}: {}", group, e.toString());
      }
    }

    @Override
    public void stop() {
      stopping = true;
      KafkaConsumer<String, byte[]> c = consumer;
      if (c != null) {
        c.wakeup();
      }
    }
  }

  private static String shorten(byte[] value) {
    if (value == null) {
      return "null";
    }
    String text = new String(value, StandardCharsets.UTF_8);
    return text.length() <= MAX_VALUE_CHARS ? text
        : text.substring(0, MAX_VALUE_CHARS) + "… (" + text.length() + " chars)";
  }

  /** Stops a running command (what SIGTERM does), for tests. */
  void stop() throws InterruptedException {
    started.await(30, TimeUnit.SECONDS);
    Runner r = runner;
    if (r != null) {
      r.stop();
    }
  }
}
