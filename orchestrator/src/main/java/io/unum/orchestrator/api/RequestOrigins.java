package io.unum.orchestrator.api;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Host and Origin a request may carry: an address literal, localhost or one of the cluster's
 * host names (so a DNS name an attacker points at a host, DNS rebinding, is refused), and a page
 * of the same origin or of another host's API (the console's fail-over). Refreshed off the event
 * loop, as hosts come and go.
 */
final class RequestOrigins {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final Supplier<Collection<String>> hostNames;
  private final Supplier<Collection<String>> apiAddresses;
  private volatile Set<String> names = Set.of();
  private volatile Set<String> origins = Set.of();

  /**
   * @param hostNames    the cluster's host names
   * @param apiAddresses every host's API address, HOST:PORT
   */
  RequestOrigins(Supplier<Collection<String>> hostNames, Supplier<Collection<String>> apiAddresses) {
    this.hostNames = hostNames;
    this.apiAddresses = apiAddresses;
  }

  /** Reads the hosts again. Blocking; not on the event loop. */
  void refresh() {
    names = hostNames.get().stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    origins = apiAddresses.get().stream().map(a -> "http://" + a).collect(Collectors.toUnmodifiableSet());
  }

  /** The API addresses of the cluster as browser origins (http://HOST:PORT). */
  Set<String> apiOrigins() {
    return origins;
  }

  /** Why a request with these headers is refused; empty when it may go on. */
  Optional<String> refusal(String host, String origin) {
    if (host != null && !knownHost(stripPort(host))) {
      return Optional.of("Host '" + host + "' is not an address or host name of this cluster; call the API by a"
          + " host's address or name");
    }
    if (origin != null && !origin.equals("http://" + host) && !origin.equals("https://" + host)
        && !origins.contains(origin)) {
      return Optional.of("requests from pages of " + origin + " are not accepted: only the cluster's own console"
          + " calls this API from a browser");
    }
    return Optional.empty();
  }

  private boolean knownHost(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return IPV4.matcher(lower).matches() || lower.startsWith("[") || lower.equals("localhost")
        || names.contains(lower);
  }

  private static String stripPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }
}
