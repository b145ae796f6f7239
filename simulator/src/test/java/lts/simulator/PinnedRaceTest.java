package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A seed is a race: these hashes were taken from the simulator before it was split into its
 * collaborators. A change of the model changes them on purpose (update them and say why); a
 * refactoring must leave them alone.
 */
class PinnedRaceTest {

  @Test
  void seedSevenStillGivesTheSameFramesAndTheSameTruth() {
    SimulatedRace race = RaceSimulator.simulate(RaceSimulatorTest.small(7));

    assertThat(race.frames()).hasSize(3471);
    assertThat(sha256(frames(race))).isEqualTo(
        "6242187aa30eecbd2e6ad6ac57557a6cd5ee9e090a4b047a5c6955f351ca7a5e");
    assertThat(sha256(race.truth().toJson())).isEqualTo(
        "cc33a0e927ad2274b50f15dbfcf7ea3f38b620707f2c3b665dc8b71190f1afb9");
  }

  @Test
  void aHalfHourRaceWithoutStopsIsPinnedToo() {
    SimulatedRace race = RaceSimulator.simulate(new RaceSettings(6, 7, 0.5, 1, 0, 30, 60, 1, 12));

    assertThat(sha256(frames(race))).isEqualTo(
        "296a399022cf1591c195854326fdcbb43a9f3294e23173450532592ce686c3db");
    assertThat(sha256(race.truth().toJson())).isEqualTo(
        "55d57828ed2cc210042006b724f4ea866f800765fa313c9d892c752b8684777d");
  }

  /** Every frame as {@code <at> <length>\n<text>\n}. */
  private static String frames(SimulatedRace race) {
    StringBuilder sb = new StringBuilder(1 << 20);
    for (SimFrame f : race.frames()) {
      sb.append(f.atEpochMs()).append(' ').append(f.text().length()).append('\n')
          .append(f.text()).append('\n');
    }
    return sb.toString();
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
