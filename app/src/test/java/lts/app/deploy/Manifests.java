package lts.app.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The Kubernetes manifests of the repository (k8s/ and kafka/k8s/), one entry per YAML document. */
final class Manifests {

  static final String NAMESPACE = "live-timing";
  /** Kinds that live outside any namespace (the ones we could plausibly use). */
  static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "PersistentVolume", "StorageClass",
      "ClusterRole", "ClusterRoleBinding", "IngressClass", "PriorityClass",
      "CustomResourceDefinition");

  /** One YAML document of a manifest file. */
  record Doc(Path file, int index, Map<String, Object> object) {
    String kind() {
      return (String) object.get("kind");
    }

    String name() {
      return (String) Manifests.map(object, "metadata").get("name");
    }

    @Override
    public String toString() {
      return root().relativize(file) + " #" + index + " " + kind() + " " + name();
    }
  }

  private Manifests() {
  }

  /** The repository's root: the folder above app/ that holds k8s/00-namespace.yaml. */
  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isRegularFile(p.resolve("k8s/00-namespace.yaml"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("no k8s/00-namespace.yaml above " + Path.of("").toAbsolutePath());
  }

  static List<Path> files() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("k8s", "kafka/k8s")) {
      try (Stream<Path> s = Files.list(root().resolve(dir))) {
        s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
            .sorted().forEach(files::add);
      }
    }
    return files;
  }

  /** Every non-empty document of every manifest; a YAML syntax error throws, naming the file. */
  @SuppressWarnings("unchecked")
  static List<Doc> all() throws IOException {
    List<Doc> docs = new ArrayList<>();
    for (Path f : files()) {
      Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
      try (Reader r = Files.newBufferedReader(f)) {
        int i = 0;
        for (Object o : yaml.loadAll(r)) {
          if (o == null) {
            continue;
          }
          if (!(o instanceof Map)) {
            throw new IllegalStateException(f + " document " + i + " is not a mapping");
          }
          docs.add(new Doc(f, i++, (Map<String, Object>) o));
        }
      } catch (org.yaml.snakeyaml.error.YAMLException e) {
        throw new IllegalStateException(f + ": invalid YAML: " + e.getMessage(), e);
      }
    }
    return docs;
  }

  /** The pod template spec of a workload (Deployment, StatefulSet, Job), else null. */
  static Map<String, Object> podSpec(Doc d) {
    Map<String, Object> template = map(map(d.object(), "spec"), "template");
    return template.isEmpty() ? null : map(template, "spec");
  }

  static Map<String, Object> podAnnotations(Doc d) {
    return map(map(map(map(d.object(), "spec"), "template"), "metadata"), "annotations");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> m, String key) {
    Object v = m == null ? null : m.get(key);
    return v instanceof Map ? (Map<String, Object>) v : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> m, String key) {
    Object v = m == null ? null : m.get(key);
    return v instanceof List ? (List<Map<String, Object>>) v : List.of();
  }

  @SuppressWarnings("unchecked")
  static List<String> strings(Map<String, Object> m, String key) {
    Object v = m == null ? null : m.get(key);
    if (!(v instanceof List)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object o : (List<Object>) v) {
      out.add(String.valueOf(o));
    }
    return out;
  }
}
