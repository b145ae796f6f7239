package lts.rawstorage.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's life as its health tells it, without a broker (the output path fails first). */
class RawStorageHealthTest {

  @TempDir
  Path dir;

  private RawStorage storage(Path output) {
    return new RawStorage(RawStorage.Settings.of("127.0.0.1:1", "raw-messages", "raw-storage",
        output), new SimpleMeterRegistry());
  }

  @Test
  void beforeItRunsTheHealthSaysItIsNotStarted() {
    assertThat(storage(dir.resolve("logs")).health()).isEqualTo("raw-storage not started");
  }

  @Test
  void aRunnerRunsOnceAndKeepsTheReasonItFailed() throws Exception {
    Path file = Files.writeString(dir.resolve("logs"), "x");
    RawStorage storage = storage(file);
    assertThatThrownBy(storage::run).isInstanceOf(RawStorageException.class);

    assertThatThrownBy(storage::run).isInstanceOf(IllegalStateException.class)
        .hasMessage("a RawStorage runs once; create another one");
    assertThat(storage.health()).isEqualTo("raw-storage failed: output path "
        + file.toAbsolutePath() + " exists but is not a directory: give --output_path a"
        + " directory (it is created when missing)");
  }
}
