package lts.core.protocol;

/** What a grid column shows, from the header's {@code data-type} (never from its position). */
public enum ColumnType {
  GROUP("grp"), STATUS("sta"), RANK("rk"), NUMBER("no"), NAME("dr"), NATIONALITY("nat"),
  LAPS("tlp"), LAST_LAP("llp"), BEST_LAP("blp"), GAP("gap"), INTERVAL("int"), PIT_CLOCK("otr"),
  PITS("pit"), SECTOR("s1"), PENALTY(""), OTHER(null);

  private final String code;

  ColumnType(String code) {
    this.code = code;
  }

  /** Maps a {@code data-type}; unknown types give {@link #OTHER}. */
  public static ColumnType of(String dataType) {
    if (dataType == null) {
      return OTHER;
    }
    switch (dataType) {
      case "s1":
      case "s2":
      case "s3":
      case "s4":
        return SECTOR;
      default:
        for (ColumnType t : values()) {
          if (dataType.equals(t.code)) {
            return t;
          }
        }
        return OTHER;
    }
  }
}
