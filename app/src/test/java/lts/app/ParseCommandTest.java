package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lts.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ParseCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Lts.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path smallRace() throws IOException {
    String grid = "grid||<tbody><tr data-id=\\\"r0\\\" class=\\\"head\\\"><td data-id=\\\"c1\\\" data-type=\\\"no\\\">No</td>"
        + "<td data-id=\\\"c2\\\" data-type=\\\"dr\\\">Team</td><td data-id=\\\"c3\\\" data-type=\\\"tlp\\\">Laps</td>"
        + "<td data-id=\\\"c4\\\" data-type=\\\"llp\\\">Last</td><td data-id=\\\"c5\\\" data-type=\\\"blp\\\">Best</td>"
        + "<td data-id=\\\"c6\\\" data-type=\\\"pit\\\">Pits</td></tr>"
        + "<tr data-id=\\\"r7\\\" data-pos=\\\"1\\\"><td data-id=\\\"r7c1\\\" class=\\\"no\\\">3</td>"
        + "<td data-id=\\\"r7c2\\\" class=\\\"dr\\\">KTA</td><td data-id=\\\"r7c3\\\" class=\\\"in\\\"></td>"
        + "<td data-id=\\\"r7c4\\\" class=\\\"\\\"></td><td data-id=\\\"r7c5\\\" class=\\\"\\\"></td>"
        + "<td data-id=\\\"r7c6\\\" class=\\\"in\\\">0</td></tr></tbody>";
    List<String> lines = List.of(
        "{\"t\":1000,\"raw\":\"init|r|\\ntitle1||12H\\ntitle2||CARRERA\\ntrack||ADULTO\\n" + grid + "\"}",
        "{\"t\":2000,\"raw\":\"r7c3|in|1\\nr7c4|tn|1:05.100\\nr7c5|ti|1:05.100\"}",
        "{\"t\":3000,\"raw\":\"r7c5|ti|1:05.100\\nr7c2|drteam|ANA MU\\u00d1OZ [0:02]\"}",
        "{\"t\":4000,\"raw\":\"r7|*in|0\\nr7c6|in|1\"}");
    Path file = dir.resolve("small.ndjson");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * The frames of {@link #smallRace()} in the {"metadata"} / {"timestamp", "data"} container, the
   * frame texts JSON-escaped by Jackson.
   */
  private Path smallRaceInAMetadataContainer() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    lines.add("{\"metadata\":{\"circuit\":\"Los Santos\","
        + "\"websocketUrl\":\"wss://www.apex-timing.com:8092/\","
        + "\"recordingStartTime\":\"2025-11-09T09:44:00.000Z\",\"recorder\":{\"v\":2}}}");
    for (String ndjson : Files.readAllLines(smallRace(), StandardCharsets.UTF_8)) {
      JsonNode frame = mapper.readTree(ndjson);
      lines.add(mapper.createObjectNode()
          .put("timestamp", Instant.ofEpochMilli(frame.get("t").asLong()).toString())
          .put("data", frame.get("raw").asText())
          .toString());
    }
    Path file = dir.resolve("small-container.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void summaryAsJsonFollowsTheContract() throws IOException {
    int code = run("parse", "--summary", "--format", "json", smallRace().toString());
    assertThat(code).as(err.toString()).isZero();
    JsonNode root = new ObjectMapper().readTree(out.toString());
    assertThat(root).hasSize(1);
    JsonNode session = root.get(0).get("session");
    assertThat(session.get("kind").asText()).isEqualTo("race");
    assertThat(session.get("title1").asText()).isEqualTo("12H");
    assertThat(session.get("title2").asText()).isEqualTo("CARRERA");
    assertThat(session.get("track").asText()).isEqualTo("ADULTO");
    JsonNode team = root.get(0).get("teams").get(0);
    assertThat(team.get("row_id").asInt()).isEqualTo(7);
    assertThat(team.get("number").asText()).isEqualTo("3");
    assertThat(team.get("name").asText()).isEqualTo("KTA");
    assertThat(team.get("driver").asText()).isEqualTo("ANA MUÑOZ");
    assertThat(team.get("laps").asInt()).isEqualTo(1);
    assertThat(team.get("last_lap_ms").asLong()).isEqualTo(65100);
    assertThat(team.get("best_lap_ms").asLong()).isEqualTo(65100);
    assertThat(team.get("pits").asInt()).isEqualTo(1);
    assertThat(team.get("position").asInt()).isEqualTo(1);
  }

  @Test
  void eventsArePrintedOneJsonObjectPerLine() throws IOException {
    assertThat(run("parse", "--events", smallRace().toString())).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).first().asString().startsWith("{\"type\":\"session_started\"");
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"type\":\"lap_completed\"")
        .contains("\"lap\":1").contains("\"lap_time_ms\":65100"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"type\":\"pit_in\""));
    ObjectMapper mapper = new ObjectMapper();
    for (String line : lines) {
      assertThat(mapper.readTree(line).get("id").asText()).startsWith("small/");
    }
  }

  @Test
  void summaryAsTextIsAnAlignedTable() throws IOException {
    assertThat(run("parse", smallRace().toString())).isZero();
    assertThat(out.toString()).contains("race · 12H / CARRERA · ADULTO")
        .containsPattern("Pos\\s+No\\s+Team\\s+Driver\\s+Laps\\s+Last\\s+Best\\s+Pits")
        .containsPattern("1\\s+3\\s+KTA\\s+ANA MUÑOZ\\s+1\\s+1:05.100\\s+1:05.100\\s+1");
  }

  @Test
  void aMetadataContainerGivesTheSameStandingsUnderTheWebsocketsEventCode() throws IOException {
    Path container = smallRaceInAMetadataContainer();
    assertThat(run("parse", "--summary", "--format", "json", container.toString()))
        .as(err.toString()).isZero();
    JsonNode team = new ObjectMapper().readTree(out.toString()).get(0).get("teams").get(0);
    assertThat(team.get("name").asText()).isEqualTo("KTA");
    assertThat(team.get("driver").asText()).isEqualTo("ANA MUÑOZ");
    assertThat(team.get("laps").asInt()).isEqualTo(1);
    assertThat(team.get("last_lap_ms").asLong()).isEqualTo(65100);
    assertThat(team.get("pits").asInt()).isEqualTo(1);

    out.getBuffer().setLength(0);
    assertThat(run("parse", "--events", container.toString())).as(err.toString()).isZero();
    List<String> events = out.toString().lines().toList();
    assertThat(events).anySatisfy(l -> assertThat(l).contains("\"type\":\"lap_completed\"")
        .contains("\"lap_time_ms\":65100"));
    ObjectMapper mapper = new ObjectMapper();
    for (String line : events) {
      assertThat(mapper.readTree(line).get("id").asText())
          .startsWith("www-apex-timing-com-8092/");
    }
  }

  @Test
  void missingFileIsOneClearLineAndExitCode2() {
    assertThat(run("parse", "--summary", dir.resolve("nope.log").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("file not found").contains("nope.log")
        .doesNotContain("Exception").hasLineCount(1);
  }

  @Test
  void fileInNoKnownFormatIsOneClearLineAndExitCode2() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "hello\nworld\n");
    assertThat(run("parse", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("not an Apex recording").hasLineCount(1);
  }

  @Test
  void badOptionsExitWith2AndSayWhatIsWrong() throws IOException {
    Path file = smallRace();
    assertThat(run("parse", "--format", "xml", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--format");
    assertThat(run("parse", "--events", "--summary", file.toString())).isEqualTo(2);
    assertThat(run("parse")).isEqualTo(2);
    assertThat(run("parse", "--no-such-option", file.toString())).isEqualTo(2);
  }

  @Test
  void helpExplainsEveryOptionAndVersionIsPrinted() {
    assertThat(run("parse", "--help")).isZero();
    assertThat(out.toString()).contains("--events", "--summary", "--format", "--zone",
        "--event_code", "--stats", "--verbosity", "FILE");
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).containsPattern("lts \\d+\\.\\d+");
  }

  @Test
  void twelveHourRaceSummaryShowsApexFinalGrid() throws IOException {
    Path file = SharedData.recording("santos-12h-2026-04-25.log.gz");
    assertThat(run("parse", "--summary", "--format", "json", file.toString())).isZero();
    JsonNode root = new ObjectMapper().readTree(out.toString());
    JsonNode race = null;
    for (JsonNode s : root) {
      if (s.get("session").get("kind").asText().equals("race")) {
        race = s;
      }
    }
    assertThat(race).isNotNull();
    assertThat(race.get("teams")).hasSize(18);
    // the data README: 604 laps for the winner, 16 stops per team
    assertThat(race.get("teams").get(0).get("laps").asInt()).isEqualTo(604);
    assertThat(race.get("teams")).allSatisfy(t -> assertThat(t.get("pits").asInt()).isEqualTo(16));
    // qualifying (with its re-snapshots) and the race: two sessions with teams
    assertThat(root).hasSize(2);
  }
}
