package io.unum.orchestrator.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.lab.Lab;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the benchmarks take from {@code unum bench}, which runs them: this checkout's launcher and
 * builds, and the lab as {@code unum lab} makes and reaches it. The verb implements it with the
 * classes the other verbs use (their failures reach it as they are), so this package never imports
 * {@code cli}.
 */
public interface BenchSetup {
  /** This checkout's launcher ({@code ./unum}), which the benchmarks run as a user would. */
  Path launcher();

  /** The lab on this machine, as {@code unum lab} makes it (with its certificate issuer). */
  Lab lab();

  /** A client of lab host {@code host}'s API, with that host's own admin credential. */
  UnumClient labClient(int host);

  /** Waits until nodes 1..{@code nodes} are running or failed, printing the tally as {@code unum up} does. */
  JsonNode awaitNodes(UnumClient api, int nodes, String command) throws InterruptedException;

  /**
   * Builds the node kernel as {@code unum up} does, or takes it from the cache; returns its path.
   *
   * @param env extra environment of the build script (UNUM_CACHE: a cache of its own)
   */
  String buildKernel(Map<String, String> env);

  /** Builds the node image as {@code unum up} does, or takes it from the cache; returns its path. */
  String buildImage(Map<String, String> env);
}
