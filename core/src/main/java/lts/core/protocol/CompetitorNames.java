package lts.core.protocol;

import lts.core.event.CompetitorRegistered;
import lts.core.event.DriverOnTrack;

/**
 * Who a row is: its number and team name ({@link CompetitorRegistered} when either changes) and
 * the driver on track. The name cell shows the team, or with class {@code drteam} the driver and
 * their time in the car, {@code NAME [h:mm]}.
 */
final class CompetitorNames {

  private final FeedEvents events;

  CompetitorNames(FeedEvents events) {
    this.events = events;
  }

  /** The name cell {@code rNcM|class|text}: the class, when sent, tells team or driver. */
  void nameCell(Session s, Competitor c, FrameLine line) {
    if (line.paramLength() > 0) {
      c.nameCellShowsDriver = line.paramIs("drteam");
    }
    if (c.nameCellShowsDriver) {
      // NAME [h:mm]: compare in place, the same text comes back every ~30 s
      if (c.driverText != null && line.valueIs(c.driverText)) {
        return;
      }
      driver(s, c, line.value());
    } else {
      if (c.name != null && c.nameRaw != null && line.valueIs(c.nameRaw)) {
        return;
      }
      c.nameRaw = line.value();
      String name = HtmlText.decode(c.nameRaw).trim();
      if (!name.equals(c.name)) {
        c.name = name;
        register(s, c);
      }
    }
  }

  /** The number cell. */
  void numberCell(Session s, Competitor c, FrameLine line) {
    if (c.number == null || !line.valueIs(c.number)) {
      c.number = HtmlText.decode(line.value()).trim();
      register(s, c);
    }
  }

  /** A snapshot row's number and name cells (either may be absent). */
  void snapshotRow(Session s, Competitor c, boolean isNew, String number, Grid.Cell nameCell) {
    boolean changed = isNew;
    if (number != null && !number.equals(c.number)) {
      c.number = number;
      changed = true;
    }
    String driverText = null;
    if (nameCell != null) {
      c.nameCellShowsDriver = "drteam".equals(nameCell.cssClass());
      if (c.nameCellShowsDriver) {
        driverText = nameCell.text();
      } else if (!nameCell.text().isBlank() && !nameCell.text().trim().equals(c.name)) {
        c.name = nameCell.text().trim();
        c.nameRaw = null;
        changed = true;
      }
    }
    if (changed) {
      register(s, c);
    }
    if (driverText != null && !driverText.equals(c.driverText)) {
      driver(s, c, driverText);
    }
  }

  /** The name cell's driver text, {@code NAME [h:mm]} or just {@code NAME}. */
  private void driver(Session s, Competitor c, String text) {
    c.driverText = text;
    String decoded = HtmlText.decode(text).trim();
    String driver = decoded;
    long minutes = -1;
    int open = decoded.lastIndexOf('[');
    if (open >= 0 && decoded.endsWith("]")) {
      long t = TimeText.parseMs(decoded, open + 1, decoded.length() - 1);
      if (t >= 0) {
        // [h:mm] reads as m:ss: scale to hours and minutes
        minutes = t / 1000;
        driver = decoded.substring(0, open).trim();
      }
    }
    if (!driver.equals(c.driver) || minutes != c.driverMinutes) {
      c.driver = driver;
      c.driverMinutes = minutes;
      String name = driver;
      Long onTrackMs = minutes < 0 ? null : minutes * 60_000L;
      events.emit(s, (id, feed, n, at) -> new DriverOnTrack(id, feed, n, at, c.rowId, name,
          onTrackMs));
    }
  }

  private void register(Session s, Competitor c) {
    events.emit(s, (id, feed, n, at) -> new CompetitorRegistered(id, feed, n, at, c.rowId,
        c.number, c.name));
  }
}
