package lts.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the real Apex recordings in {@code ../shared/data/apex} (beside the repository). Tests read
 * them in place and skip with a message when they are absent, unless the environment variable
 * {@code LTS_REQUIRE_REAL=1} is set (CI does): then a missing folder fails the test.
 */
public final class SharedData {

  private SharedData() {
  }

  /** True when CI asked that real parts (recordings, MariaDB, Chromium) be mandatory. */
  public static boolean realPartsRequired() {
    return "1".equals(System.getenv("LTS_REQUIRE_REAL")) || Boolean.getBoolean("lts.require.real");
  }

  /** The folder of recordings, or skips (fails under {@code LTS_REQUIRE_REAL=1}) when absent. */
  public static Path apexDir() {
    Path dir = locate();
    String message = "real Apex recordings not found at ../shared/data/apex (looked at "
        + (dir == null ? "every parent of " + Paths.get("").toAbsolutePath() : dir) + ")";
    if (dir == null || !Files.isDirectory(dir)) {
      if (realPartsRequired()) {
        throw new AssertionError(message + " and LTS_REQUIRE_REAL=1 makes them mandatory");
      }
      assumeTrue(false, message + ": skipping");
    }
    return dir;
  }

  /** One recording of the folder, e.g. {@code santos-12h-2026-04-25.log.gz}; skips like {@link #apexDir()}. */
  public static Path recording(String name) {
    Path file = apexDir().resolve(name);
    if (!Files.isRegularFile(file)) {
      if (realPartsRequired()) {
        throw new AssertionError("recording " + file + " is missing");
      }
      assumeTrue(false, "recording " + file + " is missing: skipping");
    }
    return file;
  }

  private static Path locate() {
    String configured = System.getProperty("lts.shared.dir");
    if (configured != null && !configured.isBlank()) {
      Path dir = Paths.get(configured).resolve("data/apex").normalize();
      if (Files.isDirectory(dir)) {
        return dir;
      }
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path dir = p.resolveSibling("shared").resolve("data/apex");
      if (Files.isDirectory(dir)) {
        return dir;
      }
    }
    return null;
  }
}
