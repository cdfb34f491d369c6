package io.unum.orchestrator.daemon;

import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.interconnect.InterconnectMesh;
import io.unum.orchestrator.interconnect.MeshHost;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this host's interconnect tunnels in step with the control plane's host list: a tunnel
 * to every host that is up or only suspect (its nodes may well run on), none to those gone.
 * Closing it takes this host out of the mesh.
 */
final class MeshFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MeshFollower.class);
  private static final long PERIOD_MILLIS = 1000;

  private final ClusterView view;
  private final InterconnectMesh mesh;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "mesh-follower");
    thread.setDaemon(true);
    return thread;
  });

  /** @param view where the host list is read each second: a local replica, as a tunnel may well follow a few ms late */
  MeshFollower(ClusterView view, InterconnectMesh mesh) {
    this.view = view;
    this.mesh = mesh;
  }

  void start() {
    timer.scheduleWithFixedDelay(this::follow, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void follow() {
    try {
      mesh.update(view.hosts().stream()
          .map(h -> new MeshHost(h.name(), h.info().address(), !h.state().gone()))
          .toList());
    } catch (RuntimeException e) {
      LOG.error("interconnect update failed; retrying: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    mesh.close();
  }
}
