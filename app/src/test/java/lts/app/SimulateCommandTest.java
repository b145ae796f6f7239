package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

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

  @Test
  void sameSeedWritesByteIdenticalFilesThatParseReads() throws Exception {
    Path a = dir.resolve("a.jsonl");
    Path b = dir.resolve("b.jsonl");
    Path truth = dir.resolve("truth.json");
    assertThat(run("simulate", "--teams", "6", "--karts", "8", "--hours", "0.5", "--min_pits", "2",
        "--seed", "7", "--out", a.toString(), "--truth", truth.toString())).as(err.toString()).isZero();
    assertThat(run("simulate", "--teams", "6", "--karts", "8", "--hours", "0.5", "--min_pits", "2",
        "--seed", "7", "--out", b.toString())).isZero();
    assertThat(Files.mismatch(a, b)).isEqualTo(-1);
    assertThat(Files.readString(truth)).contains("\"karts\"");
    out.getBuffer().setLength(0);
    assertThat(run("parse", "--summary", "--format", "json", a.toString())).isZero();
    assertThat(out.toString()).contains("\"kind\" : \"race\"");
  }

  @Test
  void invalidRacesExitWith2AndSayWhy() {
    assertThat(run("simulate", "--teams", "30", "--karts", "24", "--out", dir.resolve("x").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("invalid race");
    assertThat(run("simulate", "--pit_rows", "0", "--out", dir.resolve("x").toString())).isEqualTo(2);
    assertThat(run("simulate", "--hours", "0", "--out", dir.resolve("x").toString())).isEqualTo(2);
    assertThat(run("simulate", "--out", dir.resolve("no/such/dir/x.jsonl").toString())).isEqualTo(2);
  }

  @Test
  void aPageWithoutLapsColumnAndTimeGapsIsWrittenAndAWrongStyleRefused() throws Exception {
    Path file = dir.resolve("derived.jsonl");
    assertThat(run("simulate", "--teams", "6", "--karts", "8", "--hours", "0.5", "--min_pits", "2",
        "--laps_column", "false", "--lapped_gap", "time", "--out", file.toString()))
        .as(err.toString()).isZero();
    String feed = Files.readString(file);
    assertThat(feed).contains("data-type=\\\"llp\\\"").doesNotContain("data-type=\\\"tlp\\\"");

    assertThat(run("simulate", "--lapped_gap", "nope", "--out", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("use laps, time or group");
    assertThat(run("simulate", "--laps_column", "maybe", "--out", file.toString())).isEqualTo(2);
    assertThat(run("simulate", "--holes", "21", "--out", file.toString())).isEqualTo(2);
    assertThat(run("simulate", "--hours", "1", "--holes", "3", "--hole_minutes", "20", "--out",
        file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("do not fit in the race: at most 14 minutes each");
  }
}
