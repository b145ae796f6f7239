package lts.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Simulates an endurance kart race and writes the Apex Timing feed a spectator would have
 * received, with the ground truth the feed hides (kart and driver effects, which kart each stint
 * used, the pit lane rows). Pure and deterministic: the same {@link RaceSettings} (seed included)
 * always give the same frames and the same {@link Truth}. The model is described in
 * docs/SIMULATOR.md.
 *
 * <pre>{@code
 * Truth truth = RaceSimulator.run(settings, (at, text) -> writer.write(...)); // streaming
 * SimulatedRace race = RaceSimulator.simulate(settings);                      // in memory
 * }</pre>
 */
public final class RaceSimulator {

  private RaceSimulator() {
  }

  /**
   * Runs the race, handing every frame to {@code sink} as it is produced (nothing of the feed is
   * kept in memory), and returns the truth once the last team has taken the chequered flag.
   *
   * @throws IllegalArgumentException when {@link RaceSettings#validate()} reports problems
   * @throws X whatever the sink throws; the simulation stops there
   */
  public static <X extends Exception> Truth run(RaceSettings settings, FrameSink<X> sink)
      throws X {
    return run(settings, FeedStyle.SANTOS, sink);
  }

  /** {@link #run(RaceSettings, FrameSink)} with the page in {@code style}. */
  public static <X extends Exception> Truth run(RaceSettings settings, FeedStyle style,
      FrameSink<X> sink) throws X {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(sink, "sink");
    List<String> problems = new ArrayList<>(settings.validate());
    problems.addAll(style.validate(settings));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid race settings: " + String.join("; ", problems));
    }
    return new Simulation<>(settings, style, sink).run();
  }

  /** Runs the race and keeps every frame in memory. */
  public static SimulatedRace simulate(RaceSettings settings) {
    return simulate(settings, FeedStyle.SANTOS);
  }

  /** Runs the race, the page in {@code style}, and keeps every frame in memory. */
  public static SimulatedRace simulate(RaceSettings settings, FeedStyle style) {
    List<SimFrame> frames = new ArrayList<>();
    Truth truth = run(settings, style, (at, text) -> frames.add(new SimFrame(at, text)));
    return new SimulatedRace(frames, truth);
  }

  /** A feed (event) code for recordings of this race: {@code sim-<seed>}. */
  public static String eventCode(RaceSettings settings) {
    return "sim-" + settings.seed();
  }
}
