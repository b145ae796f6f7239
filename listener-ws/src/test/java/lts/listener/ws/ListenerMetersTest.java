package lts.listener.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ListenerMetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ListenerMeters meters = new ListenerMeters(registry);

  @Test
  void whatKafkaReportsLandsInTheRunnersCounters() {
    meters.acknowledged();
    meters.acknowledged();
    meters.failed();
    meters.lost(3);

    assertThat(registry.get("records_acked").tag("runner", "ws-listener").counter().count())
        .isEqualTo(2);
    assertThat(registry.get("send_failures").counter().count()).isEqualTo(1);
    assertThat(registry.get("records_lost").counter().count()).isEqualTo(3);
    assertThat(meters.recordsLost()).isEqualTo(3);
  }

  @Test
  void onlyTheConnectionsAfterTheFirstAreReconnects() {
    assertThat(meters.connected()).isEqualTo(1);
    meters.disconnected();
    assertThat(meters.connected()).isEqualTo(2);

    assertThat(meters.connections()).isEqualTo(2);
    assertThat(meters.reconnects()).isEqualTo(1);
    assertThat(registry.get("websocket_connected").gauge().value()).isEqualTo(1);
  }

  @Test
  void aDisconnectionIsShownAndDated() {
    long before = System.currentTimeMillis();
    meters.connected();
    meters.disconnected();

    assertThat(meters.isConnected()).isFalse();
    assertThat(registry.get("websocket_connected").gauge().value()).isZero();
    assertThat(meters.disconnectedSinceMs()).isBetween(before, System.currentTimeMillis());
  }

  @Test
  void thePendingGaugeReadsThePublisher() {
    long[] pending = {7};
    meters.gaugePending(pending, p -> p[0]);
    assertThat(registry.get("records_pending").gauge().value()).isEqualTo(7);
  }
}
