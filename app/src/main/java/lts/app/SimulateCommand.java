package lts.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lts.simulator.FeedStyle;
import lts.simulator.RaceSettings;
import lts.simulator.RaceSimulator;
import lts.simulator.Truth;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code lts simulate}: a synthetic endurance race as an Apex feed, with its hidden truth. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Simulates an endurance kart race and writes it as an Apex Timing feed in LTS's recording "
            + "format (readable by 'lts parse' and 'lts replay'), and optionally the hidden truth "
            + "(every kart's pace, stints, pit stops, results) as JSON. The same seed gives "
            + "byte-identical files. Model: docs/SIMULATOR.md.", ""},
    footer = {"", "Example:",
        "  lts simulate --teams 18 --hours 12 --min_pits 16 --out race.jsonl --truth truth.json",
        "  lts parse --summary race.jsonl"})
final class SimulateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--teams", defaultValue = "20", description = "Teams in the race (default: ${DEFAULT-VALUE}).")
  int teams;

  @Option(names = "--karts", defaultValue = "24",
      description = "Karts, spares included; more than the teams (default: ${DEFAULT-VALUE}).")
  int karts;

  @Option(names = "--hours", defaultValue = "3", description = "Race length in hours (default: ${DEFAULT-VALUE}).")
  double hours;

  @Option(names = {"--pit_rows", "--pit-rows"}, defaultValue = "2",
      description = "Rows of spare karts in the pit lane (default: ${DEFAULT-VALUE}).")
  int pitRows;

  @Option(names = {"--min_pits", "--min-pits"}, defaultValue = "6",
      description = "Mandatory pit stops per team (default: ${DEFAULT-VALUE}).")
  int minPits;

  @Option(names = {"--pit_time_s", "--pit-time-s"}, defaultValue = "120",
      description = "Minimum time in the pit lane, seconds (default: ${DEFAULT-VALUE}).")
  int pitTimeS;

  @Option(names = {"--max_stint_min", "--max-stint-min"}, defaultValue = "50",
      description = "Longest stint allowed, minutes (default: ${DEFAULT-VALUE}).")
  int maxStintMin;

  @Option(names = {"--drivers_per_team", "--drivers-per-team"}, defaultValue = "3",
      description = "Drivers per team, rotated at each stop (default: ${DEFAULT-VALUE}).")
  int driversPerTeam;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = {"--laps_column", "--laps-column"}, arity = "1", defaultValue = "true",
      paramLabel = "true|false",
      description = "The grid has a laps column, as at Santos; false: counts must be derived, "
          + "as at Cap Karting (default: ${DEFAULT-VALUE}).")
  boolean lapsColumn;

  @Option(names = {"--lapped_gap", "--lapped-gap"}, defaultValue = "laps", paramLabel = "STYLE",
      converter = LappedGapConverter.class,
      description = "The gap cell of a team laps down: laps ('2 Vueltas'), time (a time to the "
          + "leader even when lapped), group (a time to the first team of its lap group, which "
          + "shows the laps) (default: ${DEFAULT-VALUE}).")
  FeedStyle.LappedGap lappedGap;

  @Option(names = "--holes", defaultValue = "0", paramLabel = "N",
      description = "Recording holes spread over the race, each ended by a re-sent grid, as a "
          + "laptop asleep or a lost network leave them (0 to " + FeedStyle.MAX_HOLES
          + "; default: ${DEFAULT-VALUE}).")
  int holes;

  @Option(names = {"--hole_minutes", "--hole-minutes"}, defaultValue = "10", paramLabel = "MIN",
      description = "Length of each hole, minutes (default: ${DEFAULT-VALUE}).")
  int holeMinutes;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "The recording to write (replaced if it exists).")
  Path out;

  @Option(names = "--truth", paramLabel = "FILE", description = "Also write the hidden truth as JSON.")
  Path truth;

  @Mixin
  Verbosity verbosity;

  @Override
  public Integer call() throws IOException {
    RaceSettings settings = new RaceSettings(teams, karts, hours, pitRows, minPits, pitTimeS,
        maxStintMin, driversPerTeam, seed);
    List<String> problems = new ArrayList<>(settings.validate());
    FeedStyle style;
    try {
      style = new FeedStyle(lapsColumn, lappedGap, holes, holeMinutes);
      problems.addAll(style.validate(settings));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      style = null;
    }
    if (!problems.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "invalid race: " + String.join("; ", problems));
    }
    Path dir = out.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new UserInputException("cannot write " + out + ": folder " + dir + " does not exist");
    }
    String code = RaceSimulator.eventCode(settings);
    Files.deleteIfExists(out);
    long[] frames = {0};
    Truth result;
    try (RecordingWriter writer = RecordingWriter.open(out)) {
      result = RaceSimulator.run(settings, style, (at, text) -> {
        writer.write(new RecordedFrame(code, at, text), "simulator");
        frames[0]++;
      });
    }
    if (truth != null) {
      Files.writeString(truth, result.toJson());
    }
    spec.commandLine().getErr().printf("wrote %,d frames of a %s h race with %d teams to %s%s%n",
        frames[0], hours, teams, out, truth == null ? "" : " and its truth to " + truth);
    return 0;
  }

  /** {@code laps}, {@code time} or {@code group}, in any case. */
  static final class LappedGapConverter implements ITypeConverter<FeedStyle.LappedGap> {
    @Override
    public FeedStyle.LappedGap convert(String value) {
      for (FeedStyle.LappedGap g : FeedStyle.LappedGap.values()) {
        if (g.name().equalsIgnoreCase(value.trim())) {
          return g;
        }
      }
      throw new TypeConversionException("'" + value + "' is not a gap style: use laps, time or "
          + "group");
    }
  }
}
