package io.unum.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules ARCHITECTURE.md states, checked on the orchestrator's compiled classes (tests
 * left out). That the {@code client} leans on the JDK and Jackson only is {@code
 * client.ClientDependenciesTest}'s.
 */
@AnalyzeClasses(packages = "io.unum.orchestrator", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String ORCHESTRATOR = "io.unum.orchestrator..";

  @ArchTest
  static final ArchRule noPackageLoops = slices().matching("io.unum.orchestrator.(*)..").should().beFreeOfCycles()
      .because("dependencies point one way (ARCHITECTURE.md): a loop ties its packages together, so none can be"
          + " read, tested or changed without the others");

  @ArchTest
  static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("cli").definedBy("io.unum.orchestrator.cli..")
      .layer("daemon").definedBy("io.unum.orchestrator.daemon..")
      .layer("api").definedBy("io.unum.orchestrator.api..")
      .layer("innode").definedBy("io.unum.orchestrator.innode..")
      .layer("benchmarks").definedBy("io.unum.orchestrator.benchmarks..")
      .layer("lab").definedBy("io.unum.orchestrator.lab..")
      .layer("client").definedBy("io.unum.orchestrator.client..")
      .layer("bench").definedBy("io.unum.orchestrator.bench..")
      .layer("core").definedBy("io.unum.orchestrator.access..", "io.unum.orchestrator.audit..",
          "io.unum.orchestrator.boot..", "io.unum.orchestrator.events..", "io.unum.orchestrator.fencing..",
          "io.unum.orchestrator.jobs..",
          "io.unum.orchestrator.loadlevel..", "io.unum.orchestrator.metrics..", "io.unum.orchestrator.migration..",
          "io.unum.orchestrator.placement..",
          "io.unum.orchestrator.processes..", "io.unum.orchestrator.services..")
      .layer("adapters").definedBy("io.unum.orchestrator.agentlink..", "io.unum.orchestrator.hostmesh..",
          "io.unum.orchestrator.hypervisor..", "io.unum.orchestrator.interconnect..")
      .layer("cluster").definedBy("io.unum.orchestrator.cluster..")
      .layer("runlevel").definedBy("io.unum.orchestrator.runlevel..")
      .whereLayer("cli").mayNotBeAccessedByAnyLayer()
      .whereLayer("daemon").mayOnlyBeAccessedByLayers("cli")
      .whereLayer("api").mayOnlyBeAccessedByLayers("daemon")
      .whereLayer("innode").mayOnlyBeAccessedByLayers("cli", "daemon")
      .whereLayer("benchmarks").mayOnlyBeAccessedByLayers("cli")
      .whereLayer("benchmarks").mayOnlyAccessLayers("bench", "client", "lab", "core", "adapters", "cluster")
      .whereLayer("lab").mayOnlyBeAccessedByLayers("cli", "benchmarks")
      .whereLayer("client").mayOnlyBeAccessedByLayers("cli", "benchmarks", "innode", "api")
      .whereLayer("bench").mayOnlyBeAccessedByLayers("cli", "benchmarks", "daemon", "api")
      .whereLayer("bench").mayNotAccessAnyLayer()
      .whereLayer("core").mayOnlyAccessLayers("adapters", "cluster", "runlevel")
      .whereLayer("adapters").mayNotAccessAnyLayer()
      .whereLayer("cluster").mayOnlyAccessLayers("runlevel")
      .whereLayer("runlevel").mayNotAccessAnyLayer()
      .because("dependencies point one way (ARCHITECTURE.md): the cli starts the daemon, which wires the api and"
          + " the core services; these build on the adapters (hypervisor, interconnect, agent link, host mesh),"
          + " which know nothing of the orchestrator, and on the cluster's state, which builds on the pure run"
          + " levels alone; only the cli, its benchmarks and innode speak to the API through the client (the api's"
          + " relay between hosts forms its credential header there too), and only the cli and the benchmarks drive"
          + " the lab; the benchmarks are run by the cli alone and never reach back into it (what they need of it"
          + " comes through BenchSetup), and reach the core only to boot a plain domain beside Unum's; benchmark"
          + " reports (bench) are made by the benchmarks, written by the cli and served by the api, and know nothing"
          + " else");

  @ArchTest
  static final ArchRule loadlevelNeverImportsJobs = noClasses()
      .that().resideInAPackage("io.unum.orchestrator.loadlevel..")
      .should().dependOnClassesThat().resideInAPackage("io.unum.orchestrator.jobs..")
      .because("the balancer starts its moves through a MoveSubmitter that daemon wires to JobService"
          + " (ARCHITECTURE.md)");

  @ArchTest
  static final ArchRule migrationNeverImportsWhoAsksForMoves = noClasses()
      .that().resideInAPackage("io.unum.orchestrator.migration..")
      .should().dependOnClassesThat().resideInAnyPackage("io.unum.orchestrator.loadlevel..",
          "io.unum.orchestrator.jobs..")
      .because("migration carries a move out end to end (store, runner, progress); the balancer (loadlevel) and"
          + " the migrate job (jobs) only ask for moves and read their progress (ARCHITECTURE.md)");

  @ArchTest
  static final ArchRule bootNeverImportsJobs = noClasses()
      .that().resideInAPackage("io.unum.orchestrator.boot..")
      .should().dependOnClassesThat().resideInAPackage("io.unum.orchestrator.jobs..")
      .because("jobs drive nodes through boot.NodePower, which NodeService implements; boot sits below jobs"
          + " (ARCHITECTURE.md)");

  @ArchTest
  static final ArchRule onlyApiUsesVertx = noClasses().that().resideInAPackage(ORCHESTRATOR)
      .and().resideOutsideOfPackage("io.unum.orchestrator.api..")
      .should().dependOnClassesThat().resideInAPackage("io.vertx..")
      .because("only api imports Vert.x (ARCHITECTURE.md): the HTTP edge stays in one package, and the rest of"
          + " the orchestrator runs and is tested without an event loop");

  @ArchTest
  static final ArchRule hazelcastStaysInItsStores = noClasses().that().resideInAPackage(ORCHESTRATOR)
      .and().resideOutsideOfPackage("io.unum.orchestrator.cluster..")
      .and().haveSimpleNameNotStartingWith("Hazelcast")
      .should().dependOnClassesThat().resideInAPackage("com.hazelcast..")
      .because("only cluster and the Hazelcast* stores import Hazelcast (ARCHITECTURE.md): the rest of the"
          + " orchestrator sees store interfaces it can test in memory");

  @ArchTest
  static final ArchRule onlyHypervisorUsesLibvirt = noClasses().that().resideInAPackage(ORCHESTRATOR)
      .and().resideOutsideOfPackage("io.unum.orchestrator.hypervisor..")
      .should().dependOnClassesThat().resideInAnyPackage("org.libvirt..", "com.sun.jna..")
      .because("only hypervisor imports libvirt (ARCHITECTURE.md): every other package sees the Hypervisor"
          + " interface");
}
