package io.unum.orchestrator.cluster;

import java.util.Collection;

/** A request named a host the control plane does not know; the message lists the ones it does. */
public final class NoSuchHostException extends RuntimeException {
  public NoSuchHostException(String host, Collection<String> known) {
    super("host '" + host + "' is not in the cluster; known hosts: "
        + (known.isEmpty() ? "none" : String.join(", ", known)));
  }
}
