package lts.strategy;

import java.util.List;
import lts.core.strategy.KartModel;
import lts.core.strategy.KartScore;

/** A stint of a team as computed from its laps and stops (a row of {@code stints}). */
final class StintFigures {
  int number;
  int startLap;
  Integer endLap;
  int laps;
  int timedLaps;
  int cleanLaps;
  String driver;
  Long startAt;
  Long endAt;
  Long drivingMs;
  Long bestMs;
  Long avgMs;
  int avgLaps;
  /** The kart: effect (ms per lap vs an average kart) and label from the kart model. */
  KartScore score = KartScore.NONE;
  /** The stint's clean laps as the kart model takes them. */
  List<KartModel.Lap> modelLaps = List.of();
  /** Probability that the kart is good (kart model), null when the model has not seen it. */
  Double goodProbability;
}
