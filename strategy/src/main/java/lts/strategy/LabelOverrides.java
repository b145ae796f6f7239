package lts.strategy;

import java.util.Locale;
import java.util.Map;
import lts.core.strategy.KartLabel;

/**
 * The strategist's kart labels of a session's stints ({@code stints.label_override}), which win
 * over the kart model's for the pit lane and the odds.
 *
 * @param byStint {@code "rowId/stint"} → the label as stored
 */
record LabelOverrides(Map<String, String> byStint) {

  /** No label set by hand. */
  static final LabelOverrides NONE = new LabelOverrides(Map.of());

  LabelOverrides {
    byStint = Map.copyOf(byStint);
  }

  /** The label set by hand on a stint; null without one (or with one that is not a label). */
  KartLabel of(Integer rowId, Integer stint) {
    String o = rowId == null || stint == null ? null : byStint.get(rowId + "/" + stint);
    if (o == null) {
      return null;
    }
    try {
      return KartLabel.valueOf(o.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException notALabel) {
      return null; // an override that is not GOOD / BAD / UNKNOWN: ignored
    }
  }
}
