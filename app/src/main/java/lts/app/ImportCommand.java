package lts.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import lts.app.runner.KafkaOptions;
import lts.contracts.Topics;
import lts.recordings.RecordingFormatException;
import lts.recordings.RecordingReader;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lts import FILE...}: recordings into {@code raw-messages} with their recorded instants,
 * at full speed; the parser and metrics then compute each race as if it were live (see
 * {@link RecordingImport}).
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Puts recordings into Kafka (raw-messages) as the listeners would have, each frame with "
            + "its recorded instant, as fast as Kafka takes them: lts parser and lts metrics then "
            + "compute the race on its own clock, as if live. A recording imported again, or "
            + "again after an interrupted import, goes on where it stopped: no frame twice.",
        ""},
    footer = {"", "Example:",
        "  lts import --kafka_servers localhost:9092 ../shared/data/apex/santos-12h-2026-04-25.log.gz"})
final class ImportCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Option(names = {"--kafka_topic", "--kafka-topic"}, paramLabel = "TOPIC",
      defaultValue = "${env:LTS_KAFKA_TOPIC:-" + Topics.RAW_MESSAGES + "}",
      description = "Topic to put the frames in (default: ${DEFAULT-VALUE}; env LTS_KAFKA_TOPIC).")
  String topic;

  @Option(names = {"--event_code", "--event-code"}, paramLabel = "CODE",
      converter = EventCodeConverter.class,
      description = "Event code to give the frames (default: from the recording or its file name).")
  String eventCode;

  @Option(names = {"--zone"}, defaultValue = "${env:LTS_ZONE:-UTC}", paramLabel = "ZONE",
      description = "Time zone of the timestamps of timestamp logs (default: ${DEFAULT-VALUE}).")
  ZoneId zone;

  @Mixin
  Verbosity verbosity;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Recordings to import, in order.")
  List<Path> files;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Frames imported per file at most (tests interrupt an import with it). */
  long maxFrames = Long.MAX_VALUE;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (kafka.servers == null || kafka.servers.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--kafka_servers must not be blank");
    }
    if (topic == null || topic.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--kafka_topic must not be blank");
    }
    for (Path file : files) {
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new UserInputException("cannot read " + file + ": give the path of an Apex "
            + "recording (.log, .jsonl or .ndjson, gzipped or not)");
      }
    }
    RecordingReader.Options options = RecordingReader.Options.DEFAULTS.withZone(zone);
    if (eventCode != null) {
      options = options.withEventCode(eventCode);
    }
    PrintWriter err = spec.commandLine().getErr();
    RecordingImport recordingImport = new RecordingImport(kafka.servers.trim(), topic.trim());
    for (Path file : files) {
      ProgressBar bar = new ProgressBar(System.err, ProgressBar.stderrIsTerminal(),
          file.getFileName().toString());
      RecordingImport.Result result;
      try {
        result = recordingImport.run(file, options, maxFrames,
            (bytes, total, frames) -> bar.update(bytes, total, frames, "frames"));
      } catch (RecordingFormatException e) {
        throw new UserInputException(e.getMessage(), e);
      } catch (KafkaException e) {
        throw new UserInputException("cannot import into " + topic + " at " + kafka.servers
            + ": " + e.getMessage() + " (is Kafka up, and does the topic exist? lts kafka-check"
            + " tells)", e);
      } finally {
        bar.finish();
      }
      err.printf("lts import: %s: %,d frames of %s, %,d put in %s, %,d there already%n",
          file.getFileName(), result.frames(), result.eventCode(), result.imported(), topic,
          result.alreadyThere());
      err.flush();
    }
    return 0;
  }
}
