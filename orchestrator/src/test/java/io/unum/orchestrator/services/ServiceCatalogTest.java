package io.unum.orchestrator.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Declarations are checked field by field, across services too (dependencies, cycles). */
class ServiceCatalogTest {
  static ServiceSpec spec(String name, List<Integer> levels, String... dependsOn) {
    return new ServiceSpec(name, List.of("sleep", "300"), null, levels, null, null, null, null, List.of(dependsOn),
        null, 0);
  }

  private static void assertInvalid(ServiceCatalog catalog, ServiceSpec spec, String field, String why) {
    assertThatThrownBy(() -> catalog.with(spec, 1)).as(field)
        .isInstanceOfSatisfying(InvalidServiceException.class, e -> {
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).contains(why);
        });
  }

  @Test
  void defaultsAreFilledInAndEachChangeTakesANewRevision() {
    ServiceCatalog catalog = ServiceCatalog.EMPTY.with(spec("db", null), 10);
    ServiceSpec db = catalog.get("db").orElseThrow();
    assertThat(db.runLevels()).containsExactly(2, 3, 5);
    assertThat(db.placement()).isEqualTo(ServiceSpec.Placement.ANY);
    assertThat(db.restart()).isEqualTo(new ServiceSpec.Restart(ServiceSpec.Policy.ON_FAILURE, 5, 1000L, 30_000L));
    assertThat(db.stopTimeoutSeconds()).isEqualTo(10);
    assertThat(db.revision()).isEqualTo(1);
    ServiceCatalog next = catalog.with(spec("web", null, "db"), 11).restarted("db", 12);
    assertThat(next.revision()).isEqualTo(3);
    assertThat(next.get("db").orElseThrow().revision()).isEqualTo(3);
    assertThat(next.get("web").orElseThrow().revision()).isEqualTo(2);
    assertThat(next.dependents("db")).containsExactly("web");
  }

  @Test
  void badFieldsAreNamed() {
    ServiceCatalog empty = ServiceCatalog.EMPTY;
    assertInvalid(empty, spec("Bad Name", null), "name", "lower-case");
    assertInvalid(empty, new ServiceSpec("a", List.of(), null, null, null, null, null, null, null, null, 0),
        "command", "must name a program");
    assertInvalid(empty, new ServiceSpec("a", List.of(" "), null, null, null, null, null, null, null, null, 0),
        "command[0]", "must name a program");
    assertInvalid(empty, spec("a", List.of(3, 7)), "runLevels[1]", "run level 7 does not exist");
    assertInvalid(empty, spec("a", List.of(4)), "runLevels[0]", "run level 4 does not exist");
    assertInvalid(empty, spec("a", List.of(0)), "runLevels[0]", "halt: no service runs there");
    assertInvalid(empty, spec("a", List.of(6)), "runLevels[0]", "reboot");
    assertInvalid(empty, spec("a", List.of(3, 3)), "runLevels[1]", "listed twice");
    assertInvalid(empty, spec("a", List.of()), "runLevels", "at least one");
    assertInvalid(empty, new ServiceSpec("a", List.of("x"), null, null, ServiceSpec.Placement.NODE, null, null, null,
        null, null, 0), "node", "required with placement 'node'");
    assertInvalid(empty, new ServiceSpec("a", List.of("x"), null, null, ServiceSpec.Placement.EVERY, 2, null, null,
        null, null, 0), "node", "only with placement 'node'");
    assertInvalid(empty, new ServiceSpec("a", List.of("x"), null, null, null, null,
        new ServiceSpec.Restart(null, -1, null, null), null, null, null, 0), "restart.limit", "0..1000");
    assertInvalid(empty, new ServiceSpec("a", List.of("x"), null, null, null, null,
        new ServiceSpec.Restart(null, null, 5000L, 1000L), null, null, null, 0), "restart.maxBackoffMillis",
        "backoffMillis..");
    assertInvalid(empty, new ServiceSpec("a", List.of("x"), null, null, null, null, null, null, null,
        Map.of("1BAD", "x"), 0), "env.1BAD", "not a variable name");
    assertInvalid(empty, spec("a", null, "nosuch"), "dependsOn[0]", "no service 'nosuch'");
    assertInvalid(empty, spec("a", null, "a"), "dependsOn[0]", "itself");
  }

  @Test
  void aDependencyMustRunWhereverItsDependentRuns() {
    ServiceCatalog catalog = ServiceCatalog.EMPTY.with(spec("db", List.of(3, 5)), 1);
    assertInvalid(catalog, spec("web", List.of(2, 3), "db"), "dependsOn[0]", "does not run at run level 2");
  }

  @Test
  void aCycleIsRefusedAndNamedWhenAChangeWouldCloseIt() {
    ServiceCatalog catalog = ServiceCatalog.EMPTY.with(spec("a", null), 1).with(spec("b", null, "a"), 2)
        .with(spec("c", null, "b"), 3);
    assertInvalid(catalog, spec("a", null, "c"), "dependsOn", "makes a cycle: a -> c -> b -> a");
  }

  @Test
  void aServiceOthersNeedCannotBeDeleted() {
    ServiceCatalog catalog = ServiceCatalog.EMPTY.with(spec("db", null), 1).with(spec("web", null, "db"), 2);
    assertThatThrownBy(() -> catalog.without("db", 3)).isInstanceOf(ServiceConflictException.class)
        .hasMessageContaining("needed by web");
    assertThat(catalog.without("web", 3).without("db", 4).services()).isEmpty();
  }
}
