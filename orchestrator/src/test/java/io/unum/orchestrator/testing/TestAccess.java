package io.unum.orchestrator.testing;

import io.unum.orchestrator.access.AccessService;
import io.unum.orchestrator.access.HostCredential;

/** Access control over in-memory stores, with a host credential (an admin token) made, for unit tests. */
public record TestAccess(AccessService service, HostCredential credential) {
  public static TestAccess create() {
    AccessService service = new AccessService(new InMemoryValue<>(), new InMemorySessionStore(),
        System::currentTimeMillis).start();
    return new TestAccess(service, HostCredential.of(service.hostCredential("test-host", java.util.Optional.empty())
        .orElseThrow()));
  }

  /** The header value that proves the admin. */
  public String bearer() {
    return "Bearer " + credential.token();
  }
}
