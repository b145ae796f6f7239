package lts.app.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The npm tools of the deployment checks (app/src/test/resources/k8s-validate/package.json:
 * kubernetes-models, dockerfilelint), installed once into app/target/k8s-validate with npm. Without
 * node/npm or the registry the checks are skipped, except under LTS_REQUIRE_REAL=1 (CI), where
 * they fail.
 */
final class NodeTools {

  /** What a command printed and its exit code. */
  record Result(int exit, String output) {
  }

  private static Path dir;

  private NodeTools() {
  }

  static boolean requireReal() {
    return "1".equals(System.getenv("LTS_REQUIRE_REAL"));
  }

  /** Skips (or fails under LTS_REQUIRE_REAL=1) with the reason. */
  static void unavailable(String why) {
    if (requireReal()) {
      throw new AssertionError(why + " (LTS_REQUIRE_REAL=1: the check must run)");
    }
    Assumptions.abort(why);
  }

  /** The folder with node_modules installed, or a skip/failure. */
  static synchronized Path dir() throws IOException, InterruptedException {
    if (dir != null) {
      return dir;
    }
    Path target = Manifests.root().resolve("app/target/k8s-validate");
    Files.createDirectories(target);
    Path src = Manifests.root().resolve("app/src/test/resources/k8s-validate");
    boolean changed = false;
    for (String f : List.of("package.json", "validate.js")) {
      Path to = target.resolve(f);
      if (!Files.exists(to) || Files.mismatch(src.resolve(f), to) != -1) {
        Files.copy(src.resolve(f), to, StandardCopyOption.REPLACE_EXISTING);
        changed |= f.equals("package.json");
      }
    }
    if (run(target, 10, "node", "--version") == null) {
      unavailable("node is not installed: cannot validate the manifests against the Kubernetes schemas");
    }
    boolean installed = Files.isRegularFile(target.resolve("node_modules/kubernetes-models/package.json"))
        && Files.isRegularFile(target.resolve("node_modules/dockerfilelint/package.json"));
    if (changed || !installed) {
      Result r = run(target, 600, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error");
      if (r == null || r.exit() != 0) {
        unavailable("npm install of kubernetes-models/dockerfilelint failed: "
            + (r == null ? "npm is missing or timed out" : r.output()));
      }
    }
    dir = target;
    return dir;
  }

  /** Runs a command in a folder; null when it cannot start or times out. */
  static Result run(Path cwd, int timeoutSeconds, String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(cwd.toFile())
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      return null;
    }
    p.getOutputStream().close();
    byte[][] out = new byte[1][];
    Thread reader = new Thread(() -> {
      try {
        out[0] = p.getInputStream().readAllBytes();
      } catch (IOException e) {
        out[0] = new byte[0];
      }
    });
    reader.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      reader.join(5000);
      return null;
    }
    reader.join();
    return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
  }
}
