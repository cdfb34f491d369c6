package io.unum.orchestrator.innode;

import io.unum.orchestrator.access.HostCredential;
import io.unum.orchestrator.client.ApiTransport;
import io.unum.orchestrator.client.UnumClient;
import java.time.Duration;
import java.util.Optional;

/** Clients of other hosts' APIs (at their mesh addresses), showing this host's own credential. */
public final class PeerHosts {
  private final HostCredential credential;

  public PeerHosts(HostCredential credential) {
    this.credential = credential;
  }

  /** A client of the API at {@code address} (host:port), with the usual deadlines. */
  UnumClient at(String address) {
    return new UnumClient(transport(address));
  }

  /** A client of the API at {@code address} with these deadlines (a kill someone waits on). */
  UnumClient at(String address, Duration connect, Duration read) {
    return new UnumClient(transport(address).withDeadlines(connect, read));
  }

  private ApiTransport transport(String address) {
    return new ApiTransport("http://" + address, () -> Optional.of(credential.token()));
  }
}
