package lts.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lts.app.runner.AdminOptions;
import lts.app.runner.AdminServer;
import lts.app.runner.KafkaOptions;
import lts.app.runner.Runner;
import lts.app.runner.RunnerMain;
import lts.rawstorage.runner.RawStorage;
import lts.rawstorage.runner.RawStorageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lts raw-storage}: consumes the envelopes of {@code raw-messages} and appends them to
 * recording files, one per event and UTC day. Exit codes: 0 after a clean stop (SIGTERM, Ctrl-C),
 * 1 when writing or Kafka fails while running, 2 for bad options or an unusable output path.
 */
@Command(name = "raw-storage", mixinStandardHelpOptions = true,
    description = {
        "Consumes the websocket frames of a Kafka topic (envelopes written by the listeners) and "
            + "appends each to <output_path>/<event_code>/<YYYY-MM-DD>.jsonl (UTC day of "
            + "created_at), the LTS recording format that 'lts parse' and 'lts replay' read. "
            + "Every batch is synced to disk before its offsets are committed; after a crash the "
            + "records already on disk are skipped. Records that are not valid envelopes go to "
            + "<output_path>/_invalid/<date>.jsonl with the reason.", ""},
    footer = {"", "Examples:",
        "  lts raw-storage --kafka_servers localhost:9092",
        "  lts raw-storage --kafka_servers localhost:9092 --output_path /data/recordings \\",
        "      --admin_port 9102 --verbosity 1"})
public final class RawStorageCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Option(names = {"--kafka_topic", "--kafka-topic"}, paramLabel = "TOPIC",
      defaultValue = "${env:LTS_KAFKA_TOPIC:-raw-messages}",
      description = "Kafka topic to subscribe to, holding the envelopes of the listeners "
          + "(default: ${DEFAULT-VALUE}; env LTS_KAFKA_TOPIC).")
  String topic;

  @Option(names = {"--kafka_group", "--kafka-group"}, paramLabel = "GROUP",
      defaultValue = "${env:LTS_KAFKA_GROUP:-raw-storage}",
      description = "Consumer group to subscribe with; its committed offsets say where to resume "
          + "after a restart (default: ${DEFAULT-VALUE}; env LTS_KAFKA_GROUP).")
  String group;

  @Option(names = {"--output_path", "--output-path"}, paramLabel = "DIR",
      defaultValue = "${env:LTS_OUTPUT_PATH:-./artifacts/logs}",
      description = "Directory of the recordings, created when missing; one runner per directory "
          + "(default: ${DEFAULT-VALUE}; env LTS_OUTPUT_PATH).")
  Path outputPath;

  @Mixin
  Verbosity verbosity;

  @Mixin
  AdminOptions admin;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** The runner while {@link #call()} runs (for tests: stop it). */
  volatile RawStorage storage;

  @Override
  public Integer call() throws Exception {
    if (kafka.servers == null || kafka.servers.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--kafka_servers must not be empty: give the Kafka brokers, e.g. localhost:9092");
    }
    if (topic.isBlank() || group.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--kafka_topic and --kafka_group must not be empty");
    }
    try {
      RawStorage.prepareOutput(outputPath);
    } catch (RawStorageException e) {
      spec.commandLine().getErr().println("raw-storage: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return CommandLine.ExitCode.USAGE;
    }
    PrometheusMeterRegistry registry = AdminServer.registry();
    RawStorage runner = new RawStorage(
        RawStorage.Settings.of(kafka.servers.trim(), topic.trim(), group.trim(), outputPath),
        registry);
    storage = runner;
    try {
      return RunnerMain.run("raw-storage", new Runner() {
        @Override
        public void run() throws Exception {
          runner.run();
        }

        @Override
        public void stop() {
          runner.stop();
        }

        @Override
        public String health() {
          return runner.health();
        }
      }, admin, registry);
    } catch (RawStorageException e) {
      spec.commandLine().getErr().println("raw-storage: failed: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return CommandLine.ExitCode.SOFTWARE;
    } finally {
      storage = null;
    }
  }
}
