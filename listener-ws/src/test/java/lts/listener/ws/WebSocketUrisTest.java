package lts.listener.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class WebSocketUrisTest {

  @Test
  void wsAndWssUrisAreAccepted() {
    assertThat(WebSocketUris.parse("ws://www.apex-timing.com:8092"))
        .isEqualTo(URI.create("ws://www.apex-timing.com:8092"));
    assertThat(WebSocketUris.parse(" wss://live-data.apex-timing.com:8093/ "))
        .isEqualTo(URI.create("wss://live-data.apex-timing.com:8093/"));
    assertThat(WebSocketUris.parse("WSS://live-data.apex-timing.com:8093").getScheme()).isEqualTo("wss");
  }

  @Test
  void otherUrisAreRefusedWithAMessageThatSaysWhatToGive() {
    for (String bad : List.of("http://www.apex-timing.com:8092", "www.apex-timing.com:8092",
        "ftp://x", "ws://", "ws://host:8092/#frag", "ws://bad host", "")) {
      assertThatThrownBy(() -> WebSocketUris.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageMatching("(?s).*(ws://|wss://|fragment).*");
    }
    assertThatThrownBy(() -> WebSocketUris.parse("http://www.apex-timing.com:8092"))
        .hasMessageContaining("must start with ws:// or wss://").hasMessageContaining("not http://");
  }

  @Test
  void theDefaultEventCodeIsHostPortAndUtcDate() {
    assertThat(WebSocketUris.defaultEventCode(URI.create("ws://www.apex-timing.com:8092"),
        LocalDate.of(2026, 11, 27))).isEqualTo("www-apex-timing-com-8092-2026-11-27");
    assertThat(WebSocketUris.defaultEventCode(URI.create("wss://Live-Data.apex-timing.com/"),
        LocalDate.of(2026, 1, 2))).isEqualTo("live-data-apex-timing-com-443-2026-01-02");
    assertThat(WebSocketUris.defaultEventCode(URI.create("ws://10.0.0.1"),
        LocalDate.of(2026, 1, 2))).isEqualTo("10-0-0-1-80-2026-01-02");
  }

  @Test
  void aWssListenerIsBuiltWithTls() throws Exception {
    WsListener.Config config = WsListener.Config.of(WebSocketUris.parse(
        "wss://live-data.apex-timing.com:8093"));
    HttpClient client = WsListener.httpClient(config);
    assertThat(client.sslContext()).isNotNull();
    assertThat(client.sslContext().getProtocol()).isIn("Default", "TLS", "TLSv1.3", "TLSv1.2");
    assertThat(client.sslParameters().getProtocols()).containsAnyOf("TLSv1.3", "TLSv1.2");
    assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    SSLContext custom = SSLContext.getInstance("TLSv1.3");
    custom.init(null, null, null);
    assertThat(WsListener.httpClient(config.withSslContext(custom)).sslContext()).isSameAs(custom);
  }

  @Test
  void backoffDoublesFromOneSecondToAMinuteAndResetsAfterALongConnection() {
    Backoff backoff = Backoff.standard();
    Duration none = Duration.ZERO;
    assertThat(List.of(backoff.after(none), backoff.after(none), backoff.after(none),
        backoff.after(none), backoff.after(none), backoff.after(none), backoff.after(none),
        backoff.after(none))).extracting(Duration::toSeconds)
        .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L);
    assertThat(backoff.after(Duration.ofSeconds(59))).isEqualTo(Duration.ofSeconds(60));
    assertThat(backoff.after(Duration.ofSeconds(61))).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.after(none)).isEqualTo(Duration.ofSeconds(2));
  }
}
