package io.unum.orchestrator.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class the run's shared host lab (a {@link HostLab} parameter), started on first
 * use with at least {@link #hosts} hosts and nodes 1..{@link #nodes} running, and fails any of its
 * tests during which a guest kernel oopsed ({@link GuestHealth}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith({HostLab.Extension.class, GuestHealth.class})
public @interface UnumLab {
  int hosts() default 3;

  int nodes() default 3;
}
