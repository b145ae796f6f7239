package lts.core.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import lts.core.event.Light;
import lts.core.event.SessionKind;
import lts.core.standings.TeamStanding;

/** A session of the feed: its number, titles, grid layout and competitors in grid order. */
final class Session {
  final int number;
  final SessionKind kind;
  String title1;
  String title2;
  String track;
  Light light;
  String com = "";
  String msg = "";
  int leaderLaps = -1;
  /** Time gaps the intervals showed not to be times to the leader ({@link DerivedLaps}). */
  int gapsNotToLeader;
  int pendingRows;
  private GridColumns columns = GridColumns.NONE;
  private int[] ids = new int[32];
  private Competitor[] comps = new Competitor[32];
  private int size;
  private int lastHit;

  Session(int number, Snapshot s) {
    this.number = number;
    this.kind = s.kind;
    this.title1 = s.title1;
    this.title2 = s.title2;
    this.track = s.track;
  }

  /** Takes the layout of a (new) grid header. */
  void setColumns(Map<Integer, ColumnType> header) {
    columns = GridColumns.of(header);
  }

  GridColumns columns() {
    return columns;
  }

  boolean hasLapsColumn() {
    return columns.has(ColumnType.LAPS);
  }

  int size() {
    return size;
  }

  /** The competitor at {@code index} in grid order. */
  Competitor competitor(int index) {
    return comps[index];
  }

  /** The competitor of row {@code id}, or null. */
  Competitor find(int id) {
    if (lastHit < size && ids[lastHit] == id) {
      return comps[lastHit];
    }
    for (int i = 0; i < size; i++) {
      if (ids[i] == id) {
        lastHit = i;
        return comps[i];
      }
    }
    return null;
  }

  /** Adds row {@code id} at the end of the grid. */
  Competitor add(int id) {
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, size * 2);
      comps = Arrays.copyOf(comps, size * 2);
    }
    Competitor c = new Competitor(id);
    ids[size] = id;
    comps[size] = c;
    size++;
    return c;
  }

  /** Same session re-sent: same kind and titles, and mostly the same rows. */
  boolean matches(Snapshot s) {
    if (s.kind != kind || !s.title1.equals(title1) || !s.title2.equals(title2)) {
      return false;
    }
    if (s.grid == null || s.grid.rows().isEmpty() || size == 0) {
      return true;
    }
    int common = 0;
    for (Grid.Row row : s.grid.rows()) {
      if (find(row.rowId()) != null) {
        common++;
      }
    }
    return common * 2 >= Math.min(size, s.grid.rows().size());
  }

  /** Every row as it shows now, in grid order. */
  List<TeamStanding> standings() {
    List<TeamStanding> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(comps[i].standing());
    }
    return list;
  }
}
