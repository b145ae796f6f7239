package lts.core.protocol;

/** Why the engine could not use a frame or a line: the reason of its {@code unparsed_line} event. */
enum Unparsed {
  JUNK_FRAME("junk_frame"),
  NOT_A_LINE("not_a_line"),
  UNKNOWN_KEY("unknown_key"),
  UNKNOWN_ROW("unknown_row"),
  UNKNOWN_COLUMN("unknown_column"),
  BAD_VALUE("bad_value"),
  BAD_GRID("bad_grid");

  final String reason;

  Unparsed(String reason) {
    this.reason = reason;
  }
}
