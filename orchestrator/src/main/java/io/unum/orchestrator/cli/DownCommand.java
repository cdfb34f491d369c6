package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.hostmesh.HostMesh;
import io.unum.orchestrator.hostmesh.WgToolsDevice;
import io.unum.orchestrator.interconnect.IpRouteHostNetwork;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code unum down}: removes every node (domain, disk, files), stops the daemon and the libvirt
 * daemons that 'up' started. Cached kernel and images stay, so the next 'up' is fast.
 */
@Command(name = "down", description = {"Remove every node and stop the daemons 'unum up' started.",
    "Cached kernels and images are kept."})
final class DownCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Override
  public Integer call() {
    Installation installation = Installation.locate();
    UnumClient client = cli.client();
    Phases phases = new Phases("unum down", 3, System.out);
    phases.begin("nodes");
    if (client.reachable()) {
      JsonNode removed = client.down();
      phases.done(removed.path("removed").isEmpty() ? "none to remove" : "removed " + removed.path("removed"));
    } else {
      phases.done(installation.runScript(Installation.HOST_SCRIPT, "orchestrator/host/remove-nodes"));
    }
    phases.begin("daemon");
    phases.done(new DaemonProcess(installation, client).stop() ? "stopped" : "was not running");
    phases.begin("host");
    new IpRouteHostNetwork().removeBridge("unum0");
    new WgToolsDevice(HostMesh.DEVICE).remove();
    phases.done(installation.runScript(Installation.HOST_SCRIPT, "orchestrator/host/stop-libvirt"));
    return 0;
  }
}
