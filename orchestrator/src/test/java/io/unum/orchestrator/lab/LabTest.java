package io.unum.orchestrator.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.lab.ContainerEngine.HostContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'unum lab up' gives every host its certificate from a CA that no host can see. */
class LabTest {
  @TempDir
  Path dir;

  /** Containers as records, nothing run. */
  private static final class RecordingEngine implements ContainerEngine {
    final Map<String, HostContainer> made = new LinkedHashMap<>();

    @Override
    public void ensureNetwork(String name, String subnet, Map<String, String> labels) {}

    @Override
    public void removeNetwork(String name) {}

    @Override
    public void run(HostContainer container) {
      made.put(container.name(), container);
    }

    @Override
    public List<String> containers(String label) {
      return List.copyOf(made.keySet());
    }

    @Override
    public Optional<String> state(String name) {
      return made.containsKey(name) ? Optional.of("running") : Optional.empty();
    }

    @Override
    public void start(String name) {}

    @Override
    public void stop(String name, int timeoutSeconds) {}

    @Override
    public void remove(String name) {
      made.remove(name);
    }

    @Override
    public void limitCpus(String name, double cpus) {}

    @Override
    public String exec(String container, String... command) {
      return "";
    }
  }

  private record Issued(Path caDir, String name, List<String> addresses, Path into) {}

  private final RecordingEngine engine = new RecordingEngine();
  private final List<Issued> issued = new ArrayList<>();

  private Lab lab(Path labDir, Path home) {
    return new Lab(engine, new LabLayout(labDir), home, (caDir, name, addresses, into) -> {
      issued.add(new Issued(caDir, name, addresses, into));
      return "issued";
    });
  }

  private Path kernel() throws Exception {
    return Files.createDirectories(dir.resolve("cache/kernel")).resolve("bzImage");
  }

  private Path image() throws Exception {
    return Files.createDirectories(dir.resolve("cache/image")).resolve("base.raw");
  }

  @Test
  void everyHostGetsItsCertificateInItsOwnConfigAndNoHostSeesTheCa() throws Exception {
    LabLayout layout = new LabLayout(dir.resolve("lab"));
    lab(layout.dir(), Files.createDirectories(dir.resolve("checkout"))).up(2, "img", kernel(), image(), false);

    assertThat(issued).containsExactly(
        new Issued(layout.caDir(), "unum-host-1", List.of("172.31.213.11"), layout.pkiDir(1)),
        new Issued(layout.caDir(), "unum-host-2", List.of("172.31.213.12"), layout.pkiDir(2)));
    for (HostContainer host : engine.made.values()) {
      assertThat(host.mounts()).as("%s mounts its config dir, its bundle in it, at /etc/unum", host.name())
          .containsEntry(layout.configDir(LabLayout.number(host.name())).toString(), "/etc/unum");
      for (String source : host.mounts().keySet()) {
        assertThat(layout.caDir().startsWith(Path.of(source))).as("%s sees the CA through %s", host.name(), source)
            .isFalse();
      }
    }
    assertThat(issued).as("another host's bundle is in no host's mounts but its own").allSatisfy(i ->
        engine.made.values().stream().filter(h -> !h.name().equals(i.name()))
            .allMatch(h -> h.mounts().keySet().stream().noneMatch(s -> i.into().startsWith(Path.of(s)))));
  }

  @Test
  void aLabKeptInsideTheCheckoutIsRefusedForTheHostsWouldSeeItsCa() throws Exception {
    Path checkout = Files.createDirectories(dir.resolve("checkout"));
    assertThatThrownBy(() -> lab(checkout.resolve("lab"), checkout).up(1, "img", kernel(), image(), false))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("would be seen in the hosts")
        .hasMessageContaining("UNUM_LAB_DIR");
    assertThat(issued).as("no CA made where a host would see it").isEmpty();
    assertThat(engine.made).isEmpty();
  }

  @Test
  void aLabWhoseCaKeyAnOlderVersionLeftOnTheSharedFolderIsRefused() throws Exception {
    LabLayout layout = new LabLayout(dir.resolve("lab"));
    Files.createDirectories(layout.formerSharedCaDir());
    Files.writeString(layout.formerSharedCaDir().resolve("ca-key.pem"), "key");
    assertThatThrownBy(() -> lab(layout.dir(), dir.resolve("checkout")).up(1, "img", kernel(), image(), false))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("unum lab down");
    assertThat(issued).isEmpty();
    assertThat(engine.made).isEmpty();
  }

  @Test
  void growingALabWithAnotherFencingSettingIsRefusedBeforeAnyHostIsMade() throws Exception {
    LabLayout layout = new LabLayout(dir.resolve("lab"));
    Lab lab = lab(layout.dir(), Files.createDirectories(dir.resolve("checkout")));
    lab.up(1, "img", kernel(), image(), true);
    assertThat(lab.fences()).isTrue();
    assertThatThrownBy(() -> lab.up(2, "img", kernel(), image(), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fencing lease")
        .hasMessageContaining("unum lab down");
    assertThat(engine.made).containsOnlyKeys("unum-host-1");
    lab.up(2, "img", kernel(), image(), true);
    assertThat(engine.made).containsOnlyKeys("unum-host-1", "unum-host-2");
  }
}
