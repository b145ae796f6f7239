package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedConnectionTest {

  private final List<SampleRace.Sent> sent = new ArrayList<>();
  private final FeedConnection<RuntimeException> connection = SampleRace.connection(sent);

  @Test
  void framesAreCountedWithTheirLines() {
    connection.send(100, "light|lg|\ndyn1|countdown|3600000");
    connection.send(200, "r1c6|in|1");

    assertThat(sent).containsExactly(new SampleRace.Sent(100, "light|lg|\ndyn1|countdown|3600000"),
        new SampleRace.Sent(200, "r1c6|in|1"));
    assertThat(connection.counts()).isEqualTo(new FeedConnection.Counts(2, 3, 200, 0, 0));
  }

  @Test
  void framesAreLostWhileTheConnectionIsDown() {
    connection.send(1_989_999, "a");
    connection.send(1_990_000, "b");
    connection.sendJunk(1_995_000, 2);
    connection.send(2_000_000, "c");

    assertThat(sent).extracting(SampleRace.Sent::text).containsExactly("a", "c");
    assertThat(connection.counts()).isEqualTo(new FeedConnection.Counts(2, 2, 2_000_000, 0, 2));
  }

  @Test
  void junkIsAFrameWithoutApexLines() {
    connection.sendJunk(500, 2);
    connection.sendJunk(600, 4);

    assertThat(sent).extracting(SampleRace.Sent::text).containsExactly("MGLNDD_53.70.172.3_8090",
        "GET / HTTP/1.1\r\nHost: 55.72.174.5:8090\r\nUser-Agent: Mozilla/5.0 zgrab/0.x\r\n"
            + "Accept: */*\r\nAccept-Encoding: gzip\r\n\r\n");
    assertThat(connection.counts()).isEqualTo(new FeedConnection.Counts(2, 0, 600, 2, 0));
    assertThat(FeedConnection.junkText(1)).contains("User-Agent: curl/7.64.1");
  }
}
