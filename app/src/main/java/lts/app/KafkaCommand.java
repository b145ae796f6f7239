package lts.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import lts.kafka.broker.EmbeddedKafka;
import lts.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lts kafka}: a real single-node Apache Kafka 4.4 broker (KRaft) in this JVM. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = {
        "Runs a real single-node Apache Kafka 4.4 broker (KRaft, no ZooKeeper) in this JVM for "
            + "development and demos, and creates the pipeline's topics (" + "raw-messages, "
            + "race-events, raw-messages-errors, race-updates). Stops cleanly on Ctrl-C / SIGTERM.",
        ""},
    footer = {"", "Example:", "  lts kafka --port 9092 --data_dir ./artifacts/kafka",
        "  then: lts ws-listener --kafka_servers localhost:9092 --websocket_uri ws://…"})
final class KafkaCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(KafkaCommand.class);

  @Spec
  CommandSpec spec;

  @Option(names = "--port", defaultValue = "${env:LTS_KAFKA_PORT:-9092}", paramLabel = "PORT",
      description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 for any free port).")
  int port;

  @Option(names = {"--data_dir", "--data-dir"}, defaultValue = "${env:LTS_KAFKA_DATA_DIR:-./artifacts/kafka}",
      paramLabel = "DIR", description = "Where the broker keeps its data; kept across restarts "
          + "(default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--partitions", defaultValue = "3", paramLabel = "N",
      description = "Partitions of each topic created at start (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Mixin
  Verbosity verbosity;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0 to 65535, not " + port);
    }
    if (partitions < 1) {
      throw new ParameterException(spec.commandLine(), "--partitions must be at least 1");
    }
    EmbeddedKafka kafka;
    try {
      kafka = EmbeddedKafka.start(dataDir, port, partitions, Topics.ALL);
    } catch (Exception e) {
      throw new UserInputException("cannot start Kafka on port " + port + " with data in " + dataDir
          + ": " + e.getMessage() + " (is the port taken? try --port 0 or another --data_dir)", e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping Kafka");
      kafka.close();
      stopped.countDown();
    }, "kafka-shutdown"));
    spec.commandLine().getErr().println("Kafka is ready: --kafka_servers " + kafka.bootstrapServers()
        + " (topics " + String.join(", ", Topics.ALL) + "). Ctrl-C to stop.");
    spec.commandLine().getErr().flush();
    stopped.await();
    return 0;
  }
}
