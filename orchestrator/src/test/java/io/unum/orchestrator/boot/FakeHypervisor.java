package io.unum.orchestrator.boot;

import io.unum.orchestrator.hypervisor.DomainStatus;
import io.unum.orchestrator.hypervisor.Hypervisor;
import io.unum.orchestrator.hypervisor.PowerState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A hypervisor that only remembers domains and counts starts, for controller unit tests. */
final class FakeHypervisor implements Hypervisor {
  private static final Pattern NAME = Pattern.compile("<name>([^<]+)</name>");

  final Map<String, PowerState> domains = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();

  @Override
  public String uri() {
    return "fake:///";
  }

  @Override
  public List<DomainStatus> list(String prefix) {
    return domains.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .map(e -> new DomainStatus(e.getKey(), e.getValue())).toList();
  }

  @Override
  public Optional<DomainStatus> find(String name) {
    return Optional.ofNullable(domains.get(name)).map(state -> new DomainStatus(name, state));
  }

  @Override
  public void define(String xml) {
    Matcher name = NAME.matcher(xml);
    if (!name.find()) {
      throw new IllegalArgumentException("domain XML without a name");
    }
    domains.putIfAbsent(name.group(1), PowerState.SHUTOFF);
  }

  @Override
  public void start(String name) {
    domains.put(name, PowerState.RUNNING);
    starts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
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
  public void close() {
  }
}
