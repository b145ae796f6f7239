package lts.core.testing.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import lts.testkit.SharedData;
import lts.core.testing.page.ApexPage.Row;
import org.junit.jupiter.api.Test;

class ApexPageTest {

  private static final String HEAD = "<tr data-id=\"r0\" class=\"head\" data-pos=\"0\">"
      + "<td data-id=\"c1\" data-type=\"sta\" data-pr=\"1\"></td>"
      + "<td data-id=\"c2\" data-type=\"rk\" data-pr=\"1\">Clasif.</td>"
      + "<td data-id=\"c3\" data-type=\"no\" data-pr=\"1\">Kart</td>"
      + "<td data-id=\"c4\" data-type=\"dr\" data-pr=\"1\">Equipo</td>"
      + "<td data-id=\"c5\" data-type=\"llp\" data-pr=\"2\">&Uacute;ltima vuelta</td>"
      + "<td data-id=\"c6\" data-type=\"tlp\" data-pr=\"5\">Vueltas</td>"
      + "<td data-id=\"c7\" data-type=\"blp\" data-pr=\"6\">Mejor vuelta</td>"
      + "<td data-id=\"c8\" data-type=\"pit\" data-pr=\"2\">Pits</td>"
      + "<td data-id=\"c9\" data-type=\"\" data-pr=\"6\">Penalizaci&oacute;n</td></tr>";

  private static String row(int id, int pos, String no, String drClass, String dr, String llp) {
    return "<tr data-id=\"r" + id + "\" data-pos=\"" + pos + "\">"
        + "<td data-id=\"r" + id + "c1\" class=\"sr\"></td>"
        + "<td class=\"rk\"><div><p data-id=\"r" + id + "c2\" class=\"\">" + pos + "</p></div></td>"
        + "<td class=\"no\"><div data-id=\"r" + id + "c3\" class=\"no" + no + "\">" + no + "</div></td>"
        + "<td data-id=\"r" + id + "c4\" class=\"" + drClass + "\">" + dr + "</td>"
        + "<td data-id=\"r" + id + "c5\" class=\"tn\">" + llp + "</td>"
        + "<td data-id=\"r" + id + "c6\" class=\"in\">12</td>"
        + "<td data-id=\"r" + id + "c7\" class=\"ib\"></td>"
        + "<td data-id=\"r" + id + "c8\" class=\"in\">1</td>"
        + "<td data-id=\"r" + id + "c9\">&nbsp;</td></tr>";
  }

  private static final String GRID = "grid||<tbody>" + HEAD
      + row(101, 1, "7", "dr", "MUNDOKART &amp; ALCANEDE", "1:05.739")
      + row(102, 2, "13", "drteam", "D&#39;ARTAGNAN [0:42]", "59.812")
      + "</tbody>";

  private static ApexPage pageWithGrid() {
    ApexPage page = new ApexPage();
    page.accept("init|r|\r\ntitle1||3H Resistencia\ntitle2||CARRERA 3H\ntrack||ADULTO (1100m)\n"
        + "light|lg|\ndyn1|countdown|10785490\n" + GRID);
    return page;
  }

  @Test
  void gridGivesColumnsByDataTypeAndRowsWithNestedCellsAndDecodedEntities() {
    ApexPage page = pageWithGrid();

    assertThat(page.kind()).isEqualTo("race");
    assertThat(page.title1()).isEqualTo("3H Resistencia");
    assertThat(page.title2()).isEqualTo("CARRERA 3H");
    assertThat(page.track()).isEqualTo("ADULTO (1100m)");
    assertThat(page.light()).isEqualTo("lg");
    assertThat(page.countdownMs()).isEqualTo(10785490L);
    assertThat(page.columnTypes()).containsExactly(Map.entry(1, "sta"), Map.entry(2, "rk"),
        Map.entry(3, "no"), Map.entry(4, "dr"), Map.entry(5, "llp"), Map.entry(6, "tlp"),
        Map.entry(7, "blp"), Map.entry(8, "pit"), Map.entry(9, ""));
    assertThat(page.rows()).containsOnlyKeys(101, 102);
    assertThat(page.rows().keySet()).containsExactly(101, 102);

    Row first = page.rows().get(101);
    assertThat(first.rowId()).isEqualTo(101);
    assertThat(first.position()).isEqualTo(1);
    assertThat(first.number()).isEqualTo("7");
    assertThat(first.cellClass("no")).isEqualTo("no7");
    assertThat(first.cell("rk")).isEqualTo("1");
    assertThat(first.teamName()).isEqualTo("MUNDOKART & ALCANEDE");
    assertThat(first.driver()).isNull();
    assertThat(first.lastLap()).isEqualTo("1:05.739");
    assertThat(first.laps()).isEqualTo("12");
    assertThat(first.bestLap()).isEmpty();
    assertThat(first.pits()).isEqualTo("1");
    assertThat(first.cell("")).isEqualTo("\u00a0");
    assertThat(first.cellClass("")).isEmpty();
    assertThat(first.gap()).isNull();
    assertThat(first.interval()).isNull();

    Row second = page.rows().get(102);
    assertThat(second.position()).isEqualTo(2);
    assertThat(second.number()).isEqualTo("13");
    assertThat(second.teamName()).as("grid showed the driver, not the team").isNull();
    assertThat(second.driver()).isEqualTo("D'ARTAGNAN");
    assertThat(second.cell("dr")).isEqualTo("D'ARTAGNAN [0:42]");
  }

  @Test
  void cellUpdateWithClassSetsBothAndWithoutClassKeepsTheClass() {
    ApexPage page = pageWithGrid();

    page.accept("r101c5|ti|1:04.830\nr101c7|tb|1:04.830\nr101c6||13");

    Row row = page.rows().get(101);
    assertThat(row.lastLap()).isEqualTo("1:04.830");
    assertThat(row.cellClass("llp")).isEqualTo("ti");
    assertThat(row.bestLap()).isEqualTo("1:04.830");
    assertThat(row.cellClass("blp")).isEqualTo("tb");
    assertThat(row.laps()).isEqualTo("13");
    assertThat(row.cellClass("tlp")).isEqualTo("in");
  }

  @Test
  void hashLineMovesTheRowAndAnimationLinesChangeNothing() {
    ApexPage page = pageWithGrid();
    Map<Integer, Row> before = page.rows();

    page.accept("r101|*|65739|65739\nr101|*in|0\nr102|*i1|30000\nr101|#|2\nr102|#|1");

    assertThat(page.rows().get(101).position()).isEqualTo(2);
    assertThat(page.rows().get(102).position()).isEqualTo(1);
    assertThat(page.rows().keySet()).as("grid order kept").containsExactly(101, 102);
    assertThat(before.get(101).position()).as("snapshots are immutable").isEqualTo(1);
    assertThat(page.ignoredCellLines()).isZero();
  }

  @Test
  void driverColumnAlternationKeepsTheLastTeamNameAndStripsDrivingTime() {
    ApexPage page = pageWithGrid();

    page.accept("r101c4|drteam|ANDRE MARTINS [1:07]");
    assertThat(page.rows().get(101).teamName()).isEqualTo("MUNDOKART & ALCANEDE");
    assertThat(page.rows().get(101).driver()).isEqualTo("ANDRE MARTINS");

    page.accept("r102c4|dr|TEAM D\nr102c4|drteam|PORTHOS [0:05]");
    assertThat(page.rows().get(102).teamName()).isEqualTo("TEAM D");
    assertThat(page.rows().get(102).driver()).isEqualTo("PORTHOS");

    page.accept("r101c4|dr|MUNDOKART & ALCANEDE B\nr101c4||MUNDOKART B");
    assertThat(page.rows().get(101).teamName()).as("text set while class stays dr").isEqualTo("MUNDOKART B");
    assertThat(page.rows().get(101).driver()).isEqualTo("ANDRE MARTINS");
  }

  @Test
  void initForgetsGridAndTeamNamesAndRecordsTheKind() {
    ApexPage page = pageWithGrid();

    page.accept("init|p|");
    assertThat(page.kind()).isEqualTo("practice");
    assertThat(page.rows()).isEmpty();
    assertThat(page.columnTypes()).isEmpty();
    assertThat(page.title2()).as("titles stay until re-sent").isEqualTo("CARRERA 3H");

    page.accept("init|n|");
    assertThat(page.kind()).isEqualTo("none");

    page.accept("init|r|\n" + GRID.replace("class=\"dr\"", "class=\"drteam\""));
    assertThat(page.rows().get(101).teamName()).as("team name forgotten at init").isNull();
    assertThat(page.rows().get(101).driver()).isEqualTo("MUNDOKART & ALCANEDE");
  }

  @Test
  void gridResentWithoutInitKeepsTheTeamNamesAlreadyShown() {
    ApexPage page = pageWithGrid();

    page.accept(GRID.replace("class=\"dr\"", "class=\"drteam\""));

    assertThat(page.rows().get(101).teamName()).isEqualTo("MUNDOKART & ALCANEDE");
  }

  @Test
  void truncatedGridDoesNotThrowAndKeepsTheCompleteRows() {
    ApexPage page = new ApexPage();
    String cut = GRID.substring(0, GRID.indexOf("D&#39;ARTAGNAN") + 5);

    assertThatCode(() -> page.accept("init|r|\n" + cut)).doesNotThrowAnyException();
    assertThat(page.columnTypes()).hasSize(9);
    assertThat(page.rows()).containsOnlyKeys(101);

    for (int end = 0; end < GRID.length(); end += 7) {
      String prefix = GRID.substring(0, end);
      assertThatCode(() -> new ApexPage().accept(prefix)).doesNotThrowAnyException();
    }
  }

  @Test
  void linesForUnknownRowsOrCellsCreateNothingAndAreCounted() {
    ApexPage page = pageWithGrid();

    page.accept("r999c5|tn|1:05.000\nr999|#|3\nr101c42|tn|x\nr101c5||1:06.000\njunk without pipes\n"
        + "css|no1|color:#000\ncom||<p>note</p>\nmsg||hello\nr99999999999c1|x|y");

    assertThat(page.rows()).containsOnlyKeys(101, 102);
    assertThat(page.rows().get(101).lastLap()).isEqualTo("1:06.000");
    assertThat(page.ignoredCellLines()).isEqualTo(3);
  }

  @Test
  void columnsAreFoundByDataTypeWhatEverTheirNumbers() {
    ApexPage page = new ApexPage();
    page.accept("init|r|\ngrid||<tbody><tr data-id=\"r0\" class=\"head\">"
        + "<td data-id=\"c1\" data-type=\"llp\">L</td><td data-id=\"c2\" data-type=\"no\">N</td>"
        + "<td data-id=\"c3\" data-type=\"dr\">D</td></tr>"
        + "<tr data-id=\"r5\" data-pos=\"1\"><td data-id=\"r5c1\" class=\"tn\">1:06.100</td>"
        + "<td data-id=\"r5c2\">44</td><td data-id=\"r5c3\" class=\"dr\">TEAM</td></tr></tbody>");
    page.accept("r5c1|tn|1:06.200");

    Row row = page.rows().get(5);
    assertThat(row.lastLap()).isEqualTo("1:06.200");
    assertThat(row.number()).isEqualTo("44");
    assertThat(row.cellClass("no")).as("missing class attribute").isEmpty();
    assertThat(row.teamName()).isEqualTo("TEAM");
    assertThat(row.laps()).as("no tlp column").isNull();
    assertThat(row.pits()).as("no pit column").isNull();
  }

  @Test
  void parseTimeMsReadsThePageTimeTexts() {
    assertThat(ApexPage.parseTimeMs("1:05.739")).isEqualTo(65739L);
    assertThat(ApexPage.parseTimeMs("59.812")).isEqualTo(59812L);
    assertThat(ApexPage.parseTimeMs("1:02:03.4")).isEqualTo(3723400L);
    assertThat(ApexPage.parseTimeMs("47.")).isEqualTo(47000L);
    assertThat(ApexPage.parseTimeMs("1:03.")).isEqualTo(63000L);
    assertThat(ApexPage.parseTimeMs("0:12")).isEqualTo(12000L);
    assertThat(ApexPage.parseTimeMs("1.05")).isEqualTo(1050L);
    assertThat(ApexPage.parseTimeMs(" 59.812\u00a0")).isEqualTo(59812L);
  }

  @Test
  void parseTimeMsGivesNullNeverZeroForEmptyOrJunk() {
    for (String junk : new String[] {null, "", " ", "\u00a0", "abc", "1 Vuelta", "Tour 37", "27",
        "1:75.000", "1:60:00.0", "-1.234", "1:05.7391", "1::05", ".5", "1:05:", "99999999999999999999.1"}) {
      assertThat(ApexPage.parseTimeMs(junk)).as("'%s'", junk).isNull();
    }
  }

  @Test
  void replayOfTheSantos3hRecordingShowsEveryTeamWithANumberAndALastLap() throws IOException {
    Path file = SharedData.recording("santos-3h-first-30min.ndjson.gz");
    ApexPage page = new ApexPage();
    List<String> frames = ndjsonFrames(file);
    frames.forEach(page::accept);

    assertThat(frames).hasSize(1939);
    assertThat(page.kind()).isEqualTo("race");
    assertThat(page.title2()).isEqualTo("CARRERA 3H");
    assertThat(page.track()).isEqualTo("ADULTO (1100m)");
    assertThat(page.columnTypes().values()).contains("tlp", "llp", "blp", "pit", "no", "dr");
    assertThat(page.ignoredCellLines()).isZero();
    Map<Integer, Row> rows = page.rows();
    assertThat(rows).hasSize(23);
    assertThat(rows.values()).allSatisfy(row -> {
      assertThat(row.number()).isNotBlank();
      assertThat(row.lastLap()).isNotNull();
      assertThat(ApexPage.parseTimeMs(row.lastLap())).isBetween(60_000L, 90_000L);
      assertThat(row.teamName()).isNotBlank();
      assertThat(row.driver()).isNotBlank();
    });
    assertThat(rows.values().stream().map(Row::position).collect(Collectors.toSet()))
        .hasSize(23).allSatisfy(p -> assertThat(p).isBetween(1, 23));

    Row leader = rows.get(24089);
    assertThat(leader.position()).isEqualTo(1);
    assertThat(leader.number()).isEqualTo("13");
    assertThat(leader.teamName()).isEqualTo("CREATIA LTDL ENDURANCE");
    assertThat(leader.laps()).isEqualTo("27");
    assertThat(leader.bestLap()).isEqualTo("1:04.830");
    assertThat(rows.get(24080).teamName()).isEqualTo("MUNDOKART & ALCANEDE");
    assertThat(rows.get(24080).pits()).isEqualTo("1");
    assertThat(rows.get(24083).driver()).isEqualTo("GERMAN MU\u00d1OZ");
  }

  /** Frames of an ndjson recording: the {@code raw} string of each {@code {"t":…,"raw":"…"}} line. */
  private static List<String> ndjsonFrames(Path file) throws IOException {
    List<String> frames = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int start = line.indexOf("\"raw\":\"");
        if (start >= 0) {
          frames.add(jsonString(line, start + "\"raw\":\"".length()));
        }
      }
    }
    return frames;
  }

  /** Decodes a JSON string body starting at {@code from} (just after the opening quote). */
  private static String jsonString(String s, int from) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(e); // \" \\ \/
      }
    }
    throw new IllegalArgumentException("unterminated JSON string: " + s);
  }
}
