package lts.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile (docker build cannot run here): its build steps use only the project's own
 * commands, it runs as a non-root user with ENTRYPOINT ["lts"], every module is copied into the
 * build stage, and dockerfilelint (npm) finds no issue.
 */
class DockerfileTest {

  private static final Pattern ALLOWED = Pattern.compile(
      "^(\\./mvnw|groupadd|useradd|mkdir|chown)(\\s.*)?$");

  private static List<String> instructions() throws Exception {
    String text = Files.readString(Manifests.root().resolve("Dockerfile"));
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (cur.length() == 0 && (t.isEmpty() || t.startsWith("#"))) {
        continue;
      }
      if (t.endsWith("\\")) {
        cur.append(t, 0, t.length() - 1).append(' ');
      } else {
        out.add(cur.append(t).toString().strip());
        cur.setLength(0);
      }
    }
    return out;
  }

  @Test
  void runStepsUseOnlyTheProjectsOwnCommands() throws Exception {
    List<String> runs = instructions().stream().filter(i -> i.startsWith("RUN ")).toList();
    assertThat(runs).isNotEmpty();
    for (String run : runs) {
      for (String step : run.substring(4).split("&&")) {
        assertThat(step.strip()).as(run).matches(ALLOWED);
        assertThat(step).as(run + ": no download or shell tricks").doesNotContain("|", ";", "`", "$(");
      }
    }
    assertThat(runs).anyMatch(r -> r.contains("./mvnw") && r.contains("-pl app -am package"));
  }

  @Test
  void multiStageOnTemurinRunsAsNonRootWithLtsEntrypoint() throws Exception {
    List<String> ins = instructions();
    List<String> froms = ins.stream().filter(i -> i.startsWith("FROM ")).toList();
    assertThat(froms).hasSize(2);
    assertThat(froms.get(0)).startsWith("FROM eclipse-temurin:17-jdk").endsWith("AS build");
    assertThat(froms.get(1)).startsWith("FROM eclipse-temurin:17-jre");
    String user = ins.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
    assertThat(user.substring(5).split(":")[0]).isNotIn("root", "0").isEqualTo("10001");
    assertThat(ins.stream().filter(i -> i.startsWith("ENTRYPOINT")).reduce((a, b) -> b).orElseThrow())
        .isEqualTo("ENTRYPOINT [\"lts\"]");
    assertThat(ins).contains("COPY docker/lts /usr/local/bin/lts");
    assertThat(Files.readString(Manifests.root().resolve("docker/lts"))).contains("-jar /opt/lts/lts.jar");
    assertThat(Files.readString(Manifests.root().resolve(".dockerignore"))).contains("**/target/", ".git/");
  }

  @Test
  void everyModuleOfTheRootPomIsCopiedIntoTheBuildStage() throws Exception {
    String pom = Files.readString(Manifests.root().resolve("pom.xml"));
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    List<String> ins = instructions();
    int stage2 = ins.indexOf(ins.stream().filter(i -> i.startsWith("FROM ")).toList().get(1));
    List<String> buildStage = ins.subList(0, stage2);
    int n = 0;
    while (m.find()) {
      String module = m.group(1).strip();
      assertThat(buildStage).as("module " + module).contains("COPY " + module + "/ " + module + "/");
      n++;
    }
    assertThat(n).isGreaterThanOrEqualTo(10);
    assertThat(buildStage).contains("COPY mvnw pom.xml ./", "COPY .mvn/ .mvn/");
  }

  @Test
  void dockerfilelintFindsNoIssue() throws Exception {
    Path dir = NodeTools.dir();
    NodeTools.Result r = NodeTools.run(dir, 120, "node",
        "node_modules/dockerfilelint/bin/dockerfilelint", "-o", "json",
        Manifests.root().resolve("Dockerfile").toString());
    assertThat(r).as("dockerfilelint").isNotNull();
    assertThat(r.output()).as(r.output()).contains("\"totalIssues\":0");
    assertThat(r.exit()).as(r.output()).isZero();
  }
}
