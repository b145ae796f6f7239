package lts.listener.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayTallyTest {

  @Test
  void theRaceTimeIsTheMostAdvancedClientsFromTheFirstFrame() {
    ReplayTally tally = new ReplayTally(1_000_000, 0);
    ReplayServer.Progress p = tally.progress(1_000_000_000, 3, new long[] {-1, 1_030_000, 1_010_000});
    assertThat(p.clients()).isEqualTo(3);
    assertThat(p.raceTimeMs()).isEqualTo(30_000);
    assertThat(p.frameTime()).isEqualTo(Instant.ofEpochMilli(1_030_000));
  }

  @Test
  void noClientWithAFrameMeansNoRaceTime() {
    ReplayServer.Progress p = new ReplayTally(1_000_000, 0).progress(1, 1, new long[] {-1});
    assertThat(p.raceTimeMs()).isEqualTo(-1);
    assertThat(p.frameTime()).isNull();
  }

  @Test
  void theRateIsOverTheTimeSinceThePreviousReport() {
    ReplayTally tally = new ReplayTally(0, 0);
    for (int i = 0; i < 100; i++) {
      tally.frameSent();
    }
    assertThat(tally.progress(2_000_000_000L, 0, new long[0]).framesPerSecond()).isEqualTo(50.0);
    for (int i = 0; i < 30; i++) {
      tally.frameSent();
    }
    tally.passFinished();
    ReplayServer.Progress p = tally.progress(3_000_000_000L, 0, new long[0]);
    assertThat(p.framesPerSecond()).isEqualTo(30.0);
    assertThat(p.framesSent()).isEqualTo(130);
    assertThat(p.finishedClients()).isEqualTo(1);
  }
}
