package lts.parser.runner;

import java.util.ArrayList;
import java.util.List;
import lts.contracts.Envelope;

/**
 * A small endurance race written by hand in the Apex feed's format, so the runner's tests run
 * without the real recordings: a grid, then laps whose two halves (laps cell, last-lap cell) come
 * in both orders, in one frame or in two frames a second apart (so half-laps wait in the engine
 * across frames and transactions), a lap whose time never comes (emitted alone after 10 s of feed
 * time), pit stops, driver changes, race-control messages, the clock and one junk frame.
 */
final class HandWrittenRace {

  private HandWrittenRace() {
  }

  /** The frames of a race of {@code teams} teams and {@code laps} laps each, from {@code start} ms. */
  static List<Envelope> frames(String eventCode, long start, int teams, int laps) {
    List<Envelope> frames = new ArrayList<>();
    long t = start;
    frames.add(Envelope.of(eventCode, init(teams), "test", t));
    long step = 65_000 / teams;
    for (int lap = 1; lap <= laps; lap++) {
      for (int team = 1; team <= teams; team++) {
        t += step;
        String row = "r" + (100 + team);
        long ms = 64_000 + (team * 37L + lap * 53L) % 2_000;
        String laps1 = row + "c3|in|" + lap;
        String last = row + "c4|" + (lap % 5 == 0 ? "tb" : "tn") + "|" + lapText(ms);
        if (team == 2 && lap == 5) {
          frames.add(Envelope.of(eventCode, laps1, "test", t)); // its time never comes
          continue;
        }
        switch ((team + lap) % 4) {
          case 0:
            frames.add(Envelope.of(eventCode, laps1 + "\n" + last, "test", t));
            break;
          case 1:
            frames.add(Envelope.of(eventCode, last + "\n" + laps1 + "\n" + row + "|*|" + ms + "|", "test", t));
            break;
          case 2:
            frames.add(Envelope.of(eventCode, laps1, "test", t));
            frames.add(Envelope.of(eventCode, last + "\n" + row + "c5|ti|" + lapText(ms - 500), "test", t + 900));
            break;
          default:
            frames.add(Envelope.of(eventCode, last, "test", t));
            frames.add(Envelope.of(eventCode, laps1 + "\n" + row + "|#|" + team, "test", t + 1_100));
            break;
        }
        if ((lap + team) % 7 == 0) {
          frames.add(Envelope.of(eventCode, row + "|*in|0", "test", t + 30_000));
          frames.add(Envelope.of(eventCode, row + "|*out|0\n" + row + "c6|in|" + (lap + team) / 7
              + "\n" + row + "c2|drteam|DRIVER " + team + "-" + lap + " [0:" + (10 + lap % 50) + "]",
              "test", t + 31_000));
        }
      }
      frames.add(Envelope.of(eventCode, "dyn1|countdown|" + (10_800_000 - (t - start)), "test", t + 10));
      if (lap % 4 == 0) {
        frames.add(Envelope.of(eventCode, "com||<b>Lap " + lap + "</b> track clear", "test", t + 20));
      }
      if (lap == laps / 2) {
        frames.add(Envelope.of(eventCode, "GET / HTTP/1.1", "test", t + 30)); // junk
      }
    }
    return frames;
  }

  private static String init(int teams) {
    StringBuilder grid = new StringBuilder("grid||<tbody><tr data-id=\"r0\" class=\"head\">"
        + "<td data-id=\"c1\" data-type=\"no\">No</td><td data-id=\"c2\" data-type=\"dr\">Team</td>"
        + "<td data-id=\"c3\" data-type=\"tlp\">Laps</td><td data-id=\"c4\" data-type=\"llp\">Last</td>"
        + "<td data-id=\"c5\" data-type=\"blp\">Best</td><td data-id=\"c6\" data-type=\"pit\">Pits</td></tr>");
    for (int team = 1; team <= teams; team++) {
      String row = "r" + (100 + team);
      grid.append("<tr data-id=\"").append(row).append("\" data-pos=\"").append(team).append("\">")
          .append("<td data-id=\"").append(row).append("c1\" class=\"no\">").append(team).append("</td>")
          .append("<td data-id=\"").append(row).append("c2\" class=\"dr\">TEAM ").append(team).append("</td>")
          .append("<td data-id=\"").append(row).append("c3\" class=\"in\"></td>")
          .append("<td data-id=\"").append(row).append("c4\" class=\"\"></td>")
          .append("<td data-id=\"").append(row).append("c5\" class=\"\"></td>")
          .append("<td data-id=\"").append(row).append("c6\" class=\"in\">0</td></tr>");
    }
    grid.append("</tbody>");
    return "init|r|\ntitle1||12H TEST\ntitle2||CARRERA\ntrack||ADULTO (1100m)\n" + grid
        + "\ndyn1|countdown|10800000\nlight|lg|";
  }

  private static String lapText(long ms) {
    return String.format(java.util.Locale.ROOT, "%d:%02d.%03d", ms / 60_000, ms / 1000 % 60, ms % 1000);
  }
}
