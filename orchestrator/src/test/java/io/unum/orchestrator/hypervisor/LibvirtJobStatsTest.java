package io.unum.orchestrator.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LibvirtJobStatsTest {

  /** Lays out virTypedParameters as libvirt does (96 bytes each), to pin the offsets the parser reads. */
  private static Memory params(Object[]... entries) {
    Memory memory = new Memory(96L * entries.length);
    memory.clear();
    for (int i = 0; i < entries.length; i++) {
      long at = 96L * i;
      memory.setString(at, (String) entries[i][0]);
      int type = (int) entries[i][1];
      memory.setInt(at + 80, type);
      Object value = entries[i][2];
      switch (type) {
        case 1, 2, 9 -> memory.setInt(at + 88, (int) value);
        case 3, 4 -> memory.setLong(at + 88, (long) value);
        case 5 -> memory.setDouble(at + 88, (double) value);
        case 6 -> memory.setByte(at + 88, (byte) ((boolean) value ? 1 : 0));
        case 7 -> memory.setPointer(at + 88, (Memory) value);
        default -> throw new IllegalArgumentException("type " + type);
      }
    }
    return memory;
  }

  @Test
  void readsEachTypeAtLibvirtsOffsets() {
    Memory text = new Memory(8);
    text.setString(0, "qemu");
    Memory memory = params(new Object[] {"int", 1, -3}, new Object[] {"uint", 2, -1},
        new Object[] {"llong", 3, -5L}, new Object[] {"ullong", 4, 1L << 40}, new Object[] {"double", 5, 0.5},
        new Object[] {"boolean", 6, true}, new Object[] {"string", 7, text}, new Object[] {"unknown", 9, 1});

    assertThat(LibvirtJobStats.parse(memory, 8)).containsExactly(Map.entry("int", -3L),
        Map.entry("uint", 4294967295L), Map.entry("llong", -5L), Map.entry("ullong", 1L << 40),
        Map.entry("double", 0.5), Map.entry("boolean", true), Map.entry("string", "qemu"));
  }

  @Test
  void migrationFiguresComeFromLibvirtsKeys() {
    Memory memory = params(new Object[] {"time_elapsed", 4, 1500L}, new Object[] {"data_total", 4, 1000L},
        new Object[] {"data_processed", 4, 600L}, new Object[] {"data_remaining", 4, 400L},
        new Object[] {"memory_dirty_rate", 4, 250L}, new Object[] {"memory_page_size", 4, 4096L},
        new Object[] {"downtime", 4, 30L}, new Object[] {"memory_bps", 4, 123456L},
        new Object[] {"memory_iteration", 4, 3L});

    MigrationStats stats = new LibvirtJobStats.Job(2, LibvirtJobStats.parse(memory, 9)).migrationStats();

    assertThat(stats).isEqualTo(new MigrationStats(1500, 1000, 600, 400, 250 * 4096, 30, 123456, 3));
  }

  @Test
  void aFigureLibvirtLeavesOutIsZero() {
    MigrationStats stats = new LibvirtJobStats.Job(2, Map.of("data_total", 10L)).migrationStats();

    assertThat(stats).isEqualTo(new MigrationStats(0, 10, 0, 0, 0, 0, 0, 0));
  }
}
