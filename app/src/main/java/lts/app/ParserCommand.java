package lts.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.Callable;
import lts.app.runner.AdminOptions;
import lts.app.runner.AdminServer;
import lts.app.runner.KafkaOptions;
import lts.app.runner.Runner;
import lts.app.runner.RunnerMain;
import lts.parser.runner.ParserConfig;
import lts.parser.runner.ParserRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lts parser}: the parser runner, raw-messages → race-events, exactly once. */
@Command(name = "parser", mixinStandardHelpOptions = true,
    description = {
        "Consumes websocket frames (envelopes) from Kafka, runs the Apex protocol engine of each "
            + "event code and publishes the typed race events as JSON (key: event code), exactly "
            + "once: Kafka transactions, and the engines rebuilt from the input topic on every "
            + "start. What the engine cannot use and records that are not envelopes go to the "
            + "errors topic. The input topic must keep every record (retention.ms=-1).", ""},
    footer = {"", "Examples:",
        "  lts parser --kafka_servers localhost:9092",
        "  LTS_KAFKA_SERVERS=kafka:9092 lts parser --admin_port 8081",
        "  lts parser --kafka_servers kafka:9092 --transactional_id lts-parser-2",
        "", "Exit codes: 0 stopped (SIGTERM), 1 failed (e.g. fenced by another instance with the "
            + "same transactional id), 2 bad options."})
public final class ParserCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Option(names = {"--input_topic", "--input-topic"}, paramLabel = "TOPIC",
      defaultValue = "${env:LTS_PARSER_INPUT_TOPIC:-raw-messages}",
      description = "Topic of the envelopes to parse, keyed by event code "
          + "(default: ${DEFAULT-VALUE}; env LTS_PARSER_INPUT_TOPIC).")
  String inputTopic;

  @Option(names = {"--output_topic", "--output-topic"}, paramLabel = "TOPIC",
      defaultValue = "${env:LTS_PARSER_OUTPUT_TOPIC:-race-events}",
      description = "Topic of the race events, JSON keyed by event code "
          + "(default: ${DEFAULT-VALUE}; env LTS_PARSER_OUTPUT_TOPIC).")
  String outputTopic;

  @Option(names = {"--errors_topic", "--errors-topic"}, paramLabel = "TOPIC",
      defaultValue = "${env:LTS_PARSER_ERRORS_TOPIC:-raw-messages-errors}",
      description = "Topic of what could not be parsed, as envelopes with error_description and "
          + "error_trace (default: ${DEFAULT-VALUE}; env LTS_PARSER_ERRORS_TOPIC).")
  String errorsTopic;

  @Option(names = {"--kafka_group", "--kafka-group"}, paramLabel = "GROUP",
      defaultValue = "${env:LTS_PARSER_KAFKA_GROUP:-parser}",
      description = "Consumer group; its committed offsets say how far the parser got "
          + "(default: ${DEFAULT-VALUE}; env LTS_PARSER_KAFKA_GROUP).")
  String group;

  @Option(names = {"--transactional_id", "--transactional-id"}, paramLabel = "ID",
      defaultValue = "${env:LTS_PARSER_TRANSACTIONAL_ID}",
      description = "Kafka transactional id (and group instance id) of this instance: keep it "
          + "across restarts so a restarted instance fences the old one, give each instance of "
          + "a group its own (default: lts-parser-<group>; env LTS_PARSER_TRANSACTIONAL_ID).")
  String transactionalId;

  @Mixin
  Verbosity verbosity;

  @Mixin
  AdminOptions admin;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ParserConfig config = config();
    PrometheusMeterRegistry registry = AdminServer.registry();
    ParserRunner parser = new ParserRunner(config, registry);
    return RunnerMain.run("parser", new Runner() {
      @Override
      public void run() {
        parser.run();
      }

      @Override
      public void stop() {
        parser.stop();
      }

      @Override
      public String health() {
        return parser.health();
      }
    }, admin, registry);
  }

  /** The runner's settings from the options; bad values are a usage error (exit 2). */
  ParserConfig config() {
    require(kafka.servers, "--kafka_servers");
    require(inputTopic, "--input_topic");
    require(outputTopic, "--output_topic");
    require(errorsTopic, "--errors_topic");
    require(group, "--kafka_group");
    if (transactionalId != null && transactionalId.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--transactional_id must not be blank");
    }
    if (inputTopic.equals(outputTopic) || inputTopic.equals(errorsTopic)) {
      throw new ParameterException(spec.commandLine(), "--input_topic " + inputTopic
          + " cannot also be the output or errors topic");
    }
    ParserConfig config = ParserConfig.of(kafka.servers.trim()).withInputTopic(inputTopic)
        .withOutputTopic(outputTopic).withErrorsTopic(errorsTopic).withGroup(group);
    return transactionalId == null ? config : config.withTransactionalId(transactionalId);
  }

  private void require(String value, String option) {
    if (value == null || value.isBlank()) {
      throw new ParameterException(spec.commandLine(), option + " must not be blank");
    }
  }
}
