package io.unum.orchestrator.hypervisor;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.libvirt.Domain;

/** A domain job's statistics through libvirt's virDomainGetJobStats, which libvirt-java does not bind. */
final class LibvirtJobStats {
  /** VIR_DOMAIN_JOB_STATS_COMPLETED: the statistics of the job that last completed. */
  static final int COMPLETED = 1;

  // struct _virTypedParameter: char field[80]; int type; an 8-byte union aligned to 8.
  private static final int TYPE_OFFSET = 80;
  private static final int VALUE_OFFSET = 88;
  private static final int SIZE = 96;

  private LibvirtJobStats() {
  }

  /** A job: its virDomainJobType (0: none) and its typed parameters by key. */
  record Job(int type, Map<String, Object> params) {

    /** The parameter {@code key} as a whole number, 0 where libvirt did not report it. */
    long number(String key) {
      return params.get(key) instanceof Number n ? n.longValue() : 0;
    }

    /** The migration figures of this job. */
    MigrationStats migrationStats() {
      return new MigrationStats(number("time_elapsed"), number("data_total"), number("data_processed"),
          number("data_remaining"), number("memory_dirty_rate") * number("memory_page_size"),
          number("downtime"), number("memory_bps"), number("memory_iteration"));
    }
  }

  /** Why the statistics could not be read: the binding is not to be had, or libvirt refused the call. */
  static final class Unavailable extends Exception {
    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Reads the job of {@code domain}; {@code flags} as virDomainGetJobStats takes them. */
  static Job read(Domain domain, int flags) throws Unavailable {
    try {
      IntByReference type = new IntByReference();
      PointerByReference params = new PointerByReference();
      IntByReference count = new IntByReference();
      if (Virt.INSTANCE.virDomainGetJobStats(pointer(domain), type, params, count, flags) < 0) {
        throw new Unavailable("virDomainGetJobStats failed: " + Virt.INSTANCE.virGetLastErrorMessage(), null);
      }
      try {
        return new Job(type.getValue(), parse(params.getValue(), count.getValue()));
      } finally {
        Virt.INSTANCE.virTypedParamsFree(params.getValue(), count.getValue());
      }
    } catch (LinkageError | ReflectiveOperationException | RuntimeException e) {
      throw new Unavailable("virDomainGetJobStats cannot be called: " + e, e);
    } finally {
      Reference.reachabilityFence(domain); // a collected Domain frees the virDomainPtr the call still uses
    }
  }

  /** The {@code count} virTypedParameters at {@code params}, by key; a value of an unknown type is left out. */
  static Map<String, Object> parse(Pointer params, int count) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      Pointer param = params.share((long) i * SIZE, SIZE);
      Object value = switch (param.getInt(TYPE_OFFSET)) {
        case 1 -> (long) param.getInt(VALUE_OFFSET);
        case 2 -> Integer.toUnsignedLong(param.getInt(VALUE_OFFSET));
        case 3, 4 -> param.getLong(VALUE_OFFSET);
        case 5 -> param.getDouble(VALUE_OFFSET);
        case 6 -> param.getByte(VALUE_OFFSET) != 0;
        case 7 -> param.getPointer(VALUE_OFFSET).getString(0);
        default -> null;
      };
      if (value != null) {
        result.put(param.getString(0), value); // libvirt ends the key with a NUL within its 80 bytes
      }
    }
    return result;
  }

  /**
   * The virDomainPtr inside libvirt-java's Domain. Reflection, because libvirt-java keeps it in a
   * package-private field ({@code vdp}) and gives no other way to call a function it does not bind.
   */
  private static Pointer pointer(Domain domain) throws ReflectiveOperationException {
    Field vdp = Domain.class.getDeclaredField("vdp");
    vdp.setAccessible(true);
    return ((PointerType) vdp.get(domain)).getPointer();
  }

  /** The functions of libvirt that this class calls. */
  private interface Virt extends Library {
    Virt INSTANCE = Native.load("virt", Virt.class);

    int virDomainGetJobStats(Pointer domain, IntByReference type, PointerByReference params,
        IntByReference nparams, int flags);

    void virTypedParamsFree(Pointer params, int nparams);

    String virGetLastErrorMessage();
  }
}
