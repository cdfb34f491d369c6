package io.unum.orchestrator.jobs;

/** A request named a job that does not exist (or finished more than a day ago). */
public final class NoSuchJobException extends RuntimeException {
  public NoSuchJobException(String id) {
    super("job " + id + " does not exist (finished jobs are kept " + JobRunner.RETENTION.toHours()
        + " h; list them with 'unum jobs')");
  }
}
