package lts.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventCodesTest {

  @Test
  void aWebsocketUrlGivesItsHostAndPort() {
    assertThat(EventCodes.fromWebsocketUrl("wss://www.apex-timing.com:8092/"))
        .isEqualTo("www-apex-timing-com-8092");
    assertThat(EventCodes.fromWebsocketUrl(" ws://Live-Data.Apex-Timing.com:7953/socket?x=1 "))
        .isEqualTo("live-data-apex-timing-com-7953");
  }

  @Test
  void aWebsocketUrlWithoutPortGivesItsHostAlone() {
    assertThat(EventCodes.fromWebsocketUrl("wss://live-data.apex-timing.com"))
        .isEqualTo("live-data-apex-timing-com");
  }

  @Test
  void aHostThatIsNoInternetNameStillGivesACodeFromTheAuthority() {
    assertThat(EventCodes.fromWebsocketUrl("ws://user@my_box:9000/"))
        .isEqualTo("my_box-9000");
  }

  @Test
  void aWebsocketUrlWithoutHostGivesNothing() {
    assertThat(EventCodes.fromWebsocketUrl(null)).isNull();
    assertThat(EventCodes.fromWebsocketUrl("not a url")).isNull();
    assertThat(EventCodes.fromWebsocketUrl("/live/feed")).isNull();
    assertThat(EventCodes.fromWebsocketUrl("www.apex-timing.com:8092")).isNull();
  }
}
