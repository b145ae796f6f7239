package lts.listener.ws;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.util.Locale;
import lts.contracts.EventCode;

/**
 * Websocket addresses: validation of what a user types ({@code ws://} or {@code wss://} only) and
 * the default event code of a feed.
 */
public final class WebSocketUris {

  private WebSocketUris() {
  }

  /**
   * Parses and checks a websocket URI.
   *
   * @return the URI, scheme in lower case
   * @throws IllegalArgumentException with a message that says what is wrong and what to give
   *     instead (not a URI, not ws/wss, no host, a fragment, a bad port)
   */
  public static URI parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty websocket URI: give one like "
          + "ws://www.apex-timing.com:8092 or wss://live-data.apex-timing.com:8093");
    }
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + text + "' is not a URI (" + e.getReason()
          + "): give one like ws://www.apex-timing.com:8092");
    }
    return check(uri);
  }

  /** Checks a websocket URI; see {@link #parse(String)}. */
  public static URI check(URI uri) {
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
      throw new IllegalArgumentException("'" + uri + "' is not a websocket URI: it must start with"
          + " ws:// or wss:// (e.g. ws://www.apex-timing.com:8092 or"
          + " wss://live-data.apex-timing.com:8093)"
          + (scheme == null ? "" : ", not " + scheme + "://"));
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("'" + uri + "' has no host name: give one like "
          + scheme + "://www.apex-timing.com:8092");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("'" + uri + "' has a fragment (#…): websocket URIs"
          + " cannot have one, remove it");
    }
    if (uri.getPort() > 65535) {
      throw new IllegalArgumentException("'" + uri + "' has a port above 65535");
    }
    if (scheme.equals(uri.getScheme())) {
      return uri;
    }
    try {
      return new URI(scheme, uri.getRawSchemeSpecificPart(), null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + uri + "' is not a valid URI: " + e.getReason(), e);
    }
  }

  /** True for {@code wss://}. */
  public static boolean isSecure(URI uri) {
    return "wss".equalsIgnoreCase(uri.getScheme());
  }

  /** The port of the URI, or the scheme's default (80 for ws, 443 for wss). */
  public static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return isSecure(uri) ? 443 : 80;
  }

  /**
   * The default event code of a feed: the host and port of the URI and a UTC date, lower case,
   * every character outside {@code [a-z0-9_-]} replaced by {@code -}:
   * {@code ws://www.apex-timing.com:8092} on 2026-11-27 gives
   * {@code www-apex-timing-com-8092-2026-11-27}. The listener takes the date it starts on, so a
   * race that runs past midnight keeps one code.
   */
  public static String defaultEventCode(URI uri, LocalDate utcDate) {
    return normalise(uri.getHost() + "-" + port(uri) + "-" + utcDate);
  }

  /** A valid event code made from {@code name}: see {@link EventCode#derive}. */
  static String normalise(String name) {
    return EventCode.derive(name).value();
  }

}
