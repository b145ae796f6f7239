package lts.simulator;

import java.util.List;
import java.util.Objects;

/**
 * A simulated race held in memory: its feed and its ground truth. For long races with many teams
 * prefer streaming the frames with {@link RaceSimulator#run(RaceSettings, FrameSink)}.
 *
 * @param frames the feed, in order
 * @param truth what really happened
 */
public record SimulatedRace(List<SimFrame> frames, Truth truth) {

  /** Copies the frame list. */
  public SimulatedRace {
    frames = List.copyOf(frames);
    Objects.requireNonNull(truth, "truth");
  }
}
