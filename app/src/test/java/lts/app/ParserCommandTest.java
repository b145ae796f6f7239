package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import lts.parser.runner.ParserConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code lts parser}: options, defaults, usage errors (the runner itself is tested in the parser module). */
class ParserCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine cli(ParserCommand command) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
  }

  private int run(String... args) {
    return cli(new ParserCommand()).execute(args);
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("--kafka_servers", "--kafka-servers", "--input_topic",
        "--input-topic", "--output_topic", "--output-topic", "--errors_topic", "--errors-topic",
        "--kafka_group", "--kafka-group", "--transactional_id", "--transactional-id",
        "--verbosity", "--admin_port", "--admin-port", "--help", "--version",
        "raw-messages", "race-events", "raw-messages-errors", "lts-parser-<group>",
        "LTS_KAFKA_SERVERS", "LTS_PARSER_INPUT_TOPIC", "LTS_PARSER_TRANSACTIONAL_ID",
        "retention.ms=-1");
  }

  @Test
  void badOptionsExitWith2AndSayWhatIsWrong() {
    if (System.getenv("LTS_KAFKA_SERVERS") == null) {
      assertThat(run()).isEqualTo(2);
      assertThat(err.toString()).contains("--kafka_servers");
    }
    assertThat(run("--kafka_servers", "localhost:9092", "--no-such-option")).isEqualTo(2);
    assertThat(run("--kafka_servers", "localhost:9092", "--verbosity", "9")).isEqualTo(2);
    assertThat(err.toString()).contains("verbosity", "9");
    assertThat(run("--kafka_servers", "localhost:9092", "--admin_port", "http")).isEqualTo(2);
    assertThat(run("--kafka_servers", " ")).isEqualTo(2);
    assertThat(err.toString()).contains("--kafka_servers must not be blank");
    assertThat(run("--kafka_servers", "localhost:9092", "--input_topic", "race-events")).isEqualTo(2);
    assertThat(err.toString()).contains("cannot also be the output or errors topic");
    assertThat(run("--kafka_servers", "localhost:9092", "--kafka_group", "")).isEqualTo(2);
    assertThat(run("--kafka_servers", "localhost:9092", "--transactional_id", "")).isEqualTo(2);
  }

  @Test
  void defaultsAreThePipelineTopicsAndAnIdPerGroup() {
    ParserCommand command = new ParserCommand();
    cli(command).parseArgs("--kafka_servers", "k1:9092,k2:9092");
    ParserConfig config = command.config();
    assertThat(config.servers()).isEqualTo("k1:9092,k2:9092");
    assertThat(config.inputTopic()).isEqualTo("raw-messages");
    assertThat(config.outputTopic()).isEqualTo("race-events");
    assertThat(config.errorsTopic()).isEqualTo("raw-messages-errors");
    assertThat(config.group()).isEqualTo("parser");
    assertThat(config.transactionalId()).isEqualTo("lts-parser-parser");
  }

  @Test
  void kebabCaseAliasesSetTheSameSettings() {
    ParserCommand command = new ParserCommand();
    cli(command).parseArgs("--kafka-servers", "k:1", "--input-topic", "in", "--output-topic", "out",
        "--errors-topic", "bad", "--kafka-group", "g2", "--admin-port", "0", "-v", "3");
    ParserConfig config = command.config();
    assertThat(config.inputTopic()).isEqualTo("in");
    assertThat(config.outputTopic()).isEqualTo("out");
    assertThat(config.errorsTopic()).isEqualTo("bad");
    assertThat(config.group()).isEqualTo("g2");
    assertThat(config.transactionalId()).isEqualTo("lts-parser-g2");
    assertThat(command.admin.port).isZero();
    ParserCommand withId = new ParserCommand();
    cli(withId).parseArgs("--kafka_servers", "k:1", "--transactional-id", "lts-parser-a");
    assertThat(withId.config().transactionalId()).isEqualTo("lts-parser-a");
  }
}
