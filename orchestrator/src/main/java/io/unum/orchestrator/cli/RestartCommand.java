package io.unum.orchestrator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code unum restart}: this host's orchestrator stopped and started again; its nodes run on. */
@Command(name = "restart", description = {"Restart this host's orchestrator (as after an upgrade) with the arguments",
    "it runs with. Its nodes keep running: with fencing, its lease holds 60 s for",
    "the restart instead of the usual 18 s."})
final class RestartCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Override
  public Integer call() {
    Phases phases = new Phases("unum restart", 1, System.out);
    phases.begin("daemon");
    phases.done(new DaemonProcess(Installation.locate(), cli.client()).restart());
    return 0;
  }
}
