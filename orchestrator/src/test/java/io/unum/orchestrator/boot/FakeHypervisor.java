package io.unum.orchestrator.boot;

import io.unum.orchestrator.hypervisor.DomainStatus;
import io.unum.orchestrator.hypervisor.Hypervisor;
import io.unum.orchestrator.hypervisor.PowerState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A hypervisor that only remembers domains, their memory, and counts starts, for controller unit tests. */
public final class FakeHypervisor implements Hypervisor {
  private static final Pattern NAME = Pattern.compile("<name>([^<]+)</name>");
  private static final Pattern MEMORY = Pattern.compile("<memory unit='MiB'>(\\d+)</memory>");

  final Map<String, PowerState> domains = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();
  /** Memory each domain was defined with, and what its balloon was last set to. */
  final Map<String, Long> maxMemory = new ConcurrentHashMap<>();
  final Map<String, Long> memory = new ConcurrentHashMap<>();
  final List<String> memoryCalls = new CopyOnWriteArrayList<>();
  /** While set, listing fails with this message, as a libvirtd that does not answer makes it. */
  public volatile String failing;
  /** Starts refused as if another process still held the disk, before one succeeds. */
  final AtomicInteger busyStarts = new AtomicInteger();
  /** Runs on the starting thread once a start has counted, before it returns: a start slow to finish. */
  volatile Runnable afterStart = () -> { };

  /** A domain that appeared here (started, or arriving by migration) in {@code state}. */
  public void add(String name, PowerState state) {
    domains.put(name, state);
  }

  @Override
  public String uri() {
    return "fake:///";
  }

  @Override
  public List<DomainStatus> list(String prefix) {
    if (failing != null) {
      throw new io.unum.orchestrator.hypervisor.HypervisorException(failing, null);
    }
    return domains.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .map(e -> status(e.getKey(), e.getValue())).toList();
  }

  @Override
  public Optional<DomainStatus> find(String name) {
    return Optional.ofNullable(domains.get(name)).map(state -> status(name, state));
  }

  private DomainStatus status(String name, PowerState state) {
    long max = maxMemory.getOrDefault(name, 0L);
    return new DomainStatus(name, state, max, memory.getOrDefault(name, max));
  }

  @Override
  public void setMemory(String name, long mib) {
    memoryCalls.add(name + " " + mib);
    memory.put(name, mib);
  }

  @Override
  public void define(String xml) {
    Matcher name = NAME.matcher(xml);
    if (!name.find()) {
      throw new IllegalArgumentException("domain XML without a name");
    }
    domains.putIfAbsent(name.group(1), PowerState.SHUTOFF);
    Matcher size = MEMORY.matcher(xml);
    if (size.find()) {
      maxMemory.put(name.group(1), Long.parseLong(size.group(1)));
    }
  }

  @Override
  public void start(String name) {
    if (busyStarts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new io.unum.orchestrator.hypervisor.DiskBusyException("cannot start " + name
          + ": Failed to get \"write\" lock", null);
    }
    domains.put(name, PowerState.RUNNING);
    starts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
    afterStart.run();
  }

  @Override
  public void destroy(String name) {
    domains.computeIfPresent(name, (n, state) -> PowerState.SHUTOFF);
  }

  @Override
  public void undefine(String name) {
    domains.remove(name);
  }

  int startsOf(String name) {
    AtomicInteger count = starts.get(name);
    return count == null ? 0 : count.get();
  }

  @Override
  public void migrate(String name, io.unum.orchestrator.hypervisor.MigrationTarget target,
      io.unum.orchestrator.hypervisor.MigrationTuning tuning) {
    throw new io.unum.orchestrator.hypervisor.HypervisorException("the fake cannot migrate", null);
  }

  @Override
  public Optional<io.unum.orchestrator.hypervisor.MigrationStats> migrationStats(String name) {
    return Optional.empty();
  }

  @Override
  public void abortMigration(String name) {
  }

  @Override
  public java.util.OptionalLong arrivalDowntimeMillis(String name) {
    return java.util.OptionalLong.empty();
  }

  @Override
  public void close() {
  }
}
