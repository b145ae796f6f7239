package lts.strategy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import lts.contracts.RaceRules;
import lts.core.strategy.KartModel;
import lts.core.strategy.OutlierRule;
import lts.core.strategy.StintLaps;

/**
 * When the kart model ({@link KartModel}) is fitted, and on which laps. The laps are taken at
 * each "kart-model point": each pit-in that closes a stint (the kart left in the pit lane gets
 * its label), between stops the first lap after each 5 minutes of feed time, and each team's
 * finish (its first crossing after the chequered flag: the last fit takes every lap of the race,
 * wherever a replay's instants put the 5-minute points). The laps are taken at the point, in event
 * order, and the fit runs once per transaction on the last point's
 * laps: labels are a function of the events up to that point, never of how the events were
 * batched, so a replay or a restart ends with the same labels.
 */
final class KartFitSchedule {

  /** Feed time between two kart-model points while no team stops. */
  static final long KART_FIT_EVERY_MS = 300_000;

  private List<KartModel.Lap> laps = List.of();
  private boolean lapsChanged;
  private long nextPointAt = Long.MIN_VALUE;
  private KartModel.Fit fit;
  private KartModel.Settings fitSettings;
  /** The fit changed since the last committed rows: every team's stints are written. */
  private boolean labelsChanged;

  /** The kart model's settings for the race's rules: its label band and minimum of clean laps. */
  static KartModel.Settings settingsOf(RaceRules rules) {
    return KartModel.Settings.DEFAULT.withBandMs(rules.labelBandMs())
        .withMinCleanLaps(rules.minCleanLaps());
  }

  /** True when an event at {@code at} is a point: it closed a stint, or is a lap due for one. */
  boolean isPoint(boolean stintClosed, boolean lap, long at) {
    return stintClosed || (lap && at >= nextPointAt);
  }

  /**
   * Takes the clean laps of the race as they are now, for the next fit: every team's stints
   * computed again with the rules they were last computed with (the defaults before any).
   */
  void point(long at, Collection<TeamState> teams) {
    StintLaps maths = new StintLaps(OutlierRule.DEFAULT, RaceRules.DEFAULT_AVG_LAPS);
    List<KartModel.Lap> taken = new ArrayList<>();
    for (TeamState t : teams) {
      RaceRules with = t.computedWith != null ? t.computedWith
          : RaceRules.defaults(RaceRules.DEFAULT_AVG_LAPS);
      new TeamStints(maths, with, fit).compute(t);
      for (StintFigures s : t.stints) {
        taken.addAll(s.modelLaps);
      }
    }
    laps = taken;
    lapsChanged = true;
    nextPointAt = (Math.floorDiv(at, KART_FIT_EVERY_MS) + 1) * KART_FIT_EVERY_MS;
  }

  /** The fit for the race's rules: fitted again when a point took new laps or the rules changed. */
  KartModel.Fit fit(RaceRules rules) {
    KartModel.Settings settings = settingsOf(rules);
    if (lapsChanged || !settings.equals(fitSettings)) {
      fit = laps.isEmpty() ? null : KartModel.fit(laps, settings);
      fitSettings = settings;
      lapsChanged = false;
      labelsChanged = true;
    }
    return fit;
  }

  /** True when the fit changed since the last {@link #committed()}: every stint is written. */
  boolean labelsChanged() {
    return labelsChanged;
  }

  /** The rows computed with the fit are committed. */
  void committed() {
    labelsChanged = false;
  }
}
