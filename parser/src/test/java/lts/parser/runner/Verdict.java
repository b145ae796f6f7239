package lts.parser.runner;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import lts.contracts.RaceEventCodec;

/**
 * The counts every resilience test reports (/work/shared/docs/reliability.md), comparing the
 * race events published with those of an uninterrupted run.
 *
 * @param attempted input records sent
 * @param acknowledged input records the parser committed (its group's offsets)
 * @param expected events an uninterrupted run publishes
 * @param received events published (committed)
 * @param lost expected events absent from the output
 * @param duplicated events present more than once (by id)
 * @param outOfOrder events published before an event that precedes them in the expected order
 * @param different events with an expected id but another content
 * @param recoveredInS from the (last) restart until the whole input was committed
 */
record Verdict(long attempted, long acknowledged, long expected, long received, long lost,
    long duplicated, long outOfOrder, long different, double recoveredInS) {

  private static final RaceEventCodec CODEC = new RaceEventCodec();

  static Verdict of(long attempted, long acknowledged, Map<String, List<String>> expected,
      Map<String, List<String>> actual, Duration recovered) {
    long expectedCount = 0;
    long received = 0;
    long lost = 0;
    long duplicated = 0;
    long outOfOrder = 0;
    long different = 0;
    Set<String> codes = new HashSet<>(expected.keySet());
    codes.addAll(actual.keySet());
    for (String code : codes) {
      List<String> want = expected.getOrDefault(code, List.of());
      List<String> got = actual.getOrDefault(code, List.of());
      expectedCount += want.size();
      received += got.size();
      Map<String, Integer> index = new HashMap<>();
      Map<String, String> json = new HashMap<>();
      for (int i = 0; i < want.size(); i++) {
        String id = CODEC.fromJson(want.get(i)).id();
        index.put(id, i);
        json.put(id, want.get(i));
      }
      Set<String> seen = new HashSet<>();
      int last = -1;
      for (String g : got) {
        String id = CODEC.fromJson(g).id();
        if (!seen.add(id)) {
          duplicated++;
          continue;
        }
        Integer i = index.get(id);
        if (i == null) {
          different++;
          continue;
        }
        if (!json.get(id).equals(g)) {
          different++;
        }
        if (i < last) {
          outOfOrder++;
        }
        last = Math.max(last, i);
      }
      for (String id : index.keySet()) {
        if (!seen.contains(id)) {
          lost++;
        }
      }
    }
    return new Verdict(attempted, acknowledged, expectedCount, received, lost, duplicated,
        outOfOrder, different, recovered == null ? Double.NaN : recovered.toMillis() / 1000.0);
  }

  String report(String test) {
    return String.format(Locale.ROOT, "[%s] attempted=%d acknowledged=%d expected_events=%d "
        + "received_events=%d lost=%d duplicated=%d out-of-order=%d different=%d recovered_in_s=%s",
        test, attempted, acknowledged, expected, received, lost, duplicated, outOfOrder, different,
        Double.isNaN(recoveredInS) ? "n/a" : String.format(Locale.ROOT, "%.2f", recoveredInS));
  }
}
