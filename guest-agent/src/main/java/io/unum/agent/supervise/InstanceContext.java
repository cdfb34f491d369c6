package io.unum.agent.supervise;

import io.unum.agent.services.SignalSender;
import java.util.function.Consumer;

/**
 * What every service instance of the node shares: the node's number, where programs, users and
 * pid files are, how to see and signal process groups, the log shipper, and whom to tell.
 *
 * @param changed runs after each change of an instance's state (a report is due)
 * @param left    runs once an instance has stopped for good and leaves the list
 */
record InstanceContext(int node, ProgramPath programs, Accounts accounts, PidFiles pidFiles,
    ProcessGroups groups, SignalSender kill, LogShipper shipper, Runnable changed,
    Consumer<SupervisedService> left) {}
