package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import lts.contracts.RaceRules;
import lts.core.event.LapCompleted;
import lts.store.Table;
import org.junit.jupiter.api.Test;

class RowCacheTest {

  final TinyRace race = new TinyRace();
  final RowCache cache = new RowCache();

  @Test
  void anEmptyCacheWritesEveryRowAndThePitLane() {
    SessionRows rows = race.rows();
    Writes w = new Writes();
    cache.diff(rows, race.key(), w);
    assertThat(w.upserts.get(Table.LAPS)).hasSize(rows.laps.size());
    assertThat(w.pitLanes.get(race.key())).isEqualTo(rows.pitQueue).isNotEmpty();
    assertThat(w.changed.get(race.key())).contains("laps", "pit_queue", "lap_corrections");
  }

  @Test
  void onceCommittedOnlyTheRowsThatDifferAreWritten() {
    Writes first = new Writes();
    cache.diff(race.rows(), race.key(), first);
    cache.committed(first);
    race.feed.apply(new LapCompleted("tiny/x/0", TinyRace.CODE, 1, TinyRace.T0 + 700_000, 2, 8,
        60_555L, "B", false));
    Writes second = new Writes();
    cache.diff(race.session().rows(RaceRules.defaults(5), LabelOverrides.NONE, false),
        race.key(), second);
    assertThat(second.upserts.get(Table.LAPS)).extracting(r -> ((TableRow.LapRow) r).lap())
        .containsExactly(8);
    assertThat(second.pitLanes).isEmpty();
    assertThat(second.upserts).doesNotContainKey(Table.LAP_CORRECTIONS);
  }

  @Test
  void aSeededCacheStillWritesThePitLaneAndTheOdds() {
    cache.seed(race.rows());
    Writes w = new Writes();
    cache.diff(race.rows(), race.key(), w);
    assertThat(w.upserts.keySet()).containsExactly(Table.ODDS);
    assertThat(w.pitLanes).containsKey(race.key());
  }
}
