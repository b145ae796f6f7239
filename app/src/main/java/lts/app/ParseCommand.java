package lts.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import lts.core.event.RaceEvent;
import lts.core.protocol.ApexEngine;
import lts.core.protocol.FeedStats;
import lts.core.standings.LiveStandings;
import lts.core.standings.SessionSummary;
import lts.core.standings.TeamStanding;
import lts.contracts.RaceEventCodec;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingFormatException;
import lts.recordings.RecordingReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lts parse}: runs the protocol engine over recordings, prints events or final standings. */
@Command(name = "parse", mixinStandardHelpOptions = true,
    description = {
        "Reads Apex recordings (timestamp logs, JSON lines with t/msg, t/raw or "
            + "metadata then timestamp/data, LTS envelopes; "
            + "gzipped or not, detected from the content) through the protocol engine and prints "
            + "the typed race events or the final standings of every session.", ""},
    footer = {"", "Examples:",
        "  lts parse --summary ../shared/data/apex/santos-12h-2026-04-25.log.gz",
        "  lts parse --events race.jsonl | grep lap_completed",
        "  lts parse --summary --format json a.log.gz b.ndjson.gz"})
final class ParseCommand implements Callable<Integer> {

  enum Format { text, json }

  static final class Mode {
    @Option(names = "--events", description = "Print every event as one JSON object per line (docs/Messages.md).")
    boolean events;

    @Option(names = "--summary", description = "Print the final standings of each session, re-snapshots merged (the default).")
    boolean summary;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Mode mode = new Mode();

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
      description = "Summary as an aligned table (text) or as JSON (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = {"--zone"}, defaultValue = "${env:LTS_ZONE:-UTC}", paramLabel = "ZONE",
      description = "Time zone of the timestamps of timestamp logs (default: ${DEFAULT-VALUE}).")
  ZoneId zone;

  @Option(names = {"--event_code", "--event-code"}, paramLabel = "CODE",
      converter = EventCodeConverter.class,
      description = "Event code to give the frames (default: from the recording or its file name).")
  String eventCode;

  @Option(names = "--stats", description = "Also print what the engine could not use, per feed, on stderr.")
  boolean stats;

  @Mixin
  Verbosity verbosity;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Recordings to read, in order.")
  List<Path> files;

  private final Map<String, ApexEngine> engines = new LinkedHashMap<>();
  private final Map<String, LiveStandings> standings = new LinkedHashMap<>();

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    for (Path file : files) {
      if (!Files.exists(file)) {
        throw new UserInputException("file not found: " + file
            + " (give the path of an Apex recording: .log, .jsonl or .ndjson, gzipped or not)");
      }
      if (!Files.isReadable(file) || Files.isDirectory(file)) {
        throw new UserInputException("cannot read " + file + ": not a readable file");
      }
    }
    Writer stdout = spec.commandLine().getOut();
    RaceEventCodec codec = new RaceEventCodec();
    Consumer<RaceEvent> sink;
    if (mode.events) {
      sink = e -> {
        try {
          stdout.write(codec.toJson(e));
          stdout.write('\n');
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      };
    } else {
      sink = e -> standings.computeIfAbsent(e.eventCode(), k -> new LiveStandings()).apply(e);
    }
    for (Path file : files) {
      read(file, sink);
    }
    engines.values().forEach(engine -> engine.finish(sink));
    if (!mode.events) {
      List<SessionSummary> sessions = new ArrayList<>();
      standings.values().forEach(s -> s.sessions().stream()
          .filter(session -> !session.teams().isEmpty()).forEach(sessions::add));
      if (format == Format.json) {
        writeJson(sessions, stdout);
      } else {
        writeText(sessions, stdout);
      }
    }
    stdout.flush();
    if (stats) {
      PrintWriter err = spec.commandLine().getErr();
      engines.forEach((code, engine) -> err.println(describe(code, engine.stats())));
    }
    return 0;
  }

  private void read(Path file, Consumer<RaceEvent> sink) throws IOException {
    RecordingReader.Options options = RecordingReader.Options.DEFAULTS.withZone(zone);
    if (eventCode != null) {
      options = options.withEventCode(eventCode);
    }
    ProgressBar progress = new ProgressBar(System.err, ProgressBar.stderrIsTerminal(),
        file.getFileName().toString());
    long frames = 0;
    try (RecordingReader reader = RecordingReader.open(file, options)) {
      while (reader.hasNext()) {
        RecordedFrame frame = reader.next();
        engines.computeIfAbsent(frame.eventCode(), ApexEngine::new)
            .accept(frame.at(), frame.text(), sink);
        if ((++frames & 1023) == 0) {
          progress.update(reader.bytesRead(), reader.fileSize(), frames, "frames");
        }
      }
    } catch (NoSuchFileException e) {
      throw new UserInputException("file not found: " + file, e);
    } catch (RecordingFormatException e) {
      throw new UserInputException(e.getMessage(), e);
    } finally {
      progress.finish();
    }
  }

  static String describe(String code, FeedStats s) {
    return String.format(Locale.ROOT,
        "%s: %,d frames, %,d lines, %,d events; junk frames %d, unparsed lines %d "
            + "(unknown keys %d, unknown rows %d, unknown columns %d, bad values %d, bad grids %d); "
            + "laps without time %d; leader gap checks %d, mismatches %d, derived lap corrections %d; "
            + "time gap checks %d, mismatches %d",
        code, s.frames(), s.lines(), s.events(), s.junkFrames(), s.unparsed() - s.junkFrames(),
        s.unknownKeys(), s.unknownRows(), s.unknownColumns(), s.badValues(), s.badGrids(),
        s.lapsWithoutTime(), s.leaderGapChecks(), s.leaderGapMismatches(), s.derivedLapCorrections(),
        s.timeGapChecks(), s.timeGapMismatches());
  }

  static void writeJson(List<SessionSummary> sessions, Writer out) throws IOException {
    ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    ArrayNode root = mapper.createArrayNode();
    for (SessionSummary s : sessions) {
      ObjectNode item = root.addObject();
      ObjectNode session = item.putObject("session");
      session.put("kind", s.kind().label());
      session.put("title1", s.title1());
      session.put("title2", s.title2());
      session.put("track", s.track());
      ArrayNode teams = item.putArray("teams");
      for (TeamStanding t : s.teams()) {
        ObjectNode team = teams.addObject();
        team.put("row_id", t.rowId());
        team.put("number", t.number());
        team.put("name", t.name());
        team.put("driver", t.driver());
        team.put("laps", t.laps());
        team.put("last_lap_ms", t.lastLapMs());
        team.put("best_lap_ms", t.bestLapMs());
        team.put("pits", t.pits());
        team.put("position", t.position());
      }
    }
    mapper.writerWithDefaultPrettyPrinter().writeValue(new NonClosing(out), root);
    out.write('\n');
  }

  static void writeText(List<SessionSummary> sessions, Writer out) throws IOException {
    if (sessions.isEmpty()) {
      out.write("No session with competitors in these recordings.\n");
    }
    for (SessionSummary s : sessions) {
      out.write(String.format(Locale.ROOT, "== %s · session %d · %s · %s%s%s ==%n", s.eventCode(),
          s.session(), s.kind().label(), blankTo(s.title1(), "(no title)"),
          s.title2().isBlank() ? "" : " / " + s.title2(), s.track().isBlank() ? "" : " · " + s.track()));
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"Pos", "No", "Team", "Driver", "Laps", "Last", "Best", "Pits"});
      for (TeamStanding t : s.teams()) {
        rows.add(new String[] {str(t.position()), blankTo(t.number(), "-"), blankTo(t.name(), "-"),
            blankTo(t.driver(), "-"), str(t.laps()), lap(t.lastLapMs()), lap(t.bestLapMs()),
            str(t.pits())});
      }
      int[] width = new int[rows.get(0).length];
      for (String[] r : rows) {
        for (int i = 0; i < r.length; i++) {
          width[i] = Math.max(width[i], r[i].length());
        }
      }
      for (String[] r : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < r.length; i++) {
          boolean right = i == 0 || i == 1 || i >= 4;
          String cell = right ? " ".repeat(width[i] - r[i].length()) + r[i]
              : r[i] + " ".repeat(width[i] - r[i].length());
          line.append(i == 0 ? "" : "  ").append(cell);
        }
        out.write(line.toString().stripTrailing());
        out.write('\n');
      }
      out.write('\n');
    }
  }

  private static String blankTo(String s, String dflt) {
    return s == null || s.isBlank() ? dflt : s;
  }

  private static String str(Integer n) {
    return n == null ? "-" : n.toString();
  }

  /** Lap time as Apex shows it: {@code 1:05.739}. */
  static String lap(Long ms) {
    if (ms == null) {
      return "-";
    }
    long m = ms / 60_000;
    long rest = ms % 60_000;
    return m > 0 ? String.format(Locale.ROOT, "%d:%02d.%03d", m, rest / 1000, rest % 1000)
        : String.format(Locale.ROOT, "%d.%03d", rest / 1000, rest % 1000);
  }

  /** Lets Jackson write to stdout without closing it. */
  private static final class NonClosing extends java.io.FilterWriter {
    NonClosing(Writer out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
