package lts.recordings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import lts.contracts.EventCode;

/**
 * Derives the event code of a recording from its file name, its header's circuit URL or its
 * metadata's websocket URL.
 */
final class EventCodes {

  private static final String[] EXTENSIONS = {".gz", ".log", ".jsonl", ".ndjson", ".partial"};

  private EventCodes() {
  }

  /**
   * The file name without directories and without the extensions {@code .gz .log .jsonl .ndjson
   * .partial}, normalised: {@code santos-12h-2026-04-25.log.gz} gives
   * {@code santos-12h-2026-04-25}.
   */
  static String fromFileName(Path file) {
    Path fileName = file.getFileName();
    String name = fileName == null ? "" : fileName.toString();
    boolean stripped = true;
    while (stripped) {
      stripped = false;
      for (String extension : EXTENSIONS) {
        if (name.length() > extension.length()
            && name.regionMatches(true, name.length() - extension.length(), extension, 0,
                extension.length())) {
          name = name.substring(0, name.length() - extension.length());
          stripped = true;
        }
      }
    }
    return normalise(name);
  }

  /**
   * The last segment of the URL's path, normalised
   * ({@code https://www.apex-timing.com/live-timing/capkarting/} gives {@code capkarting}), or null
   * when the URL has no path.
   */
  static String fromCircuitUrl(String url) {
    if (url == null) {
      return null;
    }
    String path;
    try {
      path = new URI(url.trim()).getPath();
    } catch (URISyntaxException e) {
      return null;
    }
    if (path == null) {
      return null;
    }
    String[] segments = path.split("/");
    for (int i = segments.length - 1; i >= 0; i--) {
      if (!segments[i].isBlank()) {
        return normalise(segments[i]);
      }
    }
    return null;
  }

  /**
   * The host and port of a websocket URL, normalised
   * ({@code wss://www.apex-timing.com:8092/} gives {@code www-apex-timing-com-8092}, without a port
   * {@code www-apex-timing-com}), or null when the URL names no host.
   */
  static String fromWebsocketUrl(String url) {
    if (url == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      return null;
    }
    if (uri.getHost() != null) {
      return normalise(uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
    }
    String authority = uri.getAuthority();
    if (authority == null || authority.isBlank()) {
      return null;
    }
    return normalise(authority.substring(authority.lastIndexOf('@') + 1));
  }

  /** A valid event code made from {@code name}: see {@link EventCode#derive}. */
  static String normalise(String name) {
    return EventCode.derive(name).value();
  }

}
