package lts.app.deploy;

import static lts.app.deploy.Manifests.list;
import static lts.app.deploy.Manifests.map;
import static lts.app.deploy.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lts.app.Lts;
import lts.app.deploy.Manifests.Doc;
import lts.contracts.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Offline checks of k8s/ and kafka/k8s/: YAML and identity of every object, the Kubernetes API
 * schemas (npm kubernetes-models), the lts containers' args and env against the real picocli
 * command line, probes/resources/security of every workload, and the topics of the Kafka Job.
 */
class KubernetesManifestsTest {

  private static final String IMAGE = "lts:latest";
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");
  /** Variables read outside picocli: the image's lts script (docker/lts). */
  private static final Set<String> IMAGE_ENV = Set.of("LTS_JAVA_OPTS");

  private static List<Doc> docs;

  @BeforeAll
  static void load() throws Exception {
    docs = Manifests.all();
  }

  private static List<Doc> workloads() {
    return docs.stream().filter(d -> Set.of("Deployment", "StatefulSet", "Job").contains(d.kind()))
        .collect(Collectors.toList());
  }

  @Test
  void everyDocumentIsIdentifiedAndInTheNamespace() {
    assertThat(docs).hasSizeGreaterThanOrEqualTo(15);
    Set<String> seen = new LinkedHashSet<>();
    for (Doc d : docs) {
      assertThat(d.object().get("apiVersion")).as(d + ": apiVersion").isInstanceOf(String.class);
      assertThat(d.kind()).as(d + ": kind").isNotBlank();
      assertThat(d.name()).as(d + ": metadata.name").isNotBlank();
      Object ns = map(d.object(), "metadata").get("namespace");
      if (Manifests.CLUSTER_SCOPED.contains(d.kind())) {
        assertThat(ns).as(d + ": cluster-scoped, no namespace").isNull();
      } else {
        assertThat(ns).as(d + ": namespace").isEqualTo(Manifests.NAMESPACE);
      }
      assertThat(seen.add(d.kind() + "/" + d.name())).as(d + ": duplicate").isTrue();
    }
    assertThat(docs).anyMatch(d -> d.kind().equals("Namespace") && d.name().equals("live-timing")
        && d.file().getFileName().toString().equals("00-namespace.yaml"));
    assertThat(seen).contains("StatefulSet/mysql", "StatefulSet/kafka", "Job/kafka-create-topics",
        "Deployment/ws-listener", "Deployment/raw-storage", "Deployment/parser", "Deployment/metrics",
        "Deployment/api", "Service/api", "Ingress/api", "Service/kafka", "Service/mysql",
        "ConfigMap/ws-listener-event", "PersistentVolumeClaim/raw-storage", "Secret/lts-mysql");
  }

  @Test
  void everyObjectIsValidAgainstTheKubernetesApiSchemas() throws Exception {
    Path dir = NodeTools.dir();
    List<Map<String, Object>> items = new ArrayList<>();
    for (Doc d : docs) {
      items.add(Map.of("file", Manifests.root().relativize(d.file()).toString(), "object", d.object()));
    }
    NodeTools.Result r = validate(dir, items, "objects.json");
    assertThat(r).as("node validate.js").isNotNull();
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains(docs.size() + " valid, 0 invalid");
  }

  @Test
  void theSchemaValidatorRejectsABrokenObject() throws Exception {
    Path dir = NodeTools.dir();
    Map<String, Object> broken = new ObjectMapper().readValue("""
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
         "spec": {"template": {"spec": {"containers": [
           {"name": "c", "image": "i", "resources": {"limits": {"cpu": "one"}}}]}}}}""", Map.class);
    NodeTools.Result r = validate(dir, List.of(Map.of("file", "broken.yaml", "object", broken)),
        "broken.json");
    assertThat(r.exit()).as(r.output()).isEqualTo(1);
    assertThat(r.output()).contains("selector").contains("cpu");
  }

  private static NodeTools.Result validate(Path dir, List<Map<String, Object>> items, String name)
      throws Exception {
    Path json = dir.resolve(name);
    new ObjectMapper().writeValue(json.toFile(), items);
    return NodeTools.run(dir, 120, "node", "validate.js", name);
  }

  @Test
  void everyLtsContainerIsAcceptedByTheRealCommandLine() {
    int checked = 0;
    for (Doc d : workloads()) {
      for (Map<String, Object> c : list(Manifests.podSpec(d), "containers")) {
        if (IMAGE.equals(c.get("image"))) {
          parse(d.toString(), c);
          checked++;
        }
      }
    }
    assertThat(checked).as("lts containers").isEqualTo(5);
  }

  @Test
  void theCommandLineCheckCatchesDriftedArgs() {
    Map<String, Object> c = new HashMap<>(Map.of("name", "parser", "image", IMAGE,
        "args", List.of("parser", "--kafka_server", "kafka:9092")));
    assertThatThrownBy(() -> parse("test", c)).hasMessageContaining("--kafka_server");
    c.put("args", List.of("parser", "--kafka_servers", "kafka:9092", "--admin_port", "nine"));
    assertThatThrownBy(() -> parse("test", c)).hasMessageContaining("nine");
    c.put("args", List.of("parser", "--kafka_servers", "kafka:9092"));
    c.put("env", List.of(Map.of("name", "LTS_NOT_AN_OPTION", "value", "x")));
    assertThatThrownBy(() -> parse("test", c)).hasMessageContaining("LTS_NOT_AN_OPTION");
    c.put("args", List.of("ws-listener", "--kafka_servers", "kafka:9092"));
    c.put("env", List.of(Map.of("name", "LTS_WEBSOCKET_URI", "value", "http://not-a-websocket")));
    assertThatThrownBy(() -> parse("test", c)).hasMessageContaining("ws-listener");
  }

  /**
   * Parses a container's args (no execution) with the environment it gets: every variable must be
   * the ${env:…} default of one of the runner's options (or read by the image) and is passed as
   * that option when the args do not give it, which is what picocli does with the variable.
   */
  private static CommandLine.ParseResult parse(String where, Map<String, Object> c) {
    String what = where + " container " + c.get("name");
    List<String> args = strings(c, "args");
    assertThat(args).as(what + ": args").isNotEmpty();
    CommandLine sub = Lts.commandLine().getSubcommands().get(args.get(0));
    assertThat(sub).as(what + ": '" + args.get(0) + "' is not an lts command").isNotNull();
    Map<String, OptionSpec> byEnv = new HashMap<>();
    sub.getCommandSpec().interpolateVariables(false); // defaultValue() as written: ${env:NAME…}
    for (OptionSpec o : sub.getCommandSpec().options()) {
      String dv = o.defaultValue();
      if (dv != null) {
        Matcher m = ENV_REF.matcher(dv);
        while (m.find()) {
          byEnv.put(m.group(1), o);
        }
      }
    }
    List<String> argv = new ArrayList<>(args);
    for (Map.Entry<String, String> e : environment(what, c).entrySet()) {
      if (IMAGE_ENV.contains(e.getKey())) {
        continue;
      }
      OptionSpec o = byEnv.get(e.getKey());
      if (o == null) {
        throw new AssertionError(what + ": env " + e.getKey() + " is read by no option of 'lts "
            + args.get(0) + "' (known: " + new java.util.TreeSet<>(byEnv.keySet()) + ")");
      }
      boolean given = args.stream().anyMatch(a -> {
        for (String n : o.names()) {
          if (a.equals(n) || a.startsWith(n + "=")) {
            return true;
          }
        }
        return false;
      });
      if (!given) {
        argv.add(o.longestName() + "=" + e.getValue());
      }
    }
    try {
      return Lts.commandLine().parseArgs(argv.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(what + ": 'lts " + String.join(" ", argv) + "' is rejected: "
          + e.getMessage(), e);
    }
  }

  /** The container's variables with their values, ConfigMap and Secret references resolved. */
  private static Map<String, String> environment(String what, Map<String, Object> c) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Object> from : list(c, "envFrom")) {
      for (String ref : List.of("configMapRef", "secretRef")) {
        Map<String, Object> r = map(from, ref);
        if (!r.isEmpty()) {
          env.putAll(dataOf(what, ref.startsWith("config") ? "ConfigMap" : "Secret",
              (String) r.get("name")));
        }
      }
    }
    for (Map<String, Object> e : list(c, "env")) {
      String name = (String) e.get("name");
      if (e.containsKey("value")) {
        env.put(name, String.valueOf(e.get("value")));
        continue;
      }
      Map<String, Object> vf = map(e, "valueFrom");
      String value = null;
      for (String ref : List.of("configMapKeyRef", "secretKeyRef")) {
        Map<String, Object> r = map(vf, ref);
        if (!r.isEmpty()) {
          value = dataOf(what, ref.startsWith("config") ? "ConfigMap" : "Secret",
              (String) r.get("name")).get((String) r.get("key"));
          assertThat(value).as(what + ": env " + name + ": key " + r.get("key") + " of " + r.get("name"))
              .isNotNull();
        }
      }
      if (value == null && !map(vf, "fieldRef").isEmpty()) {
        value = "pod-field";
      }
      assertThat(value).as(what + ": env " + name + " has no value").isNotNull();
      env.put(name, value);
    }
    return env;
  }

  private static Map<String, String> dataOf(String what, String kind, String name) {
    Doc d = docs.stream().filter(x -> x.kind().equals(kind) && name.equals(x.name())).findFirst()
        .orElseThrow(() -> new AssertionError(what + ": no " + kind + " " + name + " in the manifests"));
    Map<String, String> data = new LinkedHashMap<>();
    for (String key : List.of("data", "stringData")) {
      map(d.object(), key).forEach((k, v) -> data.put(k, kind.equals("Secret") && key.equals("data")
          ? new String(java.util.Base64.getDecoder().decode(String.valueOf(v)),
              java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(v)));
    }
    return data;
  }

  @Test
  void everyWorkloadHasProbesResourcesAndRunsAsNonRoot() {
    for (Doc d : workloads()) {
      Map<String, Object> pod = Manifests.podSpec(d);
      Map<String, Object> podSec = map(pod, "securityContext");
      for (Map<String, Object> c : list(pod, "containers")) {
        String what = d + " container " + c.get("name");
        if (!d.kind().equals("Job")) {
          assertThat(map(c, "livenessProbe")).as(what + ": livenessProbe").isNotEmpty();
          assertThat(map(c, "readinessProbe")).as(what + ": readinessProbe").isNotEmpty();
        }
        Map<String, Object> res = map(c, "resources");
        for (String k : List.of("requests", "limits")) {
          assertThat(map(res, k)).as(what + ": resources." + k).containsKeys("cpu", "memory");
        }
        Map<String, Object> sec = map(c, "securityContext");
        Object nonRoot = sec.containsKey("runAsNonRoot") ? sec.get("runAsNonRoot") : podSec.get("runAsNonRoot");
        assertThat(nonRoot).as(what + ": runAsNonRoot").isEqualTo(true);
        assertThat(sec.get("allowPrivilegeEscalation")).as(what + ": allowPrivilegeEscalation").isEqualTo(false);
      }
    }
  }

  @Test
  void ltsContainersProbeTheirHealthPortReadOnlyAndScraped() {
    for (Doc d : workloads()) {
      Map<String, Object> pod = Manifests.podSpec(d);
      for (Map<String, Object> c : list(pod, "containers")) {
        if (!IMAGE.equals(c.get("image"))) {
          continue;
        }
        String what = d + " container " + c.get("name");
        CommandLine.ParseResult pr = parse(d.toString(), c).subcommand();
        int port = pr.commandSpec().name().equals("api")
            ? pr.matchedOptionValue("--port", 8080) : pr.matchedOptionValue("--admin_port", -1);
        assertThat(port).as(what + ": the admin/HTTP port from its args").isPositive();
        Map<String, Integer> ports = new HashMap<>();
        for (Map<String, Object> p : list(c, "ports")) {
          ports.put((String) p.get("name"), (Integer) p.get("containerPort"));
        }
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
          Map<String, Object> get = map(map(c, probe), "httpGet");
          assertThat(get.get("path")).as(what + ": " + probe + " path").isEqualTo("/health");
          Object p = get.get("port");
          assertThat(p instanceof String ? ports.get(p) : p).as(what + ": " + probe + " port").isEqualTo(port);
        }
        Map<String, Object> ann = Manifests.podAnnotations(d);
        assertThat(ann).as(what + ": Prometheus annotations").containsEntry("prometheus.io/scrape", "true")
            .containsEntry("prometheus.io/port", String.valueOf(port))
            .containsEntry("prometheus.io/path", "/metrics");
        assertThat(map(pod, "securityContext").get("runAsUser")).as(what + ": uid of the image's lts user")
            .isEqualTo(10001);
        assertThat(map(c, "securityContext").get("readOnlyRootFilesystem")).as(what).isEqualTo(true);
        String tmpVolume = list(c, "volumeMounts").stream().filter(m -> "/tmp".equals(m.get("mountPath")))
            .map(m -> (String) m.get("name")).findFirst().orElse(null);
        assertThat(list(pod, "volumes")).as(what + ": /tmp is an emptyDir")
            .anyMatch(v -> v.get("name").equals(tmpVolume) && v.containsKey("emptyDir"));
        List<String> args = strings(c, "args");
        int i = args.indexOf("--kafka_servers");
        assertThat(i).as(what + ": --kafka_servers").isPositive();
        assertThat(args.get(i + 1)).isEqualTo("kafka.live-timing.svc.cluster.local:9092");
      }
    }
    assertThat(docs).anyMatch(d -> d.kind().equals("Service") && d.name().equals("kafka")
        && list(map(d.object(), "spec"), "ports").stream().anyMatch(p -> p.get("port").equals(9092)));
  }

  @Test
  void servicesSelectAWorkload() {
    for (Doc s : docs.stream().filter(d -> d.kind().equals("Service")).toList()) {
      Map<String, Object> selector = map(map(s.object(), "spec"), "selector");
      assertThat(selector).as(s + ": selector").isNotEmpty();
      assertThat(workloads()).as(s + ": selects a pod template")
          .anyMatch(w -> map(map(map(map(w.object(), "spec"), "template"), "metadata"), "labels")
              .entrySet().containsAll(selector.entrySet()));
    }
  }

  @Test
  void theTopicsJobCreatesExactlyTheCodesTopics() {
    Doc job = docs.stream().filter(d -> d.kind().equals("Job") && d.name().equals("kafka-create-topics"))
        .findFirst().orElseThrow();
    Map<String, Object> c = list(Manifests.podSpec(job), "containers").get(0);
    String script = String.join("\n", strings(c, "command")) + "\n" + String.join("\n", strings(c, "args"));
    Pattern create = Pattern.compile("--create\\b.*?--topic\\s+(\\S+)(.*)");
    Map<String, String> topics = new LinkedHashMap<>();
    for (String line : script.split("\n")) {
      Matcher m = create.matcher(line);
      if (m.find()) {
        topics.put(m.group(1), line);
        assertThat(line).as(line).containsPattern("--partitions\\s+\\d+")
            .containsPattern("--replication-factor\\s+1").containsPattern("--config\\s+retention\\.ms=-?\\d+")
            .contains("--if-not-exists");
      }
    }
    assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    assertThat(topics.get(Topics.RAW_MESSAGES)).as("the parser rebuilds its state from raw-messages")
        .containsPattern("retention\\.ms=-1(\\s|$)");
  }

  @Test
  void kafkaIsSingleNodeKraftFromTheOfficialImage() {
    Doc kafka = docs.stream().filter(d -> d.kind().equals("StatefulSet") && d.name().equals("kafka"))
        .findFirst().orElseThrow();
    Map<String, Object> c = list(Manifests.podSpec(kafka), "containers").get(0);
    assertThat((String) c.get("image")).matches("apache/kafka:4\\.\\d+\\.\\d+");
    Map<String, String> env = environment("kafka", c);
    assertThat(env).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
        .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka.live-timing.svc.cluster.local:9092");
    assertThat(env.keySet()).noneMatch(k -> k.contains("ZOOKEEPER"));
    assertThat(Manifests.podSpec(kafka).get("enableServiceLinks")).isEqualTo(false);
  }

  @Test
  void mysqlIs8032WithAVolumeAndASecret() {
    Doc mysql = docs.stream().filter(d -> d.kind().equals("StatefulSet") && d.name().equals("mysql"))
        .findFirst().orElseThrow();
    Map<String, Object> c = list(Manifests.podSpec(mysql), "containers").get(0);
    assertThat(c.get("image")).isEqualTo("mysql:8.0.32");
    assertThat(environment("mysql", c)).containsKeys("MYSQL_ROOT_PASSWORD", "MYSQL_DATABASE",
        "MYSQL_USER", "MYSQL_PASSWORD");
    assertThat(list(map(mysql.object(), "spec"), "volumeClaimTemplates")).hasSize(1);
    assertThat(Files.exists(Manifests.root().resolve("k8s/README.md"))).isTrue();
  }
}
